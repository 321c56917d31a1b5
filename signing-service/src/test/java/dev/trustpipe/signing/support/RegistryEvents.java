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

  /**
   * A push as a real registry reports it: {@code registryHost} is the host to ask (the GUN's host
   * may be an alias of it); {@code digest} null with {@link DigestResolution#REQUIRED} is a Docker
   * Hub/Quay-style push without a digest.
   */
  public static CloudEvent<ImagePushed> push(
      String gun,
      String registryHost,
      String repository,
      String tag,
      String digest,
      DigestResolution resolution,
      Long size,
      String registryEventId) {
    ImagePushed data =
        new ImagePushed(
            gun,
            registryHost,
            repository,
            tag,
            digest,
            resolution,
            digest == null ? null : MANIFEST_V2,
            size,
            null,
            "distribution",
            registryEventId,
            Instant.parse("2026-11-23T09:00:00Z"));
    String id = EventIds.forRegistryEvent("distribution", registryHost, registryEventId);
    return CloudEvent.of(
        id, "/trustpipe/ingest-service", Instant.parse("2026-11-23T09:00:01Z"), data);
  }

  /** A delete as a real registry reports it; {@code tag} or {@code digest} may be null. */
  public static CloudEvent<TagDeleted> delete(
      String gun,
      String registryHost,
      String repository,
      String tag,
      String digest,
      String registryEventId) {
    TagDeleted data =
        new TagDeleted(
            gun,
            registryHost,
            repository,
            tag,
            digest,
            null,
            "distribution",
            registryEventId,
            Instant.parse("2026-11-23T09:00:00Z"));
    String id = EventIds.forRegistryEvent("distribution", registryHost, registryEventId);
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
