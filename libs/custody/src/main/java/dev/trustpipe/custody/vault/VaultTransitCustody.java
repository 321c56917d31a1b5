package dev.trustpipe.custody.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyAlreadyExistsException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.custody.KeyNotFoundException;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys in HashiCorp Vault's Transit engine (or OpenBao's): created there non-exportable, signing by
 * Transit calls, private keys never leave Vault. Key versions are Transit's key versions: {@link
 * #rotate} adds one, and every {@link KeyReference} names the version it signs with.
 *
 * <p>See VAULT-TRANSIT.md for the API details this class relies on (pre-hashed ECDSA with {@code
 * jws} marshaling, RSA-PSS {@code salt_length=hash}, {@code batch_input} with per-item errors).
 */
public final class VaultTransitCustody implements KeyCustody {

  public static final String BACKEND_NAME = "vault";

  private static final Base64.Decoder MIME = Base64.getMimeDecoder();

  private final VaultSettings settings;
  private final VaultTransport transport;
  private final Map<KeyReference, SigningKey> cache = new ConcurrentHashMap<>();

  public VaultTransitCustody(VaultSettings settings, Clock clock) {
    this(settings, clock, duration -> Thread.sleep(duration.toMillis()));
  }

  VaultTransitCustody(VaultSettings settings, Clock clock, VaultTransport.Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transport = new VaultTransport(settings, Objects.requireNonNull(clock, "clock"), sleeper);
  }

  @Override
  public String backendName() {
    return BACKEND_NAME;
  }

  /** The circuit breaker in front of Vault, for health checks and metrics. */
  public CircuitBreaker.State circuitState() {
    return transport.breaker().state();
  }

  /**
   * Creates the key in Transit with {@code exportable=false}. Vault answers "already existed" with
   * a 200 and changes nothing; that becomes {@link KeyAlreadyExistsException}.
   */
  @Override
  public SigningKey create(String keyName, KeyAlgorithm algorithm) throws CustodyException {
    KeyNames.requireValid(keyName);
    Objects.requireNonNull(algorithm, "algorithm");
    ObjectNode body = VaultTransport.JSON.createObjectNode();
    body.put("type", algorithm.id());
    body.put("exportable", false);
    body.put("allow_plaintext_backup", false);
    JsonNode answer = transport.post(keysPath(keyName), body, false);
    for (JsonNode warning : answer.path("warnings")) {
      if (warning.asText().contains("already exist")) {
        throw new KeyAlreadyExistsException(
            "key " + keyName + " already exists in Vault Transit mount " + settings.transitMount());
      }
    }
    return get(new KeyReference(BACKEND_NAME, keyName, 1));
  }

  /** Adds the next version of a key ({@code POST keys/:name/rotate}) and returns it. */
  @Override
  public SigningKey rotate(String keyName) throws CustodyException {
    KeyNames.requireValid(keyName);
    try {
      transport.post(keysPath(keyName) + "/rotate", VaultTransport.JSON.createObjectNode(), false);
    } catch (VaultRequestException e) {
      throw notFoundOr(e, keyName);
    }
    return get(new KeyReference(BACKEND_NAME, keyName, latestVersion(keyName)));
  }

  /** Transit's {@code latest_version} of a key. */
  public int latestVersion(String keyName) throws CustodyException {
    KeyNames.requireValid(keyName);
    return readKey(keyName).path("latest_version").asInt();
  }

  @Override
  public SigningKey get(KeyReference reference) throws CustodyException {
    Objects.requireNonNull(reference, "reference");
    if (!BACKEND_NAME.equals(reference.backend())) {
      throw new IllegalArgumentException(
          "key " + reference + " belongs to backend " + reference.backend() + ", not vault");
    }
    KeyNames.requireValid(reference.keyName());
    SigningKey cached = cache.get(reference);
    if (cached != null) {
      return cached;
    }
    JsonNode key = readKey(reference.keyName());
    KeyAlgorithm algorithm;
    try {
      algorithm = KeyAlgorithm.fromId(key.path("type").asText());
    } catch (IllegalArgumentException e) {
      throw new CustodyException(
          "Vault key "
              + reference.keyName()
              + " has type "
              + VaultTransport.printable(key.path("type").asText())
              + ", which cannot sign TUF metadata");
    }
    JsonNode version = key.path("keys").path(Integer.toString(reference.version()));
    if (!version.isObject()) {
      throw new KeyNotFoundException(
          "Vault key " + reference.keyName() + " has no version " + reference.version());
    }
    PublicKey publicKey = publicKey(algorithm, version.path("public_key").asText(""), reference);
    SigningKey signingKey =
        new VaultTransitSigningKey(
            transport,
            settings.transitMount(),
            reference,
            algorithm,
            publicKey,
            settings.maxBatchSize());
    SigningKey raced = cache.putIfAbsent(reference, signingKey);
    return raced == null ? signingKey : raced;
  }

  private JsonNode readKey(String keyName) throws CustodyException {
    try {
      JsonNode data = transport.get(keysPath(keyName)).path("data");
      if (!data.isObject()) {
        throw new CustodyException("Vault answered GET " + keysPath(keyName) + " without data");
      }
      return data;
    } catch (VaultRequestException e) {
      throw notFoundOr(e, keyName);
    }
  }

  private CustodyException notFoundOr(VaultRequestException e, String keyName) {
    if (e.status() == 404 || e.errors().stream().anyMatch(m -> m.contains("not found"))) {
      return new KeyNotFoundException(
          "key " + keyName + " not found in Vault Transit mount " + settings.transitMount());
    }
    return e;
  }

  /**
   * ECDSA and RSA public keys come as PEM SubjectPublicKeyInfo; Ed25519 as standard base64 of the
   * raw 32 bytes (VAULT-TRANSIT.md §2).
   */
  private static PublicKey publicKey(KeyAlgorithm algorithm, String encoded, KeyReference reference)
      throws CustodyException {
    try {
      if (algorithm == KeyAlgorithm.ED25519) {
        byte[] raw = Base64.getDecoder().decode(encoded.strip());
        if (raw.length != 32) {
          throw new IllegalArgumentException("Ed25519 public keys have 32 bytes");
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      }
      String base64 =
          encoded
              .replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .strip();
      byte[] spki = MIME.decode(base64);
      PublicKey key =
          KeyFactory.getInstance(algorithm.isRsa() ? "RSA" : "EC")
              .generatePublic(new X509EncodedKeySpec(spki));
      if (algorithm.isRsa()
          && ((java.security.interfaces.RSAPublicKey) key).getModulus().bitLength()
              != algorithm.rsaModulusBits()) {
        throw new IllegalArgumentException("RSA modulus size does not match the key type");
      }
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new CustodyException(
          "Vault key "
              + reference.keyName()
              + " v"
              + reference.version()
              + " has an unreadable "
              + algorithm.id()
              + " public key");
    }
  }

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32 key bytes. */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private String keysPath(String keyName) {
    return settings.transitMount() + "/keys/" + keyName;
  }

  @Override
  public String toString() {
    return "VaultTransitCustody[" + settings.address() + ", mount=" + settings.transitMount() + "]";
  }
}
