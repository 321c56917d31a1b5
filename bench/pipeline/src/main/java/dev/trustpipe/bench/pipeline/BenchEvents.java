package dev.trustpipe.bench.pipeline;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.ImagePushed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The events of one run, encoded up front so that JSON Schema validation in {@link EventCodec}
 * costs nothing inside the measurement window (the generator shares the CPU with the service).
 */
final class BenchEvents {
  static final String REGISTRY_HOST = "bench.trustpipe.local";
  private static final String SOURCE = "distribution";
  private static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

  /** One image push: what it asks to be signed, and its encoded CloudEvent. */
  record Push(
      String eventId, String gun, String tag, String sha256Hex, long size, byte[] payload) {}

  private final EventCodec codec;
  private final Instant occurredAt;

  BenchEvents(EventCodec codec, Instant occurredAt) {
    this.codec = codec;
    this.occurredAt = occurredAt;
  }

  static List<String> guns(String runId, int count) {
    List<String> guns = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      guns.add(REGISTRY_HOST + "/" + runId + "/app" + i);
    }
    return guns;
  }

  /**
   * One push per GUN for warm-up round {@code round}: round 1 creates the repositories that do not
   * exist yet, round 2 finds their keys in custody again (see {@link PipelineLoad}).
   */
  List<Push> warmUp(List<String> guns, String runId, String scenario, int round) {
    List<Push> pushes = new ArrayList<>(guns.size());
    for (String gun : guns) {
      String tag = "warmup-" + scenario + "-" + round;
      pushes.add(push(gun, tag, runId + "/" + scenario + "/warmup" + round + "/" + gun));
    }
    return pushes;
  }

  /** {@code count} pushes, each of a new tag, to GUNs drawn uniformly with a fixed seed. */
  List<Push> measured(List<String> guns, String runId, String scenario, int count) {
    Random random = new Random(42);
    List<Push> pushes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String gun = guns.get(random.nextInt(guns.size()));
      pushes.add(push(gun, scenario + "-" + i, runId + "/" + scenario + "/" + i));
    }
    return pushes;
  }

  static Map<String, Integer> indexById(List<Push> pushes) {
    Map<String, Integer> index = new HashMap<>(pushes.size() * 2);
    for (int i = 0; i < pushes.size(); i++) {
      if (index.put(pushes.get(i).eventId(), i) != null) {
        throw new IllegalStateException("duplicate event id " + pushes.get(i).eventId());
      }
    }
    return index;
  }

  private Push push(String gun, String tag, String registryEventId) {
    String sha256Hex = sha256Hex(registryEventId);
    long size = 1000 + (registryEventId.hashCode() & 0xffff);
    int slash = gun.indexOf('/');
    ImagePushed data =
        new ImagePushed(
            gun,
            REGISTRY_HOST,
            gun.substring(slash + 1),
            tag,
            "sha256:" + sha256Hex,
            DigestResolution.REPORTED,
            MANIFEST_V2,
            size,
            "bench",
            SOURCE,
            registryEventId,
            occurredAt);
    String id = EventIds.forRegistryEvent(SOURCE, REGISTRY_HOST, registryEventId);
    byte[] payload = codec.encode(CloudEvent.of(id, "/trustpipe/bench-pipeline", occurredAt, data));
    return new Push(id, gun, tag, sha256Hex, size, payload);
  }

  private static String sha256Hex(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
