package dev.trustpipe.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the ingest-service ({@code trustpipe.ingest.*}; docs/configuration.md).
 *
 * @param maxBodySize larger deliveries get 413
 * @param deliveryTimeout how long Kafka may take to acknowledge a delivery's events before the
 *     sender gets 503 (the producer's {@code delivery.timeout.ms}; half of it bounds {@code
 *     max.block.ms})
 * @param registryAliases {@code host=alias,...}: registry hosts as events name them to the host
 *     clients use
 * @param sharedSecret the secret every source accepts unless it has its own; when empty, the quick
 *     start's generated {@code sharedSecretFile}
 * @param authMethods credential methods of a source that does not list its own
 * @param sources per-source settings, by source name
 */
@ConfigurationProperties("trustpipe.ingest")
public record IngestProperties(
    @DefaultValue("1MB") DataSize maxBodySize,
    @DefaultValue("PT4S") Duration deliveryTimeout,
    @DefaultValue("") String registryAliases,
    @DefaultValue("") String sharedSecret,
    Path sharedSecretFile,
    @DefaultValue({"bearer", "token", "hmac-sha256"}) List<String> authMethods,
    Map<String, SourceSettings> sources) {

  public IngestProperties {
    sources = sources == null ? Map.of() : Map.copyOf(sources);
  }

  /**
   * @param enabled false answers 404 for the source
   * @param secret this source's own secret (or HMAC key) instead of the shared one
   * @param secretFile a file holding this source's secret (first line)
   * @param methods accepted credential methods: bearer, token, hmac-sha256, header, none
   * @param header the header of method {@code header}, e.g. {@code X-JFrog-Event-Auth}
   * @param allowedNetworks addresses / CIDR blocks deliveries may come from; empty: any
   */
  public record SourceSettings(
      @DefaultValue("true") boolean enabled,
      String secret,
      Path secretFile,
      List<String> methods,
      String header,
      List<String> allowedNetworks) {

    /** The secret is a credential: never printed. */
    @Override
    public String toString() {
      return "SourceSettings[enabled="
          + enabled
          + ", methods="
          + methods
          + ", header="
          + header
          + ", allowedNetworks="
          + allowedNetworks
          + "]";
    }
  }

  /** The secrets are credentials: never printed. */
  @Override
  public String toString() {
    return "IngestProperties[maxBodySize="
        + maxBodySize
        + ", deliveryTimeout="
        + deliveryTimeout
        + ", registryAliases="
        + registryAliases
        + ", sharedSecretFile="
        + sharedSecretFile
        + ", authMethods="
        + authMethods
        + ", sources="
        + sources
        + "]";
  }
}
