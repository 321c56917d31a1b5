package dev.trustpipe.signing.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustpipe.contracts.Digest;
import dev.trustpipe.contracts.Gun;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.signing.registry.ManifestContent;
import dev.trustpipe.signing.registry.RegistryClient;
import dev.trustpipe.signing.registry.RegistryRefusedException;
import dev.trustpipe.signing.registry.RegistryUnavailableException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores a sigstore-format signature of one signed tag beside the image in its registry: the
 * simple-signing payload for {@code <gun>:<tag>} and the manifest digest, signed by the
 * repository's {@link OciSigningKeys key}, appended as a layer to the manifest under {@code
 * sha256-<hex>.sig}. An index is signed together with each of its child manifests, because
 * containers/image verifies every platform manifest it pulls.
 *
 * <p>Appending is read-modify-write of the {@code .sig} manifest. The caller guarantees one writer
 * per repository at a time (the trust-changes partition of its GUN). A payload that is in the
 * manifest already (a re-delivered push) adds nothing, so replays never grow it.
 */
public final class OciSigner {
  private static final Set<String> INDEX_TYPES =
      Set.of(
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient registry;
  private final OciSigningKeys keys;
  private final Map<String, String> registryHosts;
  private final Set<String> configPresent = ConcurrentHashMap.newKeySet();

  /**
   * @param registryHosts GUN host → the host to reach its registry API at, where they differ (the
   *     GUN names the host clients use; unlisted hosts are reached as themselves)
   */
  public OciSigner(
      RegistryClient registry, OciSigningKeys keys, Map<String, String> registryHosts) {
    this.registry = registry;
    this.keys = keys;
    this.registryHosts = Map.copyOf(registryHosts);
  }

  /** What signing one manifest did. */
  public record Signed(
      String manifestDigest,
      long manifestSize,
      String signatureManifestDigest,
      int signatureCount,
      boolean added,
      String keyId) {}

  /** The outcome for one tag: every manifest signed, or nothing to sign because it is gone. */
  public record Outcome(List<Signed> signed, boolean gone) {}

  private record Descriptor(String digest, long size) {}

  /**
   * Signs {@code gun:tag} → {@code manifestDigest} (and each child of an index).
   *
   * @throws RegistryUnavailableException the registry did not answer; nothing half-done stays
   *     behind that a retry would not complete
   * @throws RegistryRefusedException the registry refused (e.g. no push rights)
   * @throws InvalidSignatureManifestException an existing {@code .sig} TrustPipe cannot read
   */
  public Outcome sign(String gun, String tag, String manifestDigest)
      throws RegistryUnavailableException, RegistryRefusedException, CustodyException {
    Gun name = Gun.of(gun);
    Digest.of(manifestDigest);
    String host = registryHosts.getOrDefault(name.host(), name.host());
    String repository = name.path();
    Optional<ManifestContent> manifest = registry.getManifest(host, repository, manifestDigest);
    if (manifest.isEmpty()) {
      return new Outcome(List.of(), true); // deleted since: a later event says so
    }
    SigningKey key = keys.keyFor(gun);
    String reference = gun + ":" + tag;
    List<Signed> signed = new ArrayList<>();
    for (Descriptor child : children(manifest.get())) {
      signed.add(append(key, host, repository, reference, child));
    }
    Descriptor self = new Descriptor(manifestDigest, manifest.get().bytes().length);
    signed.add(append(key, host, repository, reference, self));
    return new Outcome(List.copyOf(signed), false);
  }

  private static List<Descriptor> children(ManifestContent manifest) {
    boolean index =
        (manifest.mediaType() != null && INDEX_TYPES.contains(manifest.mediaType()))
            || mediaTypeInside(manifest).filter(INDEX_TYPES::contains).isPresent();
    if (!index) {
      return List.of();
    }
    List<Descriptor> children = new ArrayList<>();
    try {
      for (JsonNode child : JSON.readTree(manifest.bytes()).path("manifests")) {
        String digest = child.path("digest").asText(null);
        long size = child.path("size").asLong(-1);
        if (digest != null && digest.startsWith("sha256:") && Digest.isValid(digest) && size >= 0) {
          children.add(new Descriptor(digest, size));
        }
      }
    } catch (IOException e) {
      return List.of(); // the registry accepted it, so this does not happen; sign the index alone
    }
    return children;
  }

  private static Optional<String> mediaTypeInside(ManifestContent manifest) {
    try {
      return Optional.ofNullable(JSON.readTree(manifest.bytes()).path("mediaType").asText(null));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Signed append(
      SigningKey key, String host, String repository, String reference, Descriptor manifest)
      throws RegistryUnavailableException, RegistryRefusedException, CustodyException {
    String manifestDigest = manifest.digest();
    byte[] payload = SimpleSigningPayload.of(reference, manifestDigest);
    String payloadDigest = "sha256:" + sha256Hex(payload);
    String tag = SignatureManifest.tagFor(manifestDigest);
    String keyId = OciSigningKeys.keyId(key.publicKey());

    Optional<ManifestContent> stored = registry.getManifest(host, repository, tag);
    SignatureManifest current =
        stored.map(m -> SignatureManifest.parse(m.bytes())).orElseGet(SignatureManifest::empty);
    if (current.hasPayload(payloadDigest)) {
      return new Signed(
          manifestDigest,
          manifest.size(),
          stored.get().digest(),
          current.signatureCount(),
          false,
          keyId);
    }
    String signature = Base64.getEncoder().encodeToString(EcdsaDer.fromRaw(key.sign(payload)));
    SignatureManifest updated = current.withSignature(payloadDigest, payload.length, signature);
    // blobs first: a registry refuses a manifest that names blobs it does not hold. A payload is
    // new (it was not in the manifest), so it is uploaded without asking; the empty config is the
    // same in every .sig, so once a repository holds it, it is not asked for again
    registry.putBlob(host, repository, payloadDigest, payload);
    String repositoryKey = host + "/" + repository;
    boolean emptyConfig = updated.configDigest().equals(SignatureManifest.EMPTY_CONFIG_DIGEST);
    if (emptyConfig && !configPresent.contains(repositoryKey)) {
      if (!registry.hasBlob(host, repository, SignatureManifest.EMPTY_CONFIG_DIGEST)) {
        registry.putBlob(
            host,
            repository,
            SignatureManifest.EMPTY_CONFIG_DIGEST,
            SignatureManifest.EMPTY_CONFIG);
      }
      configPresent.add(repositoryKey);
    }
    String digest;
    try {
      digest =
          registry.putManifest(
              host, repository, tag, SignatureManifest.MEDIA_TYPE, updated.bytes());
    } catch (RegistryRefusedException refused) {
      if (!emptyConfig || !configPresent.remove(repositoryKey)) {
        throw refused;
      }
      // the repository was deleted and made anew since the config was seen: upload it again
      registry.putBlob(
          host, repository, SignatureManifest.EMPTY_CONFIG_DIGEST, SignatureManifest.EMPTY_CONFIG);
      configPresent.add(repositoryKey);
      digest =
          registry.putManifest(
              host, repository, tag, SignatureManifest.MEDIA_TYPE, updated.bytes());
    }
    return new Signed(
        manifestDigest, manifest.size(), digest, updated.signatureCount(), true, keyId);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
