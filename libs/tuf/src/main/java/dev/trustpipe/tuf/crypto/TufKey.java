package dev.trustpipe.tuf.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.tuf.json.CanonicalJson;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A public key as Notary metadata lists it: {@code {"keytype":T,"keyval":{"private":null,
 * "public":P}}}.
 *
 * @param type the {@code keytype}
 * @param publicValue {@code keyval.public} in standard base64 (normalised: Go decodes it to bytes
 *     and re-encodes it before hashing, so the key ID is over the canonical base64)
 */
public record TufKey(KeyType type, String publicValue) {

  private static final byte[] P256_SPKI_PREFIX =
      HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");
  private static final BigInteger P256_PRIME =
      new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
  private static final BigInteger P256_ORDER =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
  private static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----\n";
  private static final String PEM_END = "-----END CERTIFICATE-----\n";

  public TufKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(publicValue, "publicValue");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(publicValue);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("keyval.public is not base64: " + e.getMessage());
    }
    if (decoded.length == 0) {
      throw new KeyFormatException("keyval.public is empty");
    }
    publicValue = Base64.getEncoder().encodeToString(decoded);
  }

  // ------------------------------------------------------------------ factories

  /** An {@code ecdsa} key: base64 DER SubjectPublicKeyInfo of a P-256 key, named-curve form. */
  public static TufKey ecdsa(PublicKey publicKey) {
    return new TufKey(KeyType.ECDSA, base64(p256Spki(publicKey)));
  }

  /** An {@code ed25519} key: base64 of the raw 32-byte public key. */
  public static TufKey ed25519(PublicKey publicKey) {
    byte[] spki = publicKey.getEncoded();
    if (spki == null
        || spki.length != ED25519_SPKI_PREFIX.length + 32
        || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, 12)) {
      throw new KeyFormatException("not an Ed25519 public key: " + publicKey.getAlgorithm());
    }
    return new TufKey(
        KeyType.ED25519, base64(Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length)));
  }

  /** An {@code rsa} key: base64 DER SubjectPublicKeyInfo. */
  public static TufKey rsa(PublicKey publicKey) {
    if (!(publicKey instanceof RSAPublicKey)) {
      throw new KeyFormatException("not an RSA public key: " + publicKey.getAlgorithm());
    }
    return new TufKey(KeyType.RSA, base64(publicKey.getEncoded()));
  }

  /** The bare-key form of any supported public key (ecdsa, ed25519 or rsa). */
  public static TufKey of(PublicKey publicKey) {
    return switch (publicKey.getAlgorithm()) {
      case "EC", "ECDSA" -> ecdsa(publicKey);
      case "Ed25519", "EdDSA", "ED25519" -> ed25519(publicKey);
      case "RSA" -> rsa(publicKey);
      default ->
          throw new KeyFormatException("unsupported key algorithm " + publicKey.getAlgorithm());
    };
  }

  /**
   * An {@code ecdsa-x509} or {@code rsa-x509} key: base64 of the certificate's PEM text, written
   * the way Go's {@code pem.Encode} writes it (64-column lines, LF, trailing newline).
   */
  public static TufKey x509(X509Certificate certificate) {
    KeyType type =
        switch (certificate.getPublicKey().getAlgorithm()) {
          case "EC", "ECDSA" -> KeyType.ECDSA_X509;
          case "RSA" -> KeyType.RSA_X509;
          default ->
              throw new KeyFormatException(
                  "unsupported certificate key " + certificate.getPublicKey().getAlgorithm());
        };
    try {
      return new TufKey(type, base64(pem(certificate.getEncoded())));
    } catch (CertificateEncodingException e) {
      throw new KeyFormatException("certificate cannot be encoded", e);
    }
  }

  /** Reads {@code {"keytype":..,"keyval":{"public":..,"private":null}}} (member order free). */
  public static TufKey fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new KeyFormatException("key is not a JSON object");
    }
    JsonNode keyType = json.get("keytype");
    JsonNode keyVal = json.get("keyval");
    if (keyType == null || !keyType.isTextual()) {
      throw new KeyFormatException("key has no keytype string");
    }
    if (keyVal == null || !keyVal.isObject()) {
      throw new KeyFormatException("key has no keyval object");
    }
    JsonNode publicValue = keyVal.get("public");
    JsonNode privateValue = keyVal.get("private");
    if (publicValue == null || !publicValue.isTextual()) {
      throw new KeyFormatException("keyval.public is not a string");
    }
    if (privateValue != null && !privateValue.isNull()) {
      // Metadata must never carry key material; refuse rather than pass it along.
      throw new KeyFormatException("keyval.private must be null");
    }
    KeyType type =
        KeyType.fromWireName(keyType.textValue())
            .orElseThrow(
                () -> new KeyFormatException("unsupported keytype " + keyType.textValue()));
    return new TufKey(type, publicValue.textValue());
  }

  // ------------------------------------------------------------------ views

  /** The key ID: lowercase hex SHA-256 of the canonical JSON of {@link #toJson()}. */
  public String keyId() {
    return Digests.sha256Hex(CanonicalJson.encode(toJson()));
  }

  /**
   * The ID of the bare public key ({@code ecdsa}/{@code rsa} SPKI) for x509 keys, which is how the
   * notary client names its private key files; {@link #keyId()} for other keys.
   */
  public String canonicalKeyId() {
    return type.isX509() ? of(publicKey()).keyId() : keyId();
  }

  /**
   * Whether both keys hold the same public key, e.g. an {@code ecdsa-x509} key and its bare key.
   */
  public boolean holdsSamePublicKey(TufKey other) {
    if (equals(other)) {
      return true;
    }
    return of(publicKey()).equals(of(other.publicKey()));
  }

  /** {@code {"keytype":T,"keyval":{"private":null,"public":P}}} (canonical member order). */
  public ObjectNode toJson() {
    ObjectNode keyVal = JsonNodeFactory.instance.objectNode();
    keyVal.putNull("private");
    keyVal.put("public", publicValue);
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    key.put("keytype", type.wireName());
    key.set("keyval", keyVal);
    return key;
  }

  /**
   * The body Notary serves for {@code GET …/timestamp.key}: {@code
   * {"keytype":..,"keyval":{"public":..,"private":null}}}, public before private, no newline. Not
   * canonical: hash {@link #toJson()} for the ID.
   */
  public String toNotaryKeyJson() {
    return "{\"keytype\":\""
        + type.wireName()
        + "\",\"keyval\":{\"public\":\""
        + publicValue
        + "\",\"private\":null}}";
  }

  /** The decoded public value (DER SPKI, raw Ed25519 key, or PEM text for x509 types). */
  public byte[] publicBytes() {
    return Base64.getDecoder().decode(publicValue);
  }

  /** The certificate of an x509 key. */
  public X509Certificate certificate() {
    if (!type.isX509()) {
      throw new KeyFormatException(type + " key has no certificate");
    }
    byte[] pem = publicBytes();
    String text = new String(pem, StandardCharsets.US_ASCII);
    if (!text.startsWith("-----BEGIN CERTIFICATE-----")) {
      throw new KeyFormatException(type + " key is not a PEM certificate");
    }
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pem));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KeyFormatException(type + " key holds no readable certificate", e);
    }
  }

  /** The JCA public key; x509 keys give the certificate's key. */
  public PublicKey publicKey() {
    try {
      return switch (type) {
        case ECDSA ->
            requireAlgorithm(
                KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicBytes())),
                "EC");
        case RSA ->
            requireAlgorithm(
                KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicBytes())),
                "RSA");
        case ED25519 -> {
          byte[] raw = publicBytes();
          if (raw.length != 32) {
            throw new KeyFormatException("ed25519 public key must be 32 bytes, not " + raw.length);
          }
          byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
          System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
          yield KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        }
        case ECDSA_X509 -> requireAlgorithm(certificate().getPublicKey(), "EC");
        case RSA_X509 -> requireAlgorithm(certificate().getPublicKey(), "RSA");
      };
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      if (e instanceof KeyFormatException kfe) {
        throw kfe;
      }
      throw new KeyFormatException(type + " public key cannot be decoded", e);
    }
  }

  @Override
  public String toString() {
    return "TufKey[" + type.wireName() + " " + keyId() + "]";
  }

  // ------------------------------------------------------------------ helpers

  private PublicKey requireAlgorithm(PublicKey key, String algorithm) {
    if (!key.getAlgorithm().equals(algorithm)) {
      throw new KeyFormatException(type + " key holds a " + key.getAlgorithm() + " key");
    }
    return key;
  }

  /** Go's MarshalPKIXPublicKey form for P-256, whatever provider made the key. */
  private static byte[] p256Spki(PublicKey publicKey) {
    if (!(publicKey instanceof ECPublicKey ec)) {
      throw new KeyFormatException("not an EC public key: " + publicKey.getAlgorithm());
    }
    ECParameterSpec params = ec.getParams();
    if (!(params.getCurve().getField() instanceof ECFieldFp field)
        || !field.getP().equals(P256_PRIME)
        || !params.getOrder().equals(P256_ORDER)) {
      throw new KeyFormatException("only P-256 ECDSA keys are supported");
    }
    byte[] out = Arrays.copyOf(P256_SPKI_PREFIX, P256_SPKI_PREFIX.length + 65);
    int offset = P256_SPKI_PREFIX.length;
    out[offset] = 0x04;
    System.arraycopy(fixedLength(ec.getW().getAffineX(), 32), 0, out, offset + 1, 32);
    System.arraycopy(fixedLength(ec.getW().getAffineY(), 32), 0, out, offset + 33, 32);
    return out;
  }

  static byte[] fixedLength(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length == length) {
      return bytes;
    }
    if (bytes.length == length + 1 && bytes[0] == 0) {
      return Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length > length) {
      throw new IllegalArgumentException("integer does not fit in " + length + " bytes");
    }
    byte[] padded = new byte[length];
    System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
    return padded;
  }

  static String pem(byte[] der) {
    return PEM_BEGIN
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n"
        + PEM_END;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String base64(String text) {
    return base64(text.getBytes(StandardCharsets.US_ASCII));
  }
}
