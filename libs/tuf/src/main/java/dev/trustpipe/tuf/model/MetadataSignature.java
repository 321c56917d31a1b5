package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.tuf.crypto.SignatureMethod;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code signatures} entry. The method is kept as written (Notary lower-cases it only to pick a
 * verifier); unknown methods parse but never verify.
 */
public final class MetadataSignature {
  private final String keyId;
  private final String method;
  private final byte[] signature;

  public MetadataSignature(String keyId, String method, byte[] signature) {
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.method = Objects.requireNonNull(method, "method");
    this.signature = Objects.requireNonNull(signature, "signature").clone();
  }

  public MetadataSignature(String keyId, SignatureMethod method, byte[] signature) {
    this(keyId, method.wireName(), signature);
  }

  public String keyId() {
    return keyId;
  }

  public String method() {
    return method;
  }

  public Optional<SignatureMethod> knownMethod() {
    return SignatureMethod.fromWireName(method);
  }

  public byte[] signature() {
    return signature.clone();
  }

  static MetadataSignature fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new MetadataFormatException("signature must be an object");
    }
    return new MetadataSignature(
        Fields.text(json, "keyid"), Fields.text(json, "method"), Fields.base64(json, "sig"));
  }

  /** {@code {"keyid":..,"method":..,"sig":b64}}. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("keyid", keyId);
    json.put("method", method);
    json.put("sig", Base64.getEncoder().encodeToString(signature));
    return json;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MetadataSignature that
        && keyId.equals(that.keyId)
        && method.equals(that.method)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, method, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "MetadataSignature[keyid=" + keyId + ", method=" + method + "]";
  }
}
