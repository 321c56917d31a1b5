package dev.trustpipe.timestamp.renewal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.signing.pipeline.TagEvent;
import dev.trustpipe.signing.pipeline.TrustUpdater;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.truststore.StoredMetadata;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreMigrations;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One real PostgreSQL database, a local keystore and the signing-service's own {@link TrustUpdater}
 * to create and push to repositories, with a clock the test moves.
 */
final class RenewalFixture implements AutoCloseable {
  static final Instant T0 = Instant.parse("2031-03-01T10:00:00Z");
  static final Duration TIMESTAMP_LIFETIME = Duration.ofHours(1);
  static final Duration TIMESTAMP_WINDOW = Duration.ofMinutes(30);

  final MutableClock clock = new MutableClock(T0);
  final TestPostgres database;
  final HikariDataSource dataSource;
  final TrustStore store;
  final SwitchableCustody custody;
  final RepositoryKeyring keyring;
  final EventCodec codec = new EventCodec();
  private final AtomicInteger events = new AtomicInteger();

  RenewalFixture(Path keystore) throws CustodyException {
    database = TestPostgres.create("timestamp_test");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    config.setMaximumPoolSize(10);
    dataSource = new HikariDataSource(config);
    TrustStoreMigrations.migrate(dataSource);
    store = new TrustStore(dataSource, clock);
    custody =
        new SwitchableCustody(
            new LocalKeystoreCustody(keystore, "test-passphrase".toCharArray(), clock, 10_000));
    keyring = new RepositoryKeyring(custody, KeyAlgorithm.ECDSA_P256);
  }

  ExpiryPolicy pushPolicy(Duration timestampLifetime) {
    return ExpiryPolicy.defaults(clock).withTimestamp(timestampLifetime);
  }

  TrustUpdater updater(Duration timestampLifetime) {
    return new TrustUpdater(
        store,
        keyring,
        new ManagedRepository(),
        codec,
        pushPolicy(timestampLifetime),
        RoleName.RELEASES,
        5);
  }

  RenewalSettings settings(int batchSize) {
    return new RenewalSettings(
        ExpiryPolicy.defaults(clock).withTimestamp(TIMESTAMP_LIFETIME),
        RenewalSettings.windows(TIMESTAMP_WINDOW, Duration.ofDays(30), Duration.ofDays(30), true),
        batchSize,
        Duration.ofMinutes(1),
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        3);
  }

  RenewalEngine engine(String holder, int batchSize) {
    return new RenewalEngine(
        store, custody, new ManagedRepository(), codec, settings(batchSize), holder, 1);
  }

  /** A signed push of one tag (creates the repository on its first push). */
  void push(TrustUpdater updater, String gun) throws CustodyException {
    String id = "evt-" + events.incrementAndGet() + "-" + UUID.randomUUID();
    updater.apply(gun, List.of(new TagEvent.SignTag(id, "t" + id.hashCode(), sha256(id), 1234)));
  }

  List<String> repositories(TrustUpdater updater, String label, int count) throws CustodyException {
    List<String> guns = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String gun = "registry.example.com/" + label + "/app" + i;
      push(updater, gun);
      guns.add(gun);
    }
    return guns;
  }

  StoredMetadata current(String gun, String role) {
    return store.current(gun, role).orElseThrow();
  }

  /** Every stored version of the role, ascending. */
  List<Integer> versions(String gun, String role) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT version FROM tuf_metadata WHERE gun = ? AND role = ? ORDER BY version")) {
      s.setString(1, gun);
      s.setString(2, role);
      List<Integer> versions = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          versions.add(rs.getInt(1));
        }
      }
      return versions;
    }
  }

  /** The snapshot checksum the current timestamp vouches for. */
  String snapshotReferencedBy(String gun) {
    SignedMetadata timestamp =
        SignedMetadata.parse(RoleName.TIMESTAMP, current(gun, RoleName.TIMESTAMP).bytes());
    return timestamp.timestamp().snapshot().hashes().sha256Hex();
  }

  long count(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
    database.close();
  }

  /** A clock that stays where the test puts it. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration duration) {
      now.updateAndGet(i -> i.plus(duration));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /**
   * The real local keystore, whose signing can be switched off to play a custody outage (Vault
   * down): signing then fails as a remote backend's would, with a {@link CustodyException}.
   */
  static final class SwitchableCustody implements KeyCustody {
    private final KeyCustody delegate;
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger signatures = new AtomicInteger();

    SwitchableCustody(KeyCustody delegate) {
      this.delegate = delegate;
    }

    @Override
    public SigningKey create(String keyName, KeyAlgorithm algorithm) throws CustodyException {
      return wrap(delegate.create(keyName, algorithm));
    }

    @Override
    public SigningKey get(KeyReference reference) throws CustodyException {
      return wrap(delegate.get(reference));
    }

    @Override
    public SigningKey rotate(String keyName) throws CustodyException {
      return wrap(delegate.rotate(keyName));
    }

    @Override
    public String backendName() {
      return delegate.backendName();
    }

    private SigningKey wrap(SigningKey key) {
      return new SigningKey() {
        @Override
        public KeyReference reference() {
          return key.reference();
        }

        @Override
        public KeyAlgorithm algorithm() {
          return key.algorithm();
        }

        @Override
        public PublicKey publicKey() {
          return key.publicKey();
        }

        @Override
        public byte[] sign(byte[] message) throws CustodyException {
          check();
          signatures.incrementAndGet();
          return key.sign(message);
        }

        @Override
        public byte[] signDigest(byte[] digest) throws CustodyException {
          check();
          signatures.incrementAndGet();
          return key.signDigest(digest);
        }

        private void check() throws CustodyException {
          if (down.get()) {
            throw new CustodyException("custody unavailable: connection refused (test outage)");
          }
        }
      };
    }
  }
}
