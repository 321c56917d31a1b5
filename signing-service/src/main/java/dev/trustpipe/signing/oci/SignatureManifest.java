package dev.trustpipe.signing.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.contracts.Digest;
import java.io.IOException;
import java.util.Optional;

/**
 * The OCI image manifest stored under {@code sha256-<hex>.sig} beside a signed image: one layer per
 * signature, each layer the simple-signing payload with its signature in the {@code
 * dev.cosignproject.cosign/signature} annotation (the format cosign writes and containers/image's
 * {@code use-sigstore-attachments} reads).
 *
 * <p>Immutable. Layers already present, whoever wrote them (cosign, skopeo, another key), are kept
 * exactly as they were: appending adds a layer and changes nothing else. The manifest is always
 * written as an OCI manifest; containers/image refuses a {@code .sig} stored as Docker schema 2.
 */
public final class SignatureManifest {
  public static final String MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  /** The OCI empty descriptor's content, {@code {}}: the config of a signature is never read. */
  static final byte[] EMPTY_CONFIG = {'{', '}'};

  static final String EMPTY_CONFIG_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
  static final String EMPTY_CONFIG_DIGEST =
      "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  /** Distribution refuses manifests over 4 MiB; that bounds what is parsed. */
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
              .build());

  private final ObjectNode manifest;

  private SignatureManifest(ObjectNode manifest) {
    this.manifest = manifest;
  }

  /** The tag that holds the signatures of {@code manifestDigest}: {@code sha256-<hex>.sig}. */
  public static String tagFor(String manifestDigest) {
    Digest digest = Digest.of(manifestDigest);
    if (!manifestDigest.startsWith("sha256:")) {
      throw new IllegalArgumentException("only sha256 manifests are signed, not " + digest);
    }
    return "sha256-" + manifestDigest.substring("sha256:".length()) + ".sig";
  }

  /** A manifest without signatures. */
  public static SignatureManifest empty() {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MEDIA_TYPE);
    ObjectNode config = manifest.putObject("config");
    config.put("mediaType", EMPTY_CONFIG_MEDIA_TYPE);
    config.put("digest", EMPTY_CONFIG_DIGEST);
    config.put("size", EMPTY_CONFIG.length);
    manifest.putArray("layers");
    return new SignatureManifest(manifest);
  }

  /**
   * Reads a {@code .sig} manifest as a registry served it.
   *
   * @throws InvalidSignatureManifestException when it is not a JSON object with a {@code config}
   *     object and a {@code layers} array of objects that each name a valid digest: such a manifest
   *     is not overwritten, since it may hold signatures TrustPipe cannot read
   */
  public static SignatureManifest parse(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new InvalidSignatureManifestException("is larger than 4 MiB");
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      throw new InvalidSignatureManifestException("is not JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidSignatureManifestException("is not a JSON object");
    }
    if (!tree.path("config").isObject()) {
      throw new InvalidSignatureManifestException("has no config object");
    }
    JsonNode layers = tree.get("layers");
    if (layers == null || !layers.isArray()) {
      throw new InvalidSignatureManifestException("has no layers array");
    }
    for (JsonNode layer : layers) {
      if (!layer.isObject() || !Digest.isValid(layer.path("digest").asText(null))) {
        throw new InvalidSignatureManifestException("has a layer without a valid digest");
      }
    }
    ObjectNode manifest = ((ObjectNode) tree).deepCopy();
    // written back as OCI whatever it was stored as (containers/image reads only OCI .sig)
    manifest.put("mediaType", MEDIA_TYPE);
    return new SignatureManifest(manifest);
  }

  /** Whether a layer holds this payload (by its digest), whoever signed it. */
  public boolean hasPayload(String payloadDigest) {
    return layer(payloadDigest).isPresent();
  }

  /** The signature annotation of the layer that holds this payload, if any. */
  public Optional<String> signatureOf(String payloadDigest) {
    return layer(payloadDigest)
        .map(l -> l.path("annotations").path(SIGNATURE_ANNOTATION).asText(null));
  }

  private Optional<JsonNode> layer(String payloadDigest) {
    for (JsonNode layer : manifest.get("layers")) {
      if (payloadDigest.equals(layer.path("digest").asText())) {
        return Optional.of(layer);
      }
    }
    return Optional.empty();
  }

  public int signatureCount() {
    return manifest.get("layers").size();
  }

  /**
   * This manifest with one more layer.
   *
   * @param signatureBase64 standard base64 of the DER signature over the payload's exact bytes
   */
  public SignatureManifest withSignature(
      String payloadDigest, long payloadSize, String signatureBase64) {
    Digest.of(payloadDigest);
    ObjectNode copy = manifest.deepCopy();
    ArrayNode layers = (ArrayNode) copy.get("layers");
    ObjectNode layer = layers.addObject();
    layer.put("mediaType", SimpleSigningPayload.MEDIA_TYPE);
    layer.put("digest", payloadDigest);
    layer.put("size", payloadSize);
    layer.putObject("annotations").put(SIGNATURE_ANNOTATION, signatureBase64);
    return new SignatureManifest(copy);
  }

  /** The config descriptor's digest (a blob that must exist before the manifest is put). */
  public String configDigest() {
    return manifest.path("config").path("digest").asText();
  }

  public byte[] bytes() {
    try {
      return JSON.writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree always serialises", e);
    }
  }
}
