package dev.trustpipe.signing.oci;

import dev.trustpipe.contracts.Gun;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyAlreadyExistsException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.custody.KeyNotFoundException;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The ECDSA P-256 keys that sign OCI-native signatures, held in the same custody as every other key
 * (local keystore, Vault Transit or PKCS#11). By default one key per registry host; a repository
 * whose GUN starts with one of the configured prefixes gets a key of its own. A key is created in
 * custody on first use; its name is derived from the host (or GUN), so every replica and every
 * restart finds the same key without storing anything.
 */
public final class OciSigningKeys {
  static final String ROLE = "sigstore";

  private final KeyCustody custody;
  private final List<String> ownKeyPrefixes;
  private final ConcurrentMap<String, SigningKey> keys = new ConcurrentHashMap<>();

  /**
   * @param ownKeyPrefixes GUN prefixes (e.g. {@code registry.example.com/payments/}) whose
   *     repositories each get their own key instead of their host's
   */
  public OciSigningKeys(KeyCustody custody, List<String> ownKeyPrefixes) {
    this.custody = custody;
    this.ownKeyPrefixes = List.copyOf(ownKeyPrefixes);
  }

  /** The key that signs the repository's images: its own, or its registry host's. */
  public SigningKey keyFor(String gun) throws CustodyException {
    String name = keyName(gun);
    SigningKey cached = keys.get(name);
    if (cached != null) {
      return cached;
    }
    SigningKey key = getOrCreate(name);
    keys.putIfAbsent(name, key);
    return key;
  }

  /** The custody key name for the repository (no secret; safe to log). */
  public String keyName(String gun) {
    Gun parsed = Gun.of(gun);
    boolean own = ownKeyPrefixes.stream().anyMatch(gun::startsWith);
    return KeyNames.forRole(own ? parsed.value() : parsed.host(), ROLE);
  }

  private SigningKey getOrCreate(String name) throws CustodyException {
    KeyReference first = new KeyReference(custody.backendName(), name, 1);
    try {
      return custody.get(first);
    } catch (KeyNotFoundException missing) {
      try {
        return custody.create(name, KeyAlgorithm.ECDSA_P256);
      } catch (KeyAlreadyExistsException raced) {
        return custody.get(first); // another replica created it a moment ago
      }
    }
  }

  /**
   * PEM of the public key (SubjectPublicKeyInfo, uncompressed point), as cosign and skopeo read it.
   */
  public static String pem(PublicKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /** Hex SHA-256 of the SubjectPublicKeyInfo: the key id OCI signature events report. */
  public static String keyId(PublicKey key) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
