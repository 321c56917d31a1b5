package dev.trustpipe.custody.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One version of a Transit key. Requests always name {@code key_version}, so a signature never
 * comes from a newer version than the public key callers published.
 *
 * <ul>
 *   <li>ECDSA P-256: the SHA-256 digest is computed here and sent with {@code prehashed=true};
 *       {@code marshaling_algorithm=jws} makes Vault answer raw {@code r||s} (Notary's encoding).
 *   <li>RSA: pre-hashed too, {@code signature_algorithm=pss}, {@code salt_length=hash} (salt 32, as
 *       Notary verifies; Vault's default {@code auto} salt is not).
 *   <li>Ed25519: the message itself, pure Ed25519 (Vault CE refuses {@code prehashed} here).
 * </ul>
 */
final class VaultTransitSigningKey implements SigningKey {

  private static final int SHA256_BYTES = 32;

  private final VaultTransport transport;
  private final String signPath;
  private final KeyReference reference;
  private final KeyAlgorithm algorithm;
  private final PublicKey publicKey;
  private final int maxBatchSize;

  VaultTransitSigningKey(
      VaultTransport transport,
      String transitMount,
      KeyReference reference,
      KeyAlgorithm algorithm,
      PublicKey publicKey,
      int maxBatchSize) {
    this.transport = transport;
    this.signPath = transitMount + "/sign/" + reference.keyName();
    this.reference = reference;
    this.algorithm = algorithm;
    this.publicKey = publicKey;
    this.maxBatchSize = maxBatchSize;
  }

  @Override
  public KeyReference reference() {
    return reference;
  }

  @Override
  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] message) throws CustodyException {
    return signBatch(List.of(message)).get(0);
  }

  @Override
  public byte[] signDigest(byte[] sha256Digest) throws CustodyException {
    if (!algorithm.supportsDigestSigning()) {
      throw new UnsupportedOperationException(
          "Ed25519 keys sign whole messages (pure EdDSA); signDigest is for ECDSA and RSA keys");
    }
    requireDigest(sha256Digest);
    ObjectNode body = parameters();
    body.put("input", Base64.getEncoder().encodeToString(sha256Digest));
    JsonNode envelope = transport.post(signPath, body, true);
    checkWarnings(envelope);
    return signatureOf(envelope.path("data"), -1);
  }

  /** Signs all messages in {@code ceil(n / maxBatchSize)} requests ({@code batch_input}). */
  @Override
  public List<byte[]> signBatch(List<byte[]> messages) throws CustodyException {
    List<byte[]> signatures = new ArrayList<>(messages.size());
    for (int start = 0; start < messages.size(); start += maxBatchSize) {
      List<byte[]> chunk = messages.subList(start, Math.min(messages.size(), start + maxBatchSize));
      ObjectNode body = parameters();
      ArrayNode items = body.putArray("batch_input");
      for (int i = 0; i < chunk.size(); i++) {
        byte[] input = algorithm.supportsDigestSigning() ? sha256(chunk.get(i)) : chunk.get(i);
        items
            .addObject()
            .put("input", Base64.getEncoder().encodeToString(input))
            .put("reference", Integer.toString(start + i));
      }
      JsonNode envelope = transport.post(signPath, body, true);
      checkWarnings(envelope);
      JsonNode results = envelope.path("data").path("batch_results");
      if (!results.isArray() || results.size() != chunk.size()) {
        throw new CustodyException(
            "Vault signed a batch of "
                + chunk.size()
                + " with key "
                + reference.keyName()
                + " but returned "
                + (results.isArray() ? results.size() : 0)
                + " results");
      }
      for (int i = 0; i < chunk.size(); i++) {
        signatures.add(signatureOf(results.get(i), start + i));
      }
    }
    return List.copyOf(signatures);
  }

  private ObjectNode parameters() {
    ObjectNode body = VaultTransport.JSON.createObjectNode();
    body.put("key_version", reference.version());
    switch (algorithm) {
      case ECDSA_P256 ->
          body.put("prehashed", true)
              .put("hash_algorithm", "sha2-256")
              .put("marshaling_algorithm", "jws");
      case RSA_2048, RSA_3072, RSA_4096 ->
          body.put("prehashed", true)
              .put("hash_algorithm", "sha2-256")
              .put("signature_algorithm", "pss")
              .put("salt_length", "hash");
      case ED25519 -> {
        // pure Ed25519: no hash, no prehashed (Vault CE answers 400 to either)
      }
    }
    return body;
  }

  private byte[] signatureOf(JsonNode result, int index) throws CustodyException {
    String where = index < 0 ? "" : " (batch item " + index + ")";
    if (result.hasNonNull("error") && !result.path("error").asText().isEmpty()) {
      throw new VaultRequestException(
          "Vault could not sign with key "
              + reference.keyName()
              + " v"
              + reference.version()
              + where
              + ": "
              + VaultTransport.printable(result.path("error").asText()),
          200,
          List.of(VaultTransport.printable(result.path("error").asText())));
    }
    VaultSignatures.Parsed parsed;
    try {
      parsed =
          VaultSignatures.parse(
              result.path("signature").asText(null),
              algorithm,
              algorithm == KeyAlgorithm.ECDSA_P256);
    } catch (IllegalArgumentException e) {
      throw new CustodyException(
          "Vault answered an unusable signature for key "
              + reference.keyName()
              + where
              + ": "
              + e.getMessage());
    }
    if (parsed.keyVersion() != reference.version()) {
      throw new CustodyException(
          "Vault signed with key "
              + reference.keyName()
              + " v"
              + parsed.keyVersion()
              + " when v"
              + reference.version()
              + " was requested");
    }
    return parsed.signature();
  }

  /**
   * A Vault that drops a parameter it does not know (e.g. {@code salt_length} before 1.12) says so
   * only in {@code warnings} and signs anyway, with a signature Notary would reject.
   */
  private void checkWarnings(JsonNode envelope) throws CustodyException {
    JsonNode warnings = envelope.path("warnings");
    if (warnings.isArray()) {
      for (JsonNode warning : warnings) {
        String text = warning.asText();
        if (text.contains("salt_length")
            || text.contains("marshaling_algorithm")
            || text.contains("prehashed")) {
          throw new CustodyException(
              "Vault ignored a signing parameter for key "
                  + reference.keyName()
                  + " ("
                  + VaultTransport.printable(text)
                  + "): this Vault is too old for TUF signatures");
        }
      }
    }
  }

  private static void requireDigest(byte[] digest) {
    if (digest == null || digest.length != SHA256_BYTES) {
      throw new IllegalArgumentException(
          "a SHA-256 digest has 32 bytes, got " + (digest == null ? "null" : digest.length));
    }
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + reference + "]";
  }
}
