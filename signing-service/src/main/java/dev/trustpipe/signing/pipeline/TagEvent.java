package dev.trustpipe.signing.pipeline;

import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.TagDeleted;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** What one registry event asks of its repository's signed tags. */
public sealed interface TagEvent {

  /** The CloudEvent id the effect is deduplicated by. */
  String eventId();

  /** Sign {@code tag -> sha256 digest} with the manifest's length. */
  record SignTag(String eventId, String tag, byte[] sha256, long length) implements TagEvent {}

  /** Remove the signed tag. */
  record RemoveTag(String eventId, String tag) implements TagEvent {}

  /** Remove every tag signed to this manifest (a delete by digest). */
  record RemoveDigest(String eventId, byte[] sha256) implements TagEvent {}

  /** Nothing to sign, and that is expected (e.g. a push by digest of an index's child). */
  record Ignored(String eventId, String why) implements TagEvent {}

  /**
   * A push or delete of a sigstore attachment ({@code sha256-<hex>.sig}, {@code .att}, {@code
   * .sbom}): signatures and attestations are about an image, never signed themselves. TrustPipe's
   * own OCI signatures come back this way as webhooks; signing them would loop.
   */
  record Attachment(String eventId, String tag) implements TagEvent {}

  /** A valid event that cannot be signed: reported as {@code event.rejected.v1}. */
  record Rejected(String eventId, String reason) implements TagEvent {}

  /** Maps a decoded registry event; any other event type is rejected. */
  static TagEvent of(DecodedEvent decoded) {
    if (decoded instanceof DecodedEvent.ImagePushedEvent pushed) {
      return ofPush(decoded.id(), pushed.event().data());
    }
    if (decoded instanceof DecodedEvent.TagDeletedEvent deleted) {
      return ofDelete(decoded.id(), deleted.event().data());
    }
    return new Rejected(
        decoded.id(), decoded.eventType().type() + " does not belong on the registry events topic");
  }

  /** The tags cosign and TrustPipe store sigstore attachments under. */
  Pattern ATTACHMENT_TAG = Pattern.compile("sha256-[0-9a-f]{64}\\.(sig|att|sbom)");

  static boolean isAttachmentTag(String tag) {
    return tag != null && ATTACHMENT_TAG.matcher(tag).matches();
  }

  private static TagEvent ofPush(String id, ImagePushed push) {
    if (push.tag() == null) {
      return new Ignored(id, "push by digest carries no tag to sign");
    }
    if (isAttachmentTag(push.tag())) {
      return new Attachment(id, push.tag());
    }
    if (push.digestResolution() == DigestResolution.REQUIRED) {
      return new Rejected(
          id,
          "the registry sent no manifest digest and registry confirmation, which resolves it, is"
              + " off (trustpipe.registry.confirm=false)");
    }
    if (push.size() == null) {
      return new Rejected(id, "the registry sent no manifest size; a target needs its length");
    }
    byte[] sha256 = sha256Of(push.digest());
    if (sha256 == null) {
      return new Rejected(id, "only sha256 manifest digests can be signed, got " + push.digest());
    }
    return new SignTag(id, push.tag(), sha256, push.size());
  }

  private static TagEvent ofDelete(String id, TagDeleted delete) {
    if (isAttachmentTag(delete.tag())) {
      return new Attachment(id, delete.tag());
    }
    if (delete.tag() != null) {
      return new RemoveTag(id, delete.tag());
    }
    byte[] sha256 = sha256Of(delete.digest());
    if (sha256 == null) {
      return new Rejected(id, "only sha256 manifest digests are signed, got " + delete.digest());
    }
    return new RemoveDigest(id, sha256);
  }

  private static byte[] sha256Of(String digest) {
    return digest.startsWith("sha256:") ? HexFormat.of().parseHex(digest.substring(7)) : null;
  }
}
