package dev.trustpipe.truststore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** Test data: signed-metadata-like byte strings and a clock the test moves. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123456Z");
  static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(3650));

  private Fixtures() {}

  static String uniqueGun(String label) {
    return "registry.example.com/" + label + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  static NewMetadata metadata(String gun, String role, int version, Instant expires) {
    return metadata(gun, role, version, expires, "");
  }

  /** {@code marker} makes the bytes of two writers of the same version differ. */
  static NewMetadata metadata(
      String gun, String role, int version, Instant expires, String marker) {
    String json =
        "{\"signed\":{\"_type\":\"%s\",\"expires\":\"%s\",\"gun\":\"%s\",\"marker\":\"%s\",\"version\":%d},\"signatures\":[]}"
            .formatted(role, expires, gun, marker, version);
    return NewMetadata.of(gun, role, version, json.getBytes(StandardCharsets.UTF_8), expires);
  }

  static String sha256(String text) {
    return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A clock that stays where the test puts it. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration duration) {
      now.updateAndGet(i -> i.plus(duration));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
