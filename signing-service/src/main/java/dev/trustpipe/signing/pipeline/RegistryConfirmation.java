package dev.trustpipe.signing.pipeline;

import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.TagDeleted;
import dev.trustpipe.signing.registry.ManifestDescriptor;
import dev.trustpipe.signing.registry.RegistryClient;
import dev.trustpipe.signing.registry.RegistryRefusedException;
import dev.trustpipe.signing.registry.RegistryUnavailableException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a registry event against the registry before it changes what is signed (INTERFACES.md,
 * "Registry confirmation"), and turns it into its {@link TagEvent}:
 *
 * <ul>
 *   <li>a push is signed only if the registry has the tag pointing at the pushed digest now; a tag
 *       that moved on, or a manifest the registry does not have, becomes a rejection with the
 *       reason. The registry's manifest length is what gets signed.
 *   <li>a push without a digest ({@link DigestResolution#REQUIRED}: Docker Hub, Quay) is resolved
 *       here: the tag's current digest and length, from the same request.
 *   <li>a tag delete removes the signature only once the registry answers 404 for the tag; a delete
 *       by digest only once it answers 404 for the digest. A tag that still exists keeps its
 *       signature (the delete is rejected), so a forged delete cannot strip trust data.
 * </ul>
 *
 * <p>When the registry cannot answer ({@link RegistryUnavailableException}) nothing is decided: the
 * exception reaches the listener, the batch's offsets are not committed and it is redelivered.
 *
 * <p>A push whose tag the registry does not (yet) show at the pushed digest is asked again over
 * {@link #SETTLE_DELAYS} before it is rejected: CNCF Distribution sends the notification when the
 * manifest is stored, and links the tag a moment later, so an immediate HEAD can miss a push that
 * did happen.
 */
public final class RegistryConfirmation {
  private static final Logger log = LoggerFactory.getLogger(RegistryConfirmation.class);

  /** Waits between re-asks for a pushed tag the registry does not show yet (~3 s in all). */
  static final List<Duration> SETTLE_DELAYS =
      List.of(50, 100, 200, 400, 800, 1600).stream().map(Duration::ofMillis).toList();

  /** One manifest HEAD, as {@link RegistryClient#headManifest} answers it. */
  @FunctionalInterface
  interface ManifestLookup {
    Optional<ManifestDescriptor> head(String host, String repository, String reference)
        throws RegistryUnavailableException, RegistryRefusedException;
  }

  private final ManifestLookup registry;
  private final List<Duration> settleDelays;

  private RegistryConfirmation(ManifestLookup registry, List<Duration> settleDelays) {
    this.registry = registry;
    this.settleDelays = settleDelays;
  }

  /** Confirms every event with the registry named in it. */
  public static RegistryConfirmation by(RegistryClient registry) {
    return new RegistryConfirmation(registry::headManifest, SETTLE_DELAYS);
  }

  static RegistryConfirmation by(ManifestLookup registry, List<Duration> settleDelays) {
    return new RegistryConfirmation(registry, settleDelays);
  }

  /** No registry is asked ({@code TRUSTPIPE_REGISTRY_CONFIRM=false}): events are taken as sent. */
  public static RegistryConfirmation off() {
    return new RegistryConfirmation(null, List.of());
  }

  public boolean enabled() {
    return registry != null;
  }

  /** What {@code decoded} asks of the signed tags, as far as the registry confirms it. */
  public TagEvent tagEvent(DecodedEvent decoded) throws RegistryUnavailableException {
    TagEvent unconfirmed = TagEvent.of(decoded);
    if (registry == null
        || unconfirmed instanceof TagEvent.Ignored
        || unconfirmed instanceof TagEvent.Attachment) {
      return unconfirmed;
    }
    try {
      if (decoded instanceof DecodedEvent.ImagePushedEvent pushed) {
        return confirmPush(decoded.id(), pushed.event().data());
      }
      if (decoded instanceof DecodedEvent.TagDeletedEvent deleted) {
        return confirmDelete(decoded.id(), deleted.event().data());
      }
    } catch (RegistryRefusedException e) {
      return new TagEvent.Rejected(
          decoded.id(), e.getMessage() + "; not confirmed, nothing changed");
    }
    return unconfirmed;
  }

  private TagEvent confirmPush(String id, ImagePushed push)
      throws RegistryUnavailableException, RegistryRefusedException {
    String where = push.registryHost() + "/" + push.repository();
    if (push.digestResolution() == DigestResolution.REQUIRED) {
      Optional<ManifestDescriptor> current =
          registry.head(push.registryHost(), push.repository(), push.tag());
      if (current.isEmpty()) {
        return new TagEvent.Rejected(
            id,
            "the push named no digest and registry "
                + push.registryHost()
                + " has no tag "
                + push.tag()
                + " in "
                + push.repository()
                + " (HTTP 404); not signed");
      }
      ManifestDescriptor manifest = current.get();
      byte[] sha256 = sha256Of(manifest.digest());
      if (sha256 == null) {
        return new TagEvent.Rejected(
            id,
            "the registry resolved the tag to " + manifest.digest() + "; only sha256 is signed");
      }
      log.info(
          "resolved {}:{} to {} ({} bytes) for event {}",
          where,
          push.tag(),
          manifest.digest(),
          manifest.size(),
          id);
      return new TagEvent.SignTag(id, push.tag(), sha256, manifest.size());
    }

    byte[] sha256 = sha256Of(push.digest());
    if (sha256 == null) {
      return new TagEvent.Rejected(
          id, "only sha256 manifest digests can be signed, got " + push.digest());
    }
    Optional<ManifestDescriptor> current = tagSettledOn(id, push);
    if (current.isPresent() && current.get().digest().equals(push.digest())) {
      if (push.size() != null && push.size() != current.get().size()) {
        log.warn(
            "event {} says {}:{} is {} bytes; the registry says {}; signing the registry's length",
            id,
            where,
            push.tag(),
            push.size(),
            current.get().size());
      }
      return new TagEvent.SignTag(id, push.tag(), sha256, current.get().size());
    }
    if (current.isPresent()) {
      return new TagEvent.Rejected(
          id,
          "registry "
              + push.registryHost()
              + " says tag "
              + push.tag()
              + " of "
              + push.repository()
              + " now points at "
              + current.get().digest()
              + ", not at the pushed "
              + push.digest()
              + "; not signed");
    }
    boolean manifestKnown =
        registry.head(push.registryHost(), push.repository(), push.digest()).isPresent();
    return new TagEvent.Rejected(
        id,
        manifestKnown
            ? "registry "
                + push.registryHost()
                + " has manifest "
                + push.digest()
                + " in "
                + push.repository()
                + " but no tag "
                + push.tag()
                + " (HTTP 404); not signed"
            : "registry "
                + push.registryHost()
                + " has no manifest "
                + push.digest()
                + " and no tag "
                + push.tag()
                + " in "
                + push.repository()
                + " (HTTP 404); not signed");
  }

  private TagEvent confirmDelete(String id, TagDeleted delete)
      throws RegistryUnavailableException, RegistryRefusedException {
    if (delete.tag() != null) {
      Optional<ManifestDescriptor> current =
          registry.head(delete.registryHost(), delete.repository(), delete.tag());
      if (current.isEmpty()) {
        return new TagEvent.RemoveTag(id, delete.tag());
      }
      return new TagEvent.Rejected(
          id,
          "registry "
              + delete.registryHost()
              + " still has tag "
              + delete.tag()
              + " in "
              + delete.repository()
              + " (now "
              + current.get().digest()
              + "); its signature is kept");
    }
    byte[] sha256 = sha256Of(delete.digest());
    if (sha256 == null) {
      return new TagEvent.Rejected(
          id, "only sha256 manifest digests are signed, got " + delete.digest());
    }
    if (registry.head(delete.registryHost(), delete.repository(), delete.digest()).isEmpty()) {
      return new TagEvent.RemoveDigest(id, sha256);
    }
    return new TagEvent.Rejected(
        id,
        "registry "
            + delete.registryHost()
            + " still has manifest "
            + delete.digest()
            + " in "
            + delete.repository()
            + "; the signatures of its tags are kept");
  }

  /**
   * The tag's current manifest, asked again over the settle delays while it is missing or points
   * elsewhere than the pushed digest; the last answer when it never settles there.
   */
  private Optional<ManifestDescriptor> tagSettledOn(String id, ImagePushed push)
      throws RegistryUnavailableException, RegistryRefusedException {
    Optional<ManifestDescriptor> current =
        registry.head(push.registryHost(), push.repository(), push.tag());
    for (Duration delay : settleDelays) {
      if (current.isPresent() && current.get().digest().equals(push.digest())) {
        break;
      }
      log.debug(
          "{}/{}:{} is not yet at {} for event {}; asking again in {} ms",
          push.registryHost(),
          push.repository(),
          push.tag(),
          push.digest(),
          id,
          delay.toMillis());
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException(
            "interrupted while waiting for the registry to show " + push.tag());
      }
      current = registry.head(push.registryHost(), push.repository(), push.tag());
    }
    return current;
  }

  private static byte[] sha256Of(String digest) {
    return digest.startsWith("sha256:") ? HexFormat.of().parseHex(digest.substring(7)) : null;
  }
}
