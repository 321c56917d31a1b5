package dev.trustpipe.signing;

import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.CustodySelection;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.ServiceCustody;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.signing.notary.TrustMetadataReader;
import dev.trustpipe.signing.pipeline.ExpiredTimestampRenewer;
import dev.trustpipe.signing.pipeline.RegistryConfirmation;
import dev.trustpipe.signing.pipeline.RegistryEventListener;
import dev.trustpipe.signing.pipeline.TrustUpdater;
import dev.trustpipe.signing.store.CachingTrustMetadataReader;
import dev.trustpipe.signing.store.TrustStoreMetadataReader;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreMigrations;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wires the core libraries into the signing-service. */
@Configuration(proxyBeanMethods = false)
public class SigningConfiguration {

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
  ExpiryPolicy expiryPolicy(Clock clock, SigningProperties properties) {
    return ExpiryPolicy.defaults(clock)
        .withTimestamp(properties.timestampExpiry())
        .withSnapshot(properties.snapshotExpiry());
  }

  /**
   * Every role's custody backend: {@code TRUSTPIPE_CUSTODY}, and {@code TRUSTPIPE_CUSTODY_ROOT} for
   * root when set (e.g. root in an HSM, online keys in Vault).
   */
  @Bean
  CustodySelection custodySelection(
      @Value("${trustpipe.custody.backend}") String backend,
      @Value("${trustpipe.custody.keystore-dir}") Path keystoreDir,
      @Value("${trustpipe.custody.pbkdf2-iterations:600000}") int iterations,
      SigningProperties properties,
      Environment environment,
      Clock clock)
      throws CustodyException {
    return ServiceCustody.select(
        backend,
        environment::getProperty,
        keystoreDir,
        properties.home().resolve("keystore-passphrase"),
        iterations,
        clock);
  }

  /** The backend of the online roles (also OCI signing keys). */
  @Bean
  KeyCustody keyCustody(CustodySelection custody) {
    return custody.forRole(RoleName.TARGETS);
  }

  @Bean
  RepositoryKeyring repositoryKeyring(CustodySelection custody) {
    return new RepositoryKeyring(custody, KeyAlgorithm.ECDSA_P256);
  }

  @Bean
  ManagedRepository managedRepository() {
    return new ManagedRepository();
  }

  @Bean
  TrustUpdater trustUpdater(
      TrustStore store,
      RepositoryKeyring keyring,
      ManagedRepository repository,
      EventCodec codec,
      ExpiryPolicy policy,
      SigningProperties properties) {
    return new TrustUpdater(
        store,
        keyring,
        repository,
        codec,
        policy,
        properties.delegationRole(),
        properties.maxAttempts());
  }

  @Bean
  ExpiredTimestampRenewer expiredTimestampRenewer(
      TrustStore store,
      RepositoryKeyring keyring,
      ManagedRepository repository,
      EventCodec codec,
      ExpiryPolicy policy) {
    return new ExpiredTimestampRenewer(store, keyring, repository, codec, policy);
  }

  /**
   * The Notary read path: current files cached per (GUN, role) for a short TTL so that polling
   * clients do not each cost a database query (docs/benchmarks.md, section 1).
   */
  @Bean
  TrustMetadataReader trustMetadataReader(
      TrustStore store,
      ExpiredTimestampRenewer renewer,
      Clock clock,
      @Value("${trustpipe.notary.read-cache-ttl:PT1S}") Duration readCacheTtl) {
    return new CachingTrustMetadataReader(
        new TrustStoreMetadataReader(store, renewer), clock, readCacheTtl);
  }

  @Bean
  RegistryEventListener registryEventListener(
      EventCodec codec,
      TrustUpdater updater,
      RegistryConfirmation registryConfirmation,
      KafkaTemplate<String, byte[]> kafka,
      Clock clock,
      MeterRegistry meters,
      @Qualifier("signingGunExecutor") ExecutorService signingGunExecutor) {
    return new RegistryEventListener(
        codec, updater, registryConfirmation, kafka, clock, meters, signingGunExecutor);
  }

  /** Threads that apply the GUNs of a batch in parallel (shared by all consumer threads). */
  @Bean(destroyMethod = "shutdown")
  ExecutorService signingGunExecutor(SigningProperties properties) {
    return daemonPool("signing-gun-", properties.parallelism());
  }

  /** A fixed pool of daemon threads named {@code prefix1, prefix2, ...}. */
  static ExecutorService daemonPool(String prefix, int threads) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        runnable -> {
          Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * A failed batch is retried, never skipped: skipping would lose pushes. The backoff caps at 30 s
   * and never gives up; health and metrics show a stuck consumer.
   */
  @Bean
  DefaultErrorHandler kafkaErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(30_000);
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    return new DefaultErrorHandler(backOff);
  }

  @Bean
  NewTopic registryEventsTopic(@Value("${trustpipe.kafka.partitions:6}") int partitions) {
    return TopicBuilder.name(Topics.REGISTRY_EVENTS).partitions(partitions).build();
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
