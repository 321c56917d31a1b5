package dev.trustpipe.signing.support;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.TagDeleted;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** Registry events as the ingest-service produces them (CloudEvents, encoded by EventCodec). */
public final class RegistryEvents {
  public static final EventCodec CODEC = new EventCodec();
  private static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

  private RegistryEvents() {}

  /** A push of {@code gun:tag}; the digest hex is derived from {@code content}. */
  public static CloudEvent<ImagePushed> push(
      String gun, String tag, String content, long size, String registryEventId) {
    int slash = gun.indexOf('/');
    String host = gun.substring(0, slash);
    ImagePushed data =
        new ImagePushed(
            gun,
            host,
            gun.substring(slash + 1),
            tag,
            "sha256:" + sha256Hex(content),
            DigestResolution.REPORTED,
            MANIFEST_V2,
            size,
            "ci-bot",
            "distribution",
            registryEventId,
            Instant.parse("2026-11-23T09:00:00Z"));
    String id = EventIds.forRegistryEvent("distribution", host, registryEventId);
    return CloudEvent.of(
        id, "/trustpipe/ingest-service", Instant.parse("2026-11-23T09:00:01Z"), data);
  }

  public static CloudEvent<TagDeleted> deleteTag(String gun, String tag, String registryEventId) {
    int slash = gun.indexOf('/');
    String host = gun.substring(0, slash);
    TagDeleted data =
        new TagDeleted(
            gun,
            host,
            gun.substring(slash + 1),
            tag,
            null,
            "ci-bot",
            "distribution",
            registryEventId,
            Instant.parse("2026-11-23T09:00:00Z"));
    String id = EventIds.forRegistryEvent("distribution", host, registryEventId);
    return CloudEvent.of(
        id, "/trustpipe/ingest-service", Instant.parse("2026-11-23T09:00:01Z"), data);
  }

  public static String sha256Hex(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
