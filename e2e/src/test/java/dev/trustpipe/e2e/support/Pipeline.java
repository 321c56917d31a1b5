package dev.trustpipe.e2e.support;

import dev.trustpipe.audit.support.AuditServiceRunner;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.ingest.IngestServiceApplication;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pipeline as the quick start runs it, each part real: a KRaft Kafka broker in this JVM,
 * a database of the machine's PostgreSQL, the ingest-service on a fixed free port (the registry's
 * notification URL must survive a restart), the signing-service with registry confirmation on (its
 * default) and the audit-service on its own database (as its own tests run it), all on the same
 * home. The ingest-service and the signing-service can be stopped and started again on the same
 * state, like SIGTERM and a new process.
 */
public final class Pipeline implements AutoCloseable {
  public static final int PARTITIONS = 3;
  private static final String SIGNING_GROUP = "trustpipe-signing";

  /** The audit-service's listener id, which Spring Kafka uses as its consumer group. */
  private static final String AUDIT_GROUP = "trustpipe-audit";

  private final EmbeddedKafka kafka;
  private final TestPostgres database;
  private final TestPostgres auditDatabase;
  private final Path home;
  private final int ingestPort;
  private final String secret = "e2e-" + UUID.randomUUID();
  private ConfigurableApplicationContext ingest;
  private SigningServiceRunner signing;
  private AuditServiceRunner audit;

  private Pipeline(
      EmbeddedKafka kafka,
      TestPostgres database,
      TestPostgres auditDatabase,
      Path home,
      int ingestPort) {
    this.kafka = kafka;
    this.database = database;
    this.auditDatabase = auditDatabase;
    this.home = home;
    this.ingestPort = ingestPort;
  }

  public static Pipeline start(Path home) throws IOException {
    Pipeline pipeline =
        new Pipeline(
            new EmbeddedKafka(PARTITIONS),
            TestPostgres.create("e2e"),
            TestPostgres.create("e2eaudit"),
            home,
            DistributionRegistry.freePort());
    pipeline.startIngest();
    pipeline.startSigning();
    pipeline.startAudit();
    return pipeline;
  }

  /** The shared webhook secret (Bearer token) the ingest-service accepts. */
  public String secret() {
    return secret;
  }

  public String webhookUrl() {
    return "http://127.0.0.1:" + ingestPort + "/webhooks/distribution";
  }

  public String ingestUrl(String path) {
    return "http://127.0.0.1:" + ingestPort + path;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  /** The running audit-service: its beans (the audit log) and its HTTP API. */
  public AuditServiceRunner audit() {
    return audit;
  }

  public TrustChains trustStore() {
    return new TrustChains(database.jdbcUrl(), database.user());
  }

  /** The real notary CLI against the running signing-service. */
  /** TRUSTPIPE_HOME of the services (operator token, TLS CA). */
  public Path home() {
    return home;
  }

  /** The signing-service's HTTPS base URL (Notary API and key operator API). */
  public String signingUrl() {
    return signing.notaryUrl();
  }

  public NotaryCli notary() {
    return new NotaryCli(signing.notaryUrl(), home.resolve("tls/ca.crt"));
  }

  public synchronized void startIngest() {
    ingest =
        IngestServiceApplication.builder()
            .run(
                args(
                    Map.of(
                        "trustpipe.home",
                        home.toString(),
                        "server.port",
                        ingestPort,
                        "spring.kafka.bootstrap-servers",
                        kafka.bootstrapServers(),
                        "trustpipe.kafka.partitions",
                        PARTITIONS,
                        "trustpipe.ingest.shared-secret",
                        secret)));
  }

  public synchronized void stopIngest() {
    ingest.close();
  }

  public synchronized void startSigning() {
    signing =
        SigningServiceRunner.start(
            kafka,
            database,
            home,
            // OCI signatures on, as in the quick start: their .sig pushes come back as webhooks
            Map.of("trustpipe.registry.confirm", true, "trustpipe.oci.signatures", true));
  }

  public synchronized void stopSigning() {
    signing.close();
  }

  public synchronized void startAudit() {
    audit = AuditServiceRunner.start(kafka, auditDatabase, home, Map.of());
  }

  /**
   * Whether the signing-service has committed every record on the registry-events topic: what it
   * has not decided yet, it has not committed.
   */
  public boolean signingCaughtUp() throws InterruptedException, ExecutionException {
    return caughtUp(SIGNING_GROUP, Topics.REGISTRY_EVENTS);
  }

  /**
   * Whether the audit-service has committed every record on the trust-changes and dead-letter
   * topics: it commits a batch only after appending it to the log.
   */
  public boolean auditCaughtUp() throws InterruptedException, ExecutionException {
    return caughtUp(AUDIT_GROUP, Topics.TRUST_CHANGES, Topics.DEAD_LETTER);
  }

  /** Whether {@code group}'s committed offsets reach the end of every partition of the topics. */
  private boolean caughtUp(String group, String... topics)
      throws InterruptedException, ExecutionException {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      List<TopicPartition> partitions = new ArrayList<>();
      for (TopicDescription topic :
          admin.describeTopics(Set.of(topics)).allTopicNames().get().values()) {
        topic
            .partitions()
            .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
      }
      Map<TopicPartition, Long> ends =
          admin
              .listOffsets(
                  partitions.stream()
                      .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
              .all()
              .get()
              .entrySet()
              .stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      return partitions.stream()
          .allMatch(
              tp ->
                  ends.get(tp) == 0
                      || (committed.get(tp) != null && committed.get(tp).offset() >= ends.get(tp)));
    }
  }

  private static String[] args(Map<String, Object> properties) {
    return properties.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  @Override
  public void close() {
    try {
      if (audit != null) {
        audit.close();
      }
      if (signing != null) {
        signing.close();
      }
      if (ingest != null) {
        ingest.close();
      }
    } finally {
      try {
        kafka.close();
      } finally {
        try {
          database.close();
        } finally {
          auditDatabase.close();
        }
      }
    }
  }
}
