package dev.trustpipe.timestamp.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.Topics;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.timestamp.TimestampServiceApplication;
import dev.trustpipe.timestamp.renewal.RenewalEngine;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.tuf.model.RoleName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 6's acceptance, scaled down for CI: with 15 s timestamps renewed 10 s before expiry, a few
 * repositories pushed through real Kafka into the real signing-service stay verifiable by the real
 * {@code notary} CLI across several renewal periods, and no stored timestamp was ever current past
 * its expiry. The timestamp-service runs as in production (its Spring Boot application).
 */
class ShortExpiryAcceptanceTest {
  private static final List<String> GUNS =
      List.of(
          "registry.example.com:5000/renew/app0",
          "registry.example.com:5000/renew/app1",
          "registry.example.com:5000/renew/app2");
  private static final int RENEWALS = 4;

  @TempDir static Path home;
  static EmbeddedKafka kafka;
  static TestPostgres database;
  static SigningServiceRunner signing;
  static ConfigurableApplicationContext timestamp;
  static NotaryCli notary;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    kafka = new EmbeddedKafka(3);
    database = TestPostgres.create("timestamp_e2e");
    signing =
        SigningServiceRunner.start(
            kafka, database, home, Map.of("trustpipe.signing.timestamp-expiry", "PT15S"));
    Map<String, Object> properties = new HashMap<>();
    properties.put("trustpipe.home", home.toString());
    properties.put("trustpipe.custody.pbkdf2-iterations", 10_000);
    properties.put("spring.datasource.url", database.jdbcUrl());
    properties.put("spring.datasource.username", database.user());
    properties.put("server.port", 0);
    // TRUSTPIPE_TIMESTAMP_EXPIRY=PT15S, TRUSTPIPE_TIMESTAMP_RENEW_BEFORE=PT10S, interval 1 s
    properties.put("trustpipe.timestamp.timestamp-expiry", "PT15S");
    properties.put("trustpipe.timestamp.timestamp-renew-before", "PT10S");
    properties.put("trustpipe.timestamp.interval", "PT1S");
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    timestamp = TimestampServiceApplication.builder().run(args);
    notary = new NotaryCli(signing.notaryUrl(), home.resolve("tls/ca.crt"));
  }

  @AfterAll
  static void stop() {
    if (timestamp != null) {
      timestamp.close();
    }
    if (signing != null) {
      signing.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void shortLivedTimestampsStayVerifiableByTheRealNotaryCliAcrossRenewals() throws Exception {
    for (int g = 0; g < GUNS.size(); g++) {
      var push = RegistryEvents.push(GUNS.get(g), "v1", "content-" + g, 1000 + g, "evt-" + g);
      kafka.send(Topics.REGISTRY_EVENTS, push.subject(), CODEC.encode(push));
    }
    TrustStore store = signing.bean(TrustStore.class);
    await()
        .atMost(1, TimeUnit.MINUTES)
        .until(() -> GUNS.stream().allMatch(g -> store.current(g, RoleName.TIMESTAMP).isPresent()));
    Map<String, Integer> first = new HashMap<>();
    GUNS.forEach(g -> first.put(g, store.current(g, RoleName.TIMESTAMP).orElseThrow().version()));

    // list every repository with the real CLI, again and again, until each timestamp was renewed
    // several times; a failing `notary list` fails the test at once
    await()
        .atMost(90, TimeUnit.SECONDS)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              for (String gun : GUNS) {
                assertThat(notary.list(gun)).as("notary list %s", gun).hasSize(1);
              }
              return GUNS.stream()
                  .allMatch(
                      g ->
                          store.current(g, RoleName.TIMESTAMP).orElseThrow().version()
                              >= first.get(g) + RENEWALS);
            });

    for (String gun : GUNS) {
      List<Version> chain = timestamps(gun);
      assertThat(chain)
          .extracting(Version::version)
          .isEqualTo(java.util.stream.IntStream.rangeClosed(1, chain.size()).boxed().toList());
      for (int i = 1; i < chain.size(); i++) {
        // the successor was stored while its predecessor was still valid: never an expired one
        assertThat(chain.get(i).createdAt())
            .as("%s timestamp v%d stored before v%d expired", gun, i + 1, i)
            .isBefore(chain.get(i - 1).expires());
      }
    }
    // the renewals came from the timestamp-service, not from the API's renew-on-read
    assertThat(countOutbox(RenewalEngine.SOURCE)).isGreaterThanOrEqualTo(GUNS.size() * RENEWALS);

    // operator API and readiness
    HttpResponse<String> expiring = get("/api/v1/expiring?within=PT1M");
    assertThat(expiring.statusCode()).isEqualTo(200);
    assertThat(expiring.body()).contains(GUNS.get(0)).contains("\"renewable\":true");
    assertThat(get("/api/v1/expiring?within=yesterday").statusCode()).isEqualTo(400);
    int before = store.current(GUNS.get(1), RoleName.TIMESTAMP).orElseThrow().version();
    HttpResponse<String> forced = post("/api/v1/renew/" + GUNS.get(1));
    assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
    assertThat(store.current(GUNS.get(1), RoleName.TIMESTAMP).orElseThrow().version())
        .isGreaterThan(before);
    assertThat(post("/api/v1/renew/registry.example.com/nothing").statusCode()).isEqualTo(404);
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () -> assertThat(get("/actuator/health/readiness").body()).contains("\"UP\""));
    assertThat(get("/actuator/prometheus").body())
        .contains("trustpipe_renewal_renewals_total")
        .contains("trustpipe_renewal_earliest_expiry_seconds")
        .contains("trustpipe_renewal_backlog")
        .contains("trustpipe_renewal_offline_expiring");
  }

  record Version(int version, Instant expires, Instant createdAt) {}

  private static List<Version> timestamps(String gun) throws Exception {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT version, expires, created_at FROM tuf_metadata"
                    + " WHERE gun = ? AND role = 'timestamp' ORDER BY version")) {
      s.setString(1, gun);
      List<Version> versions = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          versions.add(
              new Version(
                  rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()));
        }
      }
      return versions;
    }
  }

  private static long countOutbox(String source) throws Exception {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM tuf_outbox WHERE convert_from(payload, 'UTF8') LIKE ?")) {
      s.setString(1, "%\"source\":\"" + source + "\"%");
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String baseUrl() {
    return "http://127.0.0.1:"
        + ((ServletWebServerApplicationContext) timestamp).getWebServer().getPort();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> post(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
