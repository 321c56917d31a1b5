package dev.trustpipe.timestamp;

import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.ServiceCustody;
import dev.trustpipe.timestamp.renewal.RenewalEngine;
import dev.trustpipe.timestamp.renewal.RenewalSettings;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreMigrations;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the core libraries into the timestamp-service. */
@Configuration(proxyBeanMethods = false)
public class TimestampConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  TrustStore trustStore(DataSource dataSource, Clock clock) {
    TrustStoreMigrations.migrate(dataSource);
    return new TrustStore(dataSource, clock);
  }

  @Bean
  EventCodec eventCodec() {
    return new EventCodec();
  }

  @Bean
  KeyCustody keyCustody(
      @Value("${trustpipe.custody.backend}") String backend,
      @Value("${trustpipe.custody.keystore-dir}") Path keystoreDir,
      @Value("${trustpipe.custody.pbkdf2-iterations:600000}") int iterations,
      TimestampProperties properties,
      Environment environment,
      Clock clock)
      throws CustodyException {
    return ServiceCustody.create(
        backend,
        environment::getProperty,
        keystoreDir,
        properties.home().resolve("keystore-passphrase"),
        iterations,
        clock);
  }

  @Bean
  RenewalSettings renewalSettings(TimestampProperties p, Clock clock) {
    ExpiryPolicy policy =
        new ExpiryPolicy(
            clock,
            ExpiryPolicy.DEFAULT_ROOT,
            p.targetsExpiry(),
            p.targetsExpiry(),
            p.snapshotExpiry(),
            p.timestampExpiry());
    return new RenewalSettings(
        policy,
        RenewalSettings.windows(
            p.timestampRenewBefore(),
            p.snapshotRenewBefore(),
            p.targetsRenewBefore(),
            p.managedTargets()),
        p.batchSize(),
        p.effectiveLease(),
        p.backoffFirst(),
        p.backoffMax(),
        p.maxConflictRetries());
  }

  @Bean(destroyMethod = "")
  RenewalEngine renewalEngine(
      TrustStore store,
      KeyCustody custody,
      EventCodec codec,
      RenewalSettings settings,
      TimestampProperties properties) {
    return new RenewalEngine(
        store,
        custody,
        new ManagedRepository(),
        codec,
        settings,
        replicaName(),
        properties.parallelism());
  }

  @Bean
  RenewalLoop renewalLoop(
      RenewalEngine engine,
      TrustStore store,
      TimestampProperties properties,
      Clock clock,
      MeterRegistry meters) {
    return new RenewalLoop(engine, store, properties, clock, meters);
  }

  @Bean("renewal")
  RenewalHealthIndicator renewalHealthIndicator(
      RenewalLoop loop, TimestampProperties properties, Clock clock) {
    return new RenewalHealthIndicator(loop, properties.effectiveDangerWindow(), clock);
  }

  /** This replica's name in its leases: host name plus a random part (two replicas never share). */
  static String replicaName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    return host + "/" + UUID.randomUUID().toString().substring(0, 8);
  }
}
