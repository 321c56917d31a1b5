package dev.trustpipe.timestamp.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.NotaryHttp;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.timestamp.TimestampServiceApplication;
import dev.trustpipe.timestamp.renewal.RenewalEngine;
import dev.trustpipe.tuf.model.MetaFile;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the timestamp-service acceptance tests run on: a real KRaft Kafka broker, a throw-away
 * PostgreSQL database, the real signing-service (pipeline and Notary API, its TLS CA under {@code
 * home}), timestamp-service replicas sharing its database and key custody, the real {@code notary}
 * CLI; and what the tests read back from the trust store to judge the outcome.
 */
final class AcceptanceStack implements AutoCloseable {
  final Path home;
  final EmbeddedKafka kafka;
  final TestPostgres database;
  final SigningServiceRunner signing;
  final NotaryCli notary;
  final NotaryHttp http;
  private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

  private AcceptanceStack(
      Path home,
      EmbeddedKafka kafka,
      TestPostgres database,
      SigningServiceRunner signing,
      NotaryHttp http) {
    this.home = home;
    this.kafka = kafka;
    this.database = database;
    this.signing = signing;
    this.notary = new NotaryCli(signing.notaryUrl(), caCertificate(home));
    this.http = http;
  }

  /** Starts a database, Kafka and the signing-service, whose new timestamps live {@code expiry}. */
  static AcceptanceStack start(String databasePrefix, Path home, Duration timestampExpiry)
      throws Exception {
    return start(databasePrefix, home, timestampExpiry, database -> {});
  }

  /**
   * As {@link #start(String, Path, Duration)}; {@code first} runs as soon as the database exists,
   * before Kafka and the signing-service start (e.g. to launch a replica process, whose start then
   * overlaps theirs, as replicas of different services start together in production).
   */
  static AcceptanceStack start(
      String databasePrefix, Path home, Duration timestampExpiry, Consumer<TestPostgres> first)
      throws Exception {
    return start(databasePrefix, home, timestampExpiry, first, Map.of());
  }

  /**
   * As {@link #start(String, Path, Duration)}, the signing-service with {@code signingSettings} too
   * (e.g. its key custody backend: {@code trustpipe.custody.backend}, {@code VAULT_ADDR}).
   */
  static AcceptanceStack start(
      String databasePrefix,
      Path home,
      Duration timestampExpiry,
      Map<String, Object> signingSettings)
      throws Exception {
    return start(databasePrefix, home, timestampExpiry, database -> {}, signingSettings);
  }

  private static AcceptanceStack start(
      String databasePrefix,
      Path home,
      Duration timestampExpiry,
      Consumer<TestPostgres> first,
      Map<String, Object> signingSettings)
      throws Exception {
    TestPostgres database = TestPostgres.create(databasePrefix);
    EmbeddedKafka kafka = null;
    SigningServiceRunner signing = null;
    try {
      first.accept(database);
      kafka = new EmbeddedKafka(3);
      Map<String, Object> settings = new HashMap<>(signingSettings);
      settings.put("trustpipe.signing.timestamp-expiry", timestampExpiry.toString());
      signing = SigningServiceRunner.start(kafka, database, home, settings);
      return new AcceptanceStack(
          home, kafka, database, signing, new NotaryHttp(signing.notaryUrl(), caCertificate(home)));
    } catch (Exception | Error e) {
      if (signing != null) {
        signing.close();
      }
      if (kafka != null) {
        kafka.close();
      }
      database.close();
      throw e;
    }
  }

  private static Path caCertificate(Path home) {
    return home.resolve("tls/ca.crt");
  }

  /**
   * {@link #timestampServiceArgs(Path, TestPostgres, Duration, Duration, Duration)} on this stack.
   */
  String[] timestampServiceArgs(Duration expiry, Duration renewBefore, Duration interval) {
    return timestampServiceArgs(home, database, expiry, renewBefore, interval);
  }

  /**
   * The command line of a timestamp-service replica: the settings the environment sets in
   * production ({@code TRUSTPIPE_TIMESTAMP_EXPIRY}, {@code TRUSTPIPE_TIMESTAMP_RENEW_BEFORE},
   * {@code TRUSTPIPE_RENEWAL_INTERVAL}), the signing-service's database and key custody (the local
   * keystore and its generated passphrase under {@code home}), an ephemeral port.
   */
  static String[] timestampServiceArgs(
      Path home, TestPostgres database, Duration expiry, Duration renewBefore, Duration interval) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("trustpipe.home", home.toString());
    properties.put("trustpipe.custody.pbkdf2-iterations", 10_000);
    properties.put("spring.datasource.url", database.jdbcUrl());
    properties.put("spring.datasource.username", database.user());
    properties.put("server.port", 0);
    properties.put("trustpipe.timestamp.timestamp-expiry", expiry);
    properties.put("trustpipe.timestamp.timestamp-renew-before", renewBefore);
    properties.put("trustpipe.timestamp.interval", interval);
    return properties.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  /** Starts a timestamp-service replica in this JVM, as its {@code main} would; closed with us. */
  ConfigurableApplicationContext startReplica(String[] args) {
    ConfigurableApplicationContext context = TimestampServiceApplication.builder().run(args);
    replicas.add(context);
    return context;
  }

  /** Pushes {@code gun:tag} through Kafka into the signing-service, as the ingest-service does. */
  void push(String gun, String tag) {
    var push =
        RegistryEvents.push(
            gun, tag, "content-" + gun + "-" + tag, 1000 + tag.length(), "evt-" + gun + "-" + tag);
    kafka.send(Topics.REGISTRY_EVENTS, push.subject(), CODEC.encode(push));
  }

  /** {@code timestamp.json} as the Notary API serves it now. */
  SignedMetadata servedTimestamp(String gun) throws Exception {
    byte[] bytes = http.tuf(gun, "timestamp.json").orElseThrow();
    return SignedMetadata.parse(RoleName.TIMESTAMP, bytes);
  }

  /** One stored version of a role. */
  record Stored(int version, String sha256, byte[] bytes, Instant expires, Instant createdAt) {}

  /** The highest stored timestamp version of {@code gun} (0: none yet). */
  int timestampVersion(String gun) throws Exception {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT coalesce(max(version), 0) FROM tuf_metadata"
                    + " WHERE gun = ? AND role = 'timestamp'")) {
      s.setString(1, gun);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Rows of a one-column query. */
  List<String> strings(String sql, Object... parameters) throws Exception {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
      return rows;
    }
  }

  /**
   * Every stored metadata version of {@code guns} and every {@code trust.changed.v1} in the outbox
   * (what the audit-service receives), read in one repeatable-read transaction: one moment of the
   * trust store, while the replicas keep renewing.
   */
  History history(Collection<String> guns) throws Exception {
    Map<String, Map<String, List<Stored>>> metadata = new HashMap<>();
    List<CloudEvent<TrustChanged>> changes = new ArrayList<>();
    Instant readAt = Instant.now();
    try (Connection c = connect()) {
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT gun, role, version, sha256, bytes, expires, created_at FROM tuf_metadata"
                  + " WHERE gun = ANY(?) ORDER BY gun, role, version")) {
        s.setArray(1, c.createArrayOf("text", guns.toArray()));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            metadata
                .computeIfAbsent(rs.getString(1), g -> new HashMap<>())
                .computeIfAbsent(rs.getString(2), r -> new ArrayList<>())
                .add(
                    new Stored(
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getBytes(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant()));
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement("SELECT payload FROM tuf_outbox WHERE topic = ? ORDER BY id")) {
        s.setString(1, Topics.TRUST_CHANGES);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            changes.add(CODEC.decode(rs.getBytes(1), TrustChanged.class));
          }
        }
      }
      c.commit();
    }
    return new History(metadata, changes, readAt);
  }

  /**
   * The trust store at one moment.
   *
   * @param metadata GUN -> role -> stored versions, ascending
   * @param changes the {@code trust.changed.v1} events of the outbox, in order
   * @param readAt a moment just before it was read
   */
  record History(
      Map<String, Map<String, List<Stored>>> metadata,
      List<CloudEvent<TrustChanged>> changes,
      Instant readAt) {

    List<Stored> stored(String gun, String role) {
      return metadata.getOrDefault(gun, Map.of()).getOrDefault(role, List.of());
    }

    /** Timestamp versions of {@code gun} the timestamp-service stored. */
    long renewedTimestamps(String gun) {
      return changes.stream()
          .filter(e -> RenewalEngine.SOURCE.equals(e.source()))
          .map(CloudEvent::data)
          .filter(d -> d.gun().equals(gun) && d.role().equals(RoleName.TIMESTAMP))
          .count();
    }

    /**
     * The renewals not made by the timestamp-service: the Notary API's renew-on-read of an expired
     * timestamp (notary-server's behaviour, the fallback when renewal came too late).
     */
    List<TrustChanged> renewedOnRead() {
      return changes.stream()
          .filter(e -> e.data().cause() == ChangeCause.RENEWAL)
          .filter(e -> !RenewalEngine.SOURCE.equals(e.source()))
          .map(CloudEvent::data)
          .toList();
    }

    /**
     * {@code gun}'s history is whole: timestamp and snapshot versions form gapless chains 1..N;
     * each stored version was announced by exactly one {@code trust.changed.v1} naming its checksum
     * (no version signed twice, none written without its event); every timestamp version names a
     * stored snapshot (checksum and length), never an older one than its predecessor did, and every
     * stored snapshot names stored versions of the roles it lists; each timestamp was succeeded
     * before it expired, and the current one had not expired.
     */
    void assertConsistent(String gun) {
      List<Stored> timestamps = stored(gun, RoleName.TIMESTAMP);
      List<Stored> snapshots = stored(gun, RoleName.SNAPSHOT);
      assertGapless(gun, RoleName.TIMESTAMP, timestamps);
      assertGapless(gun, RoleName.SNAPSHOT, snapshots);
      for (String role : List.of(RoleName.TIMESTAMP, RoleName.SNAPSHOT)) {
        Map<Integer, List<String>> announced =
            changes.stream()
                .map(CloudEvent::data)
                .filter(d -> d.gun().equals(gun) && d.role().equals(role))
                .collect(
                    Collectors.groupingBy(
                        TrustChanged::version,
                        Collectors.mapping(TrustChanged::sha256, Collectors.toList())));
        Map<Integer, List<String>> expected =
            stored(gun, role).stream()
                .collect(Collectors.toMap(Stored::version, v -> List.of(v.sha256())));
        assertThat(announced)
            .as("%s %s: one trust.changed.v1 per stored version, with its checksum", gun, role)
            .isEqualTo(expected);
      }

      Map<String, Stored> snapshotsBySha = bySha256(snapshots);
      int previousSnapshot = 0;
      for (int i = 0; i < timestamps.size(); i++) {
        Stored timestamp = timestamps.get(i);
        SignedMetadata parsed = SignedMetadata.parse(RoleName.TIMESTAMP, timestamp.bytes());
        assertThat(parsed.version()).isEqualTo(timestamp.version());
        assertThat(parsed.sha256Hex()).isEqualTo(timestamp.sha256());
        MetaFile reference = parsed.timestamp().snapshot();
        Stored snapshot = snapshotsBySha.get(reference.hashes().sha256Hex());
        assertThat(snapshot)
            .as("%s timestamp v%d names a stored snapshot", gun, timestamp.version())
            .isNotNull();
        assertThat((long) snapshot.bytes().length)
            .as("%s timestamp v%d: length of snapshot v%d", gun, i + 1, snapshot.version())
            .isEqualTo(reference.length());
        assertThat(snapshot.version())
            .as("%s timestamp v%d never names an older snapshot than v%d did", gun, i + 1, i)
            .isGreaterThanOrEqualTo(previousSnapshot);
        previousSnapshot = snapshot.version();
        assertThat(timestamp.expires())
            .as("%s timestamp v%d outlives its snapshot", gun, timestamp.version())
            .isBeforeOrEqualTo(snapshot.expires());
        if (i > 0) {
          // the successor was stored while its predecessor was still valid: never an expired one
          assertThat(timestamp.createdAt())
              .as("%s timestamp v%d stored before v%d expired", gun, i + 1, i)
              .isBefore(timestamps.get(i - 1).expires());
        }
      }
      assertThat(timestamps.get(timestamps.size() - 1).expires())
          .as("%s current timestamp", gun)
          .isAfter(readAt);

      for (Stored snapshot : snapshots) {
        var meta = SignedMetadata.parse(RoleName.SNAPSHOT, snapshot.bytes()).snapshot().meta();
        for (Map.Entry<String, MetaFile> entry : meta.entrySet()) {
          Stored file =
              bySha256(stored(gun, entry.getKey())).get(entry.getValue().hashes().sha256Hex());
          assertThat(file)
              .as("%s snapshot v%d names a stored %s", gun, snapshot.version(), entry.getKey())
              .isNotNull();
          assertThat((long) file.bytes().length).isEqualTo(entry.getValue().length());
        }
      }
    }

    private static Map<String, Stored> bySha256(List<Stored> versions) {
      return versions.stream().collect(Collectors.toMap(Stored::sha256, v -> v));
    }

    private static void assertGapless(String gun, String role, List<Stored> versions) {
      assertThat(versions).as("%s has %s metadata", gun, role).isNotEmpty();
      assertThat(versions)
          .extracting(Stored::version)
          .as("%s %s versions", gun, role)
          .isEqualTo(IntStream.rangeClosed(1, versions.size()).boxed().toList());
    }
  }

  /** A check's result; its failure (an assertion) thrown as it is, not wrapped. */
  static <T> T outcome(Future<T> check) throws Exception {
    try {
      return check.get(2, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  Connection connect() throws Exception {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
  }

  @Override
  public void close() {
    for (int i = replicas.size() - 1; i >= 0; i--) {
      replicas.get(i).close();
    }
    signing.close();
    kafka.close();
    database.close();
  }
}
