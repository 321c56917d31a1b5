package dev.trustpipe.signing.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local certificate authority under one directory ({@code ${trustpipe.home}/tls}): on first use
 * it creates an ECDSA P-256 CA ({@code ca.crt}, {@code ca.key}) and a server certificate signed by
 * it ({@code server.crt} = server certificate + CA, {@code server.key}); afterwards it reuses them,
 * issuing a new server certificate only when the wanted names changed, it expires within {@link
 * #RENEW_BEFORE}, or it no longer belongs to the CA. Private keys are PKCS#8 PEM files with mode
 * 0600. Certificates are built to pass Go's crypto/x509 verification (the notary CLI).
 */
public final class LocalCertificateAuthority {

  public static final String CA_CERTIFICATE = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final String SERVER_CERTIFICATE = "server.crt";
  public static final String SERVER_KEY = "server.key";

  /** Names every generated server certificate carries. */
  public static final List<String> DEFAULT_SANS = List.of("localhost", "127.0.0.1", "::1");

  /** Below the 398 days CA/Browser-Forum rule that Apple and Go-based tooling apply to leaves. */
  public static final Duration SERVER_LIFETIME = Duration.ofDays(397);

  public static final Duration CA_LIFETIME = Duration.ofDays(3650);
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** Tolerance for clients whose clock is slightly behind. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final Logger log = LoggerFactory.getLogger(LocalCertificateAuthority.class);

  private final Path directory;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public LocalCertificateAuthority(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /**
   * Makes sure a CA and a current server certificate for {@link #DEFAULT_SANS} plus {@code
   * extraSans} exist, creating or renewing what is missing or stale; safe against concurrent starts
   * on the same directory.
   */
  public ServerTlsFiles ensureServerCertificate(Collection<String> extraSans) throws IOException {
    Set<String> sans = new LinkedHashSet<>(DEFAULT_SANS);
    for (String san : extraSans) {
      String trimmed = san.trim();
      if (!trimmed.isEmpty()) {
        sans.add(trimmed);
      }
    }
    Set<String> wanted = canonicalNames(sans);
    Files.createDirectories(directory);
    try (FileChannel lockFile =
            FileChannel.open(
                directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      Issuer ca = loadOrCreateCa();
      if (!serverCertificateUsable(ca, wanted)) {
        issueServerCertificate(ca, new ArrayList<>(sans));
      }
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create TLS material in " + directory, e);
    }
    return new ServerTlsFiles(
        directory.resolve(CA_CERTIFICATE),
        directory.resolve(SERVER_CERTIFICATE),
        directory.resolve(SERVER_KEY));
  }

  /** The CA certificate and its key; the key never leaves this class. */
  private record Issuer(X509Certificate certificate, PrivateKey key) {
    @Override
    public String toString() {
      return "Issuer[" + certificate.getSubjectX500Principal() + "]";
    }
  }

  private Issuer loadOrCreateCa()
      throws IOException, GeneralSecurityException, OperatorCreationException {
    Path certificateFile = directory.resolve(CA_CERTIFICATE);
    Path keyFile = directory.resolve(CA_KEY);
    if (Files.exists(certificateFile)) {
      if (!Files.exists(keyFile)) {
        throw new IllegalStateException(
            certificateFile
                + " exists without "
                + keyFile
                + ": restore the key, or remove the certificate to create a new CA");
      }
      X509Certificate certificate = readCertificates(certificateFile).get(0);
      PrivateKey key = readPrivateKey(keyFile);
      if (!keyMatches(key, certificate.getPublicKey())) {
        throw new IllegalStateException(keyFile + " is not the key of " + certificateFile);
      }
      if (certificate.getNotAfter().toInstant().isAfter(now().plus(RENEW_BEFORE))) {
        return new Issuer(certificate, key);
      }
      log.warn(
          "The local CA {} expires on {}: creating a new one; clients must trust the new file",
          certificateFile,
          certificate.getNotAfter().toInstant());
    }
    return createCa(certificateFile, keyFile);
  }

  private Issuer createCa(Path certificateFile, Path keyFile)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPair keys = newKeyPair();
    Instant notBefore = now().minus(BACKDATE);
    // A random suffix tells apart the CAs of different installations in a client's trust list.
    byte[] suffix = new byte[4];
    random.nextBytes(suffix);
    X500Name name =
        new X500Name("CN=TrustPipe local CA " + HexFormat.of().formatHex(suffix) + ",O=TrustPipe");
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                name,
                serialNumber(),
                Date.from(notBefore),
                Date.from(notBefore.plus(CA_LIFETIME)),
                name,
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
            .addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
    X509Certificate certificate = sign(builder, keys.getPrivate());
    // Key first: a certificate on disk always has its key next to it.
    writeAtomically(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
    writeAtomically(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), false);
    log.info("Created the local TLS CA {}", certificateFile);
    return new Issuer(certificate, keys.getPrivate());
  }

  private boolean serverCertificateUsable(Issuer ca, Set<String> wanted) throws IOException {
    Path certificateFile = directory.resolve(SERVER_CERTIFICATE);
    Path keyFile = directory.resolve(SERVER_KEY);
    if (!Files.exists(certificateFile) || !Files.exists(keyFile)) {
      return false;
    }
    try {
      X509Certificate leaf = readCertificates(certificateFile).get(0);
      leaf.verify(ca.certificate().getPublicKey());
      if (!leaf.getNotAfter().toInstant().isAfter(now().plus(RENEW_BEFORE))) {
        log.info("Renewing the TLS server certificate (expires {})", leaf.getNotAfter());
        return false;
      }
      if (!wanted.equals(canonicalNames(subjectAlternativeNames(leaf)))) {
        log.info("Re-issuing the TLS server certificate for changed names {}", wanted);
        return false;
      }
      return keyMatches(readPrivateKey(keyFile), leaf.getPublicKey());
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      log.info(
          "Re-issuing the TLS server certificate: {} is not usable ({})",
          certificateFile,
          e.toString());
      return false;
    }
  }

  private void issueServerCertificate(Issuer ca, List<String> sans)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPair keys = newKeyPair();
    Instant notBefore = now().minus(BACKDATE);
    Instant notAfter = notBefore.plus(SERVER_LIFETIME);
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    GeneralName[] names = new GeneralName[sans.size()];
    for (int i = 0; i < names.length; i++) {
      String san = sans.get(i);
      names[i] =
          isIpAddress(san)
              ? new GeneralName(GeneralName.iPAddress, san)
              : new GeneralName(GeneralName.dNSName, san);
    }
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                ca.certificate(),
                serialNumber(),
                Date.from(notBefore),
                Date.from(notAfter),
                new X500Name("CN=localhost"),
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()))
            .addExtension(
                Extension.authorityKeyIdentifier,
                false,
                extensions.createAuthorityKeyIdentifier(ca.certificate()));
    X509Certificate leaf = sign(builder, ca.key());
    writeAtomically(
        directory.resolve(SERVER_KEY), pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
    writeAtomically(
        directory.resolve(SERVER_CERTIFICATE),
        pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE", ca.certificate().getEncoded()),
        false);
    log.info("Issued the TLS server certificate for {} (valid until {})", sans, notAfter);
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, CertificateException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key)));
  }

  private KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  private BigInteger serialNumber() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private Instant now() {
    return clock.instant();
  }

  /** Proves possession instead of comparing encodings, so any key format/provider works. */
  private boolean keyMatches(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
    String algorithm =
        switch (publicKey.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> publicKey.getAlgorithm();
        };
    byte[] challenge = new byte[32];
    random.nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(challenge);
    return verifier.verify(signature);
  }

  /** Reads every certificate of a PEM file, first one first. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new IOException("no certificate in " + file);
      }
      return certificates;
    } catch (CertificateException e) {
      throw new IOException("not a PEM certificate file: " + file, e);
    }
  }

  /** Reads a PKCS#8, SEC1 (EC) or PKCS#1 (RSA) PEM private key; errors name the file only. */
  static PrivateKey readPrivateKey(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new IOException("no unencrypted PEM private key in " + file);
    } catch (IOException e) {
      throw new IOException("cannot read the private key " + file, e);
    }
  }

  /** The DNS names and IP addresses of a certificate, as written in it. */
  public static List<String> subjectAlternativeNames(X509Certificate certificate)
      throws CertificateException {
    List<String> names = new ArrayList<>();
    Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
    if (entries != null) {
      for (List<?> entry : entries) {
        int type = (Integer) entry.get(0);
        if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
          names.add((String) entry.get(1));
        }
      }
    }
    return names;
  }

  /** DNS names lower-cased, IP addresses as their bytes: "::1" and "0:0:0:0:0:0:0:1" are equal. */
  private static Set<String> canonicalNames(Collection<String> names) {
    Set<String> canonical = new LinkedHashSet<>();
    for (String name : names) {
      if (isIpAddress(name)) {
        try {
          // A literal address: no DNS lookup happens.
          canonical.add("ip:" + HexFormat.of().formatHex(InetAddress.getByName(name).getAddress()));
        } catch (IOException e) {
          throw new IllegalArgumentException("not an IP address: " + name, e);
        }
      } else {
        canonical.add("dns:" + name.toLowerCase(Locale.ROOT));
      }
    }
    return canonical;
  }

  private static boolean isIpAddress(String name) {
    return IPAddress.isValid(name);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Replaces {@code target} atomically; secrets are created with mode 0600 from the start. */
  private static void writeAtomically(Path target, String content, boolean secret)
      throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path temporary =
        posix
            ? Files.createTempFile(
                directory,
                "." + target.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")))
            : Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(temporary, content, StandardCharsets.US_ASCII);
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
