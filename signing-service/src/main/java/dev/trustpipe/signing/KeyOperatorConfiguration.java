package dev.trustpipe.signing;

import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.custody.BearerToken;
import dev.trustpipe.signing.keys.KeyRotation;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.signing.operator.ScheduledKeyRotation;
import dev.trustpipe.signing.store.TrustChangeWriter;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Key rotation (issue 9): the operator API's token, the rotation itself, and the scheduled rotation
 * policy for online keys, which runs only when {@code TRUSTPIPE_KEY_ROTATION_MAX_AGE} is set.
 */
@Configuration(proxyBeanMethods = false)
public class KeyOperatorConfiguration {

  @Bean
  KeyRotation keyRotation(
      TrustStore store,
      RepositoryKeyring keyring,
      ManagedRepository repository,
      EventCodec codec,
      ExpiryPolicy policy,
      SigningProperties properties) {
    return new KeyRotation(
        store,
        keyring,
        repository,
        new TrustChangeWriter(codec, policy.clock()),
        policy,
        properties.maxAttempts());
  }

  /** The operator API's bearer token: read from its file, generated (0600) when absent. */
  @Bean
  BearerToken operatorToken(
      @Value("${trustpipe.operator.token-file}") Path tokenFile,
      @Value("${trustpipe.operator.generate-token:true}") boolean generate) {
    return BearerToken.fromFile("operator", tokenFile, generate);
  }

  /** Passes of the scheduled rotation, or none when no max age is configured. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService scheduledKeyRotation(
      TrustStore store,
      KeyRotation rotation,
      Clock clock,
      MeterRegistry meters,
      @Value("${trustpipe.keys.rotation.max-age:}") String maxAge,
      @Value("${trustpipe.keys.rotation.roles:timestamp,snapshot}") String roles,
      @Value("${trustpipe.keys.rotation.check-interval:PT1H}") Duration interval,
      @Value("${trustpipe.keys.rotation.batch:100}") int batch) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "scheduled-key-rotation");
              thread.setDaemon(true);
              return thread;
            });
    if (maxAge.isBlank()) {
      return executor;
    }
    List<String> roleList =
        Arrays.stream(roles.split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
    for (String role : roleList) {
      if (!RepositoryKeyring.MANAGED_ROLES.contains(role)) {
        throw new IllegalArgumentException(
            "TRUSTPIPE_KEY_ROTATION_ROLES names "
                + role
                + ", not one of "
                + RepositoryKeyring.MANAGED_ROLES);
      }
    }
    ScheduledKeyRotation policy =
        new ScheduledKeyRotation(
            store, rotation, roleList, Duration.parse(maxAge.strip()), batch, clock, meters);
    executor.scheduleWithFixedDelay(
        policy::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return executor;
  }
}
