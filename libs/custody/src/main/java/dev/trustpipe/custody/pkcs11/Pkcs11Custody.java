package dev.trustpipe.custody.pkcs11;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyAlreadyExistsException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.custody.KeyNotFoundException;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys in a PKCS#11 token (an HSM; SoftHSM2 in tests) through the JDK's SunPKCS11 provider. Key
 * pairs are generated inside the token as non-extractable, sensitive token objects; Java only ever
 * holds handles. Supports ECDSA P-256 and RSA 2048/3072/4096 (SunPKCS11 cannot use Ed25519 keys on
 * JDK 17, PKCS11.md).
 *
 * <p>Each key version is one token key pair under the alias {@code <keyName>.v<version>}.
 * SunPKCS11's {@code KeyStore} only lists a private key that has a certificate with the same {@code
 * CKA_ID}, so every key gets a self-signed placeholder certificate, signed in the token. It is
 * never used for trust: TUF publishes the public key.
 */
public final class Pkcs11Custody implements KeyCustody {

  public static final String BACKEND_NAME = "pkcs11";

  /**
   * Appended to every configuration: generated private keys are token objects (they survive the
   * session), sensitive and never extractable.
   */
  static final String KEY_ATTRIBUTES =
      """

      attributes(generate, CKO_PRIVATE_KEY, *) = {
        CKA_TOKEN = true
        CKA_PRIVATE = true
        CKA_SENSITIVE = true
        CKA_EXTRACTABLE = false
        CKA_SIGN = true
      }
      """;

  private static final Pattern VERSION_SUFFIX = Pattern.compile("\\.v([1-9][0-9]{0,8})");
  private static final int MAX_COMMON_NAME = 64;
  private static final Date NOT_AFTER = Date.from(Instant.parse("9999-12-31T23:59:59Z"));

  private final Provider provider;
  private final KeyStore keyStore;
  private final Clock clock;
  private final Map<KeyReference, SigningKey> cache = new ConcurrentHashMap<>();

  private Pkcs11Custody(Provider provider, KeyStore keyStore, Clock clock) {
    this.provider = provider;
    this.keyStore = keyStore;
    this.clock = clock;
  }

  /**
   * Opens the token a SunPKCS11 configuration file names ({@code TRUSTPIPE_PKCS11_CONFIG}) and logs
   * in with {@code pin} ({@code TRUSTPIPE_PKCS11_PIN}). The caller may wipe {@code pin} afterwards.
   */
  public static Pkcs11Custody open(Path configFile, char[] pin, Clock clock)
      throws CustodyException {
    String config;
    try {
      config = Files.readString(configFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CustodyException("cannot read the PKCS#11 configuration " + configFile);
    }
    return openConfig(config, pin, clock);
  }

  /** As {@link #open}, with the SunPKCS11 configuration given as text. */
  public static Pkcs11Custody openConfig(String config, char[] pin, Clock clock)
      throws CustodyException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(pin, "pin");
    Objects.requireNonNull(clock, "clock");
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new CustodyException("this JDK has no SunPKCS11 provider");
    }
    Provider provider;
    try {
      // "--" marks inline configuration text (JDK 9+ Provider.configure).
      provider = base.configure("--" + config + KEY_ATTRIBUTES);
    } catch (RuntimeException e) {
      // The message names the library or slot that failed, never the PIN (not passed yet).
      throw new CustodyException("cannot load the PKCS#11 module: " + e.getMessage());
    }
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
      keyStore.load(null, pin);
      return new Pkcs11Custody(provider, keyStore, clock);
    } catch (GeneralSecurityException | IOException e) {
      // No cause: a failed C_Login should not tell wrong PIN from locked token to a log reader.
      throw new CustodyException(
          "cannot log in to the PKCS#11 token of " + provider.getName() + " (wrong PIN?)");
    }
  }

  @Override
  public String backendName() {
    return BACKEND_NAME;
  }

  /** The configured SunPKCS11 provider instance (for the token's own algorithms). */
  public Provider provider() {
    return provider;
  }

  @Override
  public SigningKey create(String keyName, KeyAlgorithm algorithm) throws CustodyException {
    KeyNames.requireValid(keyName);
    Objects.requireNonNull(algorithm, "algorithm");
    synchronized (keyStore) {
      if (latestVersionOrZero(keyName) > 0) {
        throw new KeyAlreadyExistsException("key " + keyName + " already exists in the token");
      }
      return createVersion(new KeyReference(BACKEND_NAME, keyName, 1), algorithm);
    }
  }

  /** Adds the next version of a key (a new key pair in the token) and returns it. */
  @Override
  public SigningKey rotate(String keyName) throws CustodyException {
    KeyNames.requireValid(keyName);
    synchronized (keyStore) {
      int latest = latestVersion(keyName);
      SigningKey current = get(new KeyReference(BACKEND_NAME, keyName, latest));
      return createVersion(
          new KeyReference(BACKEND_NAME, keyName, latest + 1), current.algorithm());
    }
  }

  /**
   * The highest version of a key in the token.
   *
   * @throws KeyNotFoundException when the token holds no version of it
   */
  public int latestVersion(String keyName) throws CustodyException {
    KeyNames.requireValid(keyName);
    int latest = latestVersionOrZero(keyName);
    if (latest == 0) {
      throw new KeyNotFoundException("key " + keyName + " not found in the token");
    }
    return latest;
  }

  @Override
  public SigningKey get(KeyReference reference) throws CustodyException {
    Objects.requireNonNull(reference, "reference");
    if (!BACKEND_NAME.equals(reference.backend())) {
      throw new IllegalArgumentException(
          "key " + reference + " belongs to backend " + reference.backend() + ", not pkcs11");
    }
    KeyNames.requireValid(reference.keyName());
    SigningKey cached = cache.get(reference);
    if (cached != null) {
      return cached;
    }
    String alias = alias(reference);
    try {
      PrivateKey privateKey;
      Certificate certificate;
      synchronized (keyStore) {
        privateKey = (PrivateKey) keyStore.getKey(alias, null);
        certificate = keyStore.getCertificate(alias);
      }
      if (privateKey == null || certificate == null) {
        throw new KeyNotFoundException(
            "key " + reference.keyName() + " v" + reference.version() + " not found in the token");
      }
      SigningKey key =
          Pkcs11SigningKey.of(reference, provider, privateKey, certificate.getPublicKey());
      SigningKey raced = cache.putIfAbsent(reference, key);
      return raced == null ? key : raced;
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new CustodyException(
          "cannot read key "
              + reference.keyName()
              + " v"
              + reference.version()
              + " from the token");
    }
  }

  private SigningKey createVersion(KeyReference reference, KeyAlgorithm algorithm)
      throws CustodyException {
    String alias = alias(reference);
    try {
      KeyPairGenerator generator;
      String certificateSignature;
      if (algorithm == KeyAlgorithm.ECDSA_P256) {
        generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        certificateSignature = "SHA256withECDSA";
      } else if (algorithm.isRsa()) {
        generator = KeyPairGenerator.getInstance("RSA", provider);
        generator.initialize(
            new RSAKeyGenParameterSpec(algorithm.rsaModulusBits(), RSAKeyGenParameterSpec.F4));
        certificateSignature = "SHA256withRSA";
      } else {
        throw new IllegalArgumentException(
            algorithm.id() + " keys cannot be used through SunPKCS11 (ECDSA P-256 and RSA only)");
      }
      KeyPair pair = generator.generateKeyPair();
      X509Certificate certificate = placeholderCertificate(alias, pair, certificateSignature);
      keyStore.setKeyEntry(alias, pair.getPrivate(), null, new Certificate[] {certificate});
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new CustodyException(
          "cannot create key "
              + reference.keyName()
              + " v"
              + reference.version()
              + " in the token: "
              + e.getClass().getSimpleName());
    }
    return get(reference);
  }

  private X509Certificate placeholderCertificate(String alias, KeyPair pair, String signature)
      throws OperatorCreationException, GeneralSecurityException {
    // RFC 5280 caps a common name at 64 characters (Bouncy Castle enforces it) and key names run
    // to 128 (a long GUN): the subject only labels the placeholder (the token finds the key by its
    // alias), so it keeps the end of the alias, which is unique (KeyNames' hash and the version)
    String commonName =
        alias.length() <= MAX_COMMON_NAME
            ? alias
            : alias.substring(alias.length() - MAX_COMMON_NAME);
    X500Name name = new X500Name("CN=" + commonName + ",O=TrustPipe custody placeholder");
    Instant now = clock.instant();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now),
            NOT_AFTER,
            name,
            pair.getPublic());
    ContentSigner signer =
        new JcaContentSignerBuilder(signature).setProvider(provider).build(pair.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private int latestVersionOrZero(String keyName) throws CustodyException {
    int latest = 0;
    try {
      synchronized (keyStore) {
        for (String alias : Collections.list(keyStore.aliases())) {
          if (!alias.startsWith(keyName)) {
            continue;
          }
          Matcher version = VERSION_SUFFIX.matcher(alias.substring(keyName.length()));
          if (version.matches()) {
            latest = Math.max(latest, Integer.parseInt(version.group(1)));
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw new CustodyException("cannot list the keys of the token");
    }
    return latest;
  }

  private static String alias(KeyReference reference) {
    return reference.keyName() + ".v" + reference.version();
  }

  @Override
  public String toString() {
    return "Pkcs11Custody[" + provider.getName() + "]";
  }
}
