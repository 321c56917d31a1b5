package dev.trustpipe.signing.support;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Looks for private key material in what a service shows the world (logs, database rows, Kafka
 * records, HTTP responses): PEM private key markers, and every usual encoding of each known private
 * key's secret values (the EC scalar {@code d}, the Ed25519 seed, RSA {@code d}/{@code p}/{@code
 * q}): raw bytes, hex in any case and with or without leading zero digits, decimal, base64 and
 * base64url at any byte alignment (so the value is found inside a longer base64 blob too), the
 * PKCS#8 and SEC1 DER in base64; each in its fixed-width, minimal and two's-complement (leading
 * zero byte) forms. Base64 is also looked for with line breaks and JSON {@code \n} escapes removed
 * (a PEM body inside a log line or a JSON string).
 */
public final class PrivateKeyLeaks {

  /** One thing that was looked at: where it came from, and its bytes. */
  public record Material(String source, byte[] bytes) {
    public static Material text(String source, String text) {
      return new Material(source, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What must never appear: a description (never the value) and the value. */
  public record Needle(String description, String value, Match match) {}

  /** How a needle is compared. */
  public enum Match {
    /** byte for byte (raw values, base64, decimal, PEM markers) */
    EXACT,
    /** ignoring ASCII case (hex) */
    IGNORE_CASE,
    /** base64 with whitespace and JSON line-break escapes removed from the material */
    BASE64_UNWRAPPED
  }

  /** A needle found in a material. */
  public record Finding(String needle, String source) {
    @Override
    public String toString() {
      return needle + " found in " + source;
    }
  }

  /** Markers of PEM private keys: {@code PRIVATE KEY}, {@code EC/RSA/ENCRYPTED PRIVATE KEY}. */
  public static final Needle PEM_MARKER =
      new Needle("a PEM \"PRIVATE KEY\" marker", "PRIVATE KEY", Match.EXACT);

  private final List<Needle> needles = new ArrayList<>(List.of(PEM_MARKER));
  private final Map<String, Integer> keys = new LinkedHashMap<>();

  /** Adds the secret values of a private key (JCA object: EC, Ed25519 or RSA). */
  public PrivateKeyLeaks add(String name, PrivateKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      throw new IllegalArgumentException(name + " gives no encoding: cannot look for it");
    }
    return add(name, PrivateKeyInfo.getInstance(encoded));
  }

  /** Adds the secret values of a PKCS#8 private key. */
  public PrivateKeyLeaks add(String name, PrivateKeyInfo info) {
    try {
      byte[] pkcs8 = info.getEncoded();
      var algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
      List<byte[]> secrets = new ArrayList<>();
      if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
        ECPrivateKey sec1 = ECPrivateKey.getInstance(info.parsePrivateKey());
        secrets.add(fixedWidth(sec1.getKey(), 32));
        addBase64(name + ": SEC1 DER", sec1.getEncoded());
      } else if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
        secrets.add(ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets());
      } else if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
        RSAPrivateKey rsa = RSAPrivateKey.getInstance(info.parsePrivateKey());
        for (BigInteger value :
            List.of(rsa.getPrivateExponent(), rsa.getPrime1(), rsa.getPrime2())) {
          secrets.add(unsigned(value));
        }
      } else {
        throw new IllegalArgumentException(name + ": unknown key algorithm " + algorithm);
      }
      addBase64(name + ": PKCS#8 DER", pkcs8);
      int index = 0;
      for (byte[] secret : secrets) {
        addSecret(name + (secrets.size() > 1 ? " secret " + index++ : " private scalar"), secret);
      }
      keys.put(name, secrets.size());
      return this;
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " is not a readable private key", e);
    }
  }

  /** Adds an unencrypted PEM private key file ({@code PRIVATE KEY}, {@code EC PRIVATE KEY}). */
  public PrivateKeyLeaks addPemFile(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      PrivateKeyInfo info =
          object instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) object;
      return add(file.getFileName().toString(), info);
    }
  }

  /** Decrypts an {@code ENCRYPTED PRIVATE KEY} PEM file (the local keystore's) and adds it. */
  public PrivateKeyLeaks addEncryptedPemFile(Path file, char[] passphrase) throws Exception {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      PKCS8EncryptedPrivateKeyInfo encrypted = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
      PrivateKeyInfo info =
          encrypted.decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder()
                  .setProvider(new BouncyCastleProvider())
                  .build(passphrase));
      return add(file.getFileName().toString(), info);
    }
  }

  /** Adds another secret that must never appear, as text (e.g. a keystore passphrase). */
  public PrivateKeyLeaks addText(String description, String secret) {
    needles.add(new Needle(description, secret, Match.EXACT));
    return this;
  }

  /** Names of the keys added, with how many secret values each has. */
  public Map<String, Integer> keys() {
    return Map.copyOf(keys);
  }

  public List<Needle> needles() {
    return List.copyOf(needles);
  }

  /** Every needle found in any material; empty when nothing leaked. */
  public List<Finding> scan(List<Material> materials) {
    List<Finding> findings = new ArrayList<>();
    for (Material material : materials) {
      String exact = new String(material.bytes(), StandardCharsets.ISO_8859_1);
      String lower = exact.toLowerCase(Locale.ROOT);
      String unwrapped = exact.replace("\\n", "").replace("\\r", "").replaceAll("\\s+", "");
      for (Needle needle : needles) {
        String haystack =
            switch (needle.match()) {
              case EXACT -> exact;
              case IGNORE_CASE -> lower;
              case BASE64_UNWRAPPED -> unwrapped;
            };
        if (haystack.contains(needle.value())) {
          findings.add(new Finding(needle.description(), material.source()));
        }
      }
    }
    return findings;
  }

  private void addSecret(String name, byte[] fixed) {
    byte[] minimal = stripLeadingZeros(fixed);
    byte[] signed = new BigInteger(1, fixed).toByteArray();
    List<byte[]> forms = new ArrayList<>();
    forms.add(fixed);
    if (!Arrays.equals(minimal, fixed)) {
      forms.add(minimal);
    }
    if (!Arrays.equals(signed, fixed) && !Arrays.equals(signed, minimal)) {
      forms.add(signed);
    }
    for (byte[] form : forms) {
      String width = " (" + form.length + " bytes)";
      needles.add(
          new Needle(
              name + " as raw bytes" + width,
              new String(form, StandardCharsets.ISO_8859_1),
              Match.EXACT));
      addBase64(name + width, form);
    }
    // leading zero digits stripped: found in every zero-padded rendering too, and in an odd-length
    // one such as BigInteger.toString(16) of a value below 2^252
    needles.add(
        new Needle(
            name + " in hex",
            HexFormat.of().formatHex(fixed).replaceFirst("^0+", ""),
            Match.IGNORE_CASE));
    needles.add(new Needle(name + " in decimal", new BigInteger(1, fixed).toString(), Match.EXACT));
  }

  /**
   * Base64 and base64url of {@code value} as it appears inside any longer base64 text: for each of
   * the three byte alignments, the characters that depend only on {@code value}'s bytes.
   */
  private void addBase64(String name, byte[] value) {
    for (int shift = 0; shift < 3; shift++) {
      byte[] shifted = new byte[shift + value.length];
      System.arraycopy(value, 0, shifted, shift, value.length);
      int start = shift == 0 ? 0 : 4;
      int end = shifted.length / 3 * 4;
      String standard = Base64.getEncoder().withoutPadding().encodeToString(shifted);
      String url = Base64.getUrlEncoder().withoutPadding().encodeToString(shifted);
      String alignment = shift == 0 ? "" : " (at byte offset " + shift + " mod 3)";
      needles.add(
          new Needle(
              name + " in base64" + alignment,
              standard.substring(start, end),
              Match.BASE64_UNWRAPPED));
      needles.add(
          new Needle(
              name + " in base64url" + alignment,
              url.substring(start, end),
              Match.BASE64_UNWRAPPED));
    }
  }

  private static byte[] fixedWidth(BigInteger value, int bytes) {
    byte[] minimal = unsigned(value);
    if (minimal.length >= bytes) {
      return minimal;
    }
    byte[] fixed = new byte[bytes];
    System.arraycopy(minimal, 0, fixed, bytes - minimal.length, minimal.length);
    return fixed;
  }

  private static byte[] unsigned(BigInteger value) {
    return stripLeadingZeros(value.toByteArray());
  }

  private static byte[] stripLeadingZeros(byte[] bytes) {
    int i = 0;
    while (i < bytes.length - 1 && bytes[i] == 0) {
      i++;
    }
    return Arrays.copyOfRange(bytes, i, bytes.length);
  }
}
