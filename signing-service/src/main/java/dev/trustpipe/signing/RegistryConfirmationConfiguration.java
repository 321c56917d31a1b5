package dev.trustpipe.signing;

import dev.trustpipe.signing.pipeline.RegistryConfirmation;
import dev.trustpipe.signing.registry.RegistryClient;
import dev.trustpipe.signing.registry.RegistryCredentials;
import dev.trustpipe.signing.registry.RegistrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires registry confirmation ({@link RegistryProperties}) into the pipeline. */
@Configuration(proxyBeanMethods = false)
public class RegistryConfirmationConfiguration {
  private static final Logger log =
      LoggerFactory.getLogger(RegistryConfirmationConfiguration.class);

  /** The one client of the registries: confirmation reads, the OCI-signature bridge writes. */
  @Bean
  RegistryClient registryClient(RegistryProperties properties, Clock clock) {
    return new RegistryClient(settings(properties), clock);
  }

  @Bean
  RegistryConfirmation registryConfirmation(RegistryProperties properties, RegistryClient client) {
    if (!properties.confirm()) {
      log.warn(
          "registry confirmation is off (trustpipe.registry.confirm=false): pushes are signed as"
              + " the events report them, and pushes without a digest are rejected");
      return RegistryConfirmation.off();
    }
    return RegistryConfirmation.by(client);
  }

  static RegistrySettings settings(RegistryProperties properties) {
    Map<String, RegistryCredentials> credentials = new HashMap<>();
    if (!properties.authFile().isBlank()) {
      try {
        credentials.putAll(RegistrySettings.readDockerConfig(Path.of(properties.authFile())));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "trustpipe.registry.auth-file " + properties.authFile() + " is not readable", e);
      }
    }
    credentials.putAll(RegistrySettings.parseCredentials(properties.credentials()));
    return RegistrySettings.defaults()
        .withSchemes(RegistrySettings.parseSchemes(properties.schemes()))
        .withCredentials(credentials)
        .withTimeouts(properties.connectTimeout(), properties.requestTimeout())
        .withRetries(
            properties.attempts(),
            properties.backoff(),
            properties.maxBackoff(),
            properties.cooldown());
  }
}
