package dev.trustpipe.audit;

import dev.trustpipe.audit.api.AuditorTokens;
import dev.trustpipe.audit.api.BearerTokenFilter;
import dev.trustpipe.audit.checkpoint.CheckpointPublisher;
import dev.trustpipe.audit.checkpoint.CheckpointSigner;
import dev.trustpipe.audit.ingest.AuditEventListener;
import dev.trustpipe.audit.ingest.AuditEventMapper;
import dev.trustpipe.audit.store.AuditMigrations;
import dev.trustpipe.audit.store.AuditStore;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.ServiceCustody;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wires the transparency-log core, PostgreSQL, key custody and Kafka into the audit-service. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Migrates with the configured login (which may create the schema, role and triggers); the pooled
   * DataSource then works as {@code trustpipe.audit.db-role} (its connection-init-sql).
   */
  @Bean
  AuditStore auditStore(
      DataSource dataSource, DataSourceProperties login, AuditProperties properties, Clock clock) {
    DriverManagerDataSource migrator =
        new DriverManagerDataSource(
            login.determineUrl(), login.determineUsername(), login.determinePassword());
    AuditMigrations.migrate(migrator, properties.dbSchema(), properties.dbRole());
    return new AuditStore(dataSource, clock, properties.dbSchema());
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
      AuditProperties properties,
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
  CheckpointSigner checkpointSigner(KeyCustody custody, AuditProperties properties)
      throws CustodyException {
    return new CheckpointSigner(
        properties.origin(), CheckpointSigner.loadOrCreate(custody, properties.keyName()));
  }

  @Bean
  CheckpointPublisher checkpointPublisher(AuditStore store, CheckpointSigner signer) {
    return new CheckpointPublisher(store, signer);
  }

  @Bean
  AuditEventListener auditEventListener(EventCodec codec, AuditStore store, MeterRegistry meters) {
    return new AuditEventListener(codec, new AuditEventMapper(), store, meters);
  }

  @Bean
  AuditorTokens auditorTokens(AuditProperties properties) {
    return AuditorTokens.fromFile(properties.tokenFile(), properties.generateToken());
  }

  @Bean
  FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(AuditorTokens tokens) {
    FilterRegistrationBean<BearerTokenFilter> registration =
        new FilterRegistrationBean<>(new BearerTokenFilter(tokens));
    registration.addUrlPatterns(BearerTokenFilter.PROTECTED_PREFIX + "/*");
    return registration;
  }

  /** A failed batch is retried, never skipped: skipping would leave a trust change unaudited. */
  @Bean
  DefaultErrorHandler kafkaErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(30_000);
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    return new DefaultErrorHandler(backOff);
  }

  @Bean
  NewTopic trustChangesTopic(@Value("${trustpipe.kafka.partitions:6}") int partitions) {
    return TopicBuilder.name(Topics.TRUST_CHANGES).partitions(partitions).build();
  }

  @Bean
  NewTopic deadLetterTopic() {
    return TopicBuilder.name(Topics.DEAD_LETTER).partitions(1).build();
  }
}
