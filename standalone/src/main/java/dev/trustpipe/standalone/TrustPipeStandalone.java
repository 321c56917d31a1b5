package dev.trustpipe.standalone;

import dev.trustpipe.audit.AuditServiceApplication;
import dev.trustpipe.ingest.IngestServiceApplication;
import dev.trustpipe.signing.SigningServiceApplication;
import dev.trustpipe.timestamp.TimestampServiceApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The quick start: an embedded PostgreSQL and an embedded Kafka broker, then every TrustPipe
 * service in this JVM, each as its own Spring Boot application on its own port. Prints {@code
 * TrustPipe ready} once all of them answer; SIGINT/SIGTERM stops the services first (consumers
 * finish their batch and commit), then the broker and the database.
 */
public final class TrustPipeStandalone {
  private static final Logger log = LoggerFactory.getLogger(TrustPipeStandalone.class);

  private final List<AutoCloseable> running = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    StandaloneSettings settings = StandaloneSettings.fromEnvironment(System.getenv());
    TrustPipeStandalone standalone = new TrustPipeStandalone();
    Runtime.getRuntime().addShutdownHook(new Thread(standalone::stop, "trustpipe-shutdown"));
    try {
      standalone.start(settings, args);
    } catch (Exception e) {
      log.error("TrustPipe failed to start: {}", e.toString());
      standalone.stop();
      System.exit(1);
    }
  }

  void start(StandaloneSettings settings, String[] extraArgs) throws Exception {
    Path home = settings.home();
    Files.createDirectories(home);
    log.info("TrustPipe home: {}", home);

    String jdbcUrl = settings.externalJdbcUrl();
    String dbUser = settings.externalDbUser();
    String dbPassword = settings.externalDbPassword();
    if (jdbcUrl == null) {
      log.info("starting embedded PostgreSQL on 127.0.0.1:{}", settings.postgresPort());
      EmbeddedDatabase database = EmbeddedDatabase.start(home, settings.postgresPort());
      running.add(0, database);
      jdbcUrl = database.jdbcUrl();
      dbUser = EmbeddedDatabase.USER;
      dbPassword = database.password();
      log.info("PostgreSQL ready; psql: set -a; . {}; psql", home.resolve("db.env"));
    }

    String bootstrap = settings.externalKafka();
    if (bootstrap == null) {
      log.info("starting embedded Kafka broker on 127.0.0.1:{}", settings.kafkaPort());
      EmbeddedKafkaBroker kafka =
          EmbeddedKafkaBroker.start(
              home.resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort());
      running.add(0, kafka);
      bootstrap = kafka.bootstrapServers();
      log.info("Kafka ready at {}", bootstrap);
    }

    Map<String, Object> common = new LinkedHashMap<>();
    common.put("trustpipe.home", home.toString());
    common.put("spring.kafka.bootstrap-servers", bootstrap);
    // one logging system serves every context of this JVM and would label every line with the
    // first service's name; the thread names (e.g. trustpipe-audit-0-C-1) tell the services apart
    common.put("logging.include-application-name", "false");
    // the ingest-service keeps no database; every other service shares the one PostgreSQL
    Map<String, Object> withDatabase = new LinkedHashMap<>(common);
    withDatabase.put("spring.datasource.url", jdbcUrl);
    withDatabase.put("spring.datasource.username", dbUser);
    withDatabase.put("spring.datasource.password", dbPassword == null ? "" : dbPassword);

    log.info(
        "starting ingest-service (webhooks on http://127.0.0.1:{}/webhooks/{source})",
        settings.ingestPort());
    Map<String, Object> ingest = new LinkedHashMap<>(common);
    ingest.put("server.port", settings.ingestPort());
    running.add(0, startService(IngestServiceApplication.builder(), ingest, extraArgs));

    log.info(
        "starting signing-service (Notary v1 API on https://127.0.0.1:{})", settings.notaryPort());
    Map<String, Object> signing = new LinkedHashMap<>(withDatabase);
    signing.put("trustpipe.notary.port", settings.notaryPort());
    running.add(
        0,
        startService(
            new SpringApplicationBuilder(SigningServiceApplication.class), signing, extraArgs));

    // after the signing-service: it creates the keys and runs the trust store's migrations
    log.info(
        "starting timestamp-service (operator API on http://127.0.0.1:{})",
        settings.timestampPort());
    Map<String, Object> timestamp = new LinkedHashMap<>(withDatabase);
    timestamp.put("server.port", settings.timestampPort());
    running.add(0, startService(TimestampServiceApplication.builder(), timestamp, extraArgs));

    log.info("starting audit-service (audit API on http://127.0.0.1:{})", settings.auditPort());
    Map<String, Object> audit = new LinkedHashMap<>(withDatabase);
    audit.put("server.port", settings.auditPort());
    running.add(0, startService(AuditServiceApplication.builder(), audit, extraArgs));

    log.info(
        "TrustPipe ready: webhooks http://127.0.0.1:{}/webhooks/{source} (secret in {}),"
            + " Notary v1 API https://127.0.0.1:{} (CA {}; key operator token in {}), timestamp"
            + " operator API"
            + " http://127.0.0.1:{}, audit API http://127.0.0.1:{} (auditor token in {}), Kafka {},"
            + " database {}",
        settings.ingestPort(),
        home.resolve("webhook-secret"),
        settings.notaryPort(),
        home.resolve("tls/ca.crt"),
        home.resolve("operator-token"),
        settings.timestampPort(),
        settings.auditPort(),
        home.resolve("auditor-token"),
        bootstrap,
        jdbcUrl);
  }

  private static ConfigurableApplicationContext startService(
      SpringApplicationBuilder application, Map<String, Object> properties, String[] extraArgs) {
    List<String> args = new ArrayList<>();
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    args.addAll(List.of(extraArgs));
    // no shutdown hook per context: Spring's would close the services concurrently with stop(),
    // while stop() has already taken Kafka and PostgreSQL away, and producers then wait out
    // their close timeout. stop() closes everything, in order.
    return application.registerShutdownHook(false).run(args.toArray(String[]::new));
  }

  /**
   * In reverse start order: services first (they drain and commit), then Kafka, then PostgreSQL.
   */
  synchronized void stop() {
    for (AutoCloseable part : running) {
      try {
        part.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
    running.clear();
  }
}
