package dev.trustpipe.signing.notary;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the Notary v1 HTTP API ({@code trustpipe.notary.*}).
 *
 * @param port port of the (single) HTTPS connector; also serves the actuator endpoints; 0 picks a
 *     free port
 * @param address address the connector binds to
 * @param cache {@code Cache-Control} lifetimes of metadata responses
 */
@ConfigurationProperties("trustpipe.notary")
public record NotaryProperties(
    @DefaultValue("4443") int port,
    @DefaultValue("127.0.0.1") String address,
    @DefaultValue Cache cache) {

  private static final Duration MAX_CACHE_AGE = Duration.ofDays(365);

  public NotaryProperties {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("trustpipe.notary.port must be 0..65535, was " + port);
    }
  }

  /**
   * Notary's {@code caching.max_age.*}; plain numbers are seconds; 0 disables caching ({@code
   * max-age=0, no-cache, no-store} and {@code Pragma: no-cache}).
   *
   * @param currentMaxAge for {@code {role}.json} (Notary default 300 s)
   * @param consistentMaxAge for {@code {role}.{sha256}.json} and {@code {version}.{role}.json}
   *     (Notary default 30 days)
   */
  public record Cache(
      @DefaultValue("300") @DurationUnit(ChronoUnit.SECONDS) Duration currentMaxAge,
      @DefaultValue("2592000") @DurationUnit(ChronoUnit.SECONDS) Duration consistentMaxAge) {

    public Cache {
      requireCacheAge("current-max-age", currentMaxAge);
      requireCacheAge("consistent-max-age", consistentMaxAge);
    }

    private static void requireCacheAge(String name, Duration age) {
      if (age.isNegative() || age.compareTo(MAX_CACHE_AGE) > 0) {
        throw new IllegalArgumentException(
            "trustpipe.notary.cache." + name + " must be between 0 and 365 days, was " + age);
      }
    }
  }
}
