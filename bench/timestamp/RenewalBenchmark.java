import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.timestamp.renewal.RenewalEngine;
import dev.trustpipe.timestamp.renewal.RenewalResult;
import dev.trustpipe.timestamp.renewal.RenewalSettings;
import dev.trustpipe.truststore.NewMetadata;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreMigrations;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import dev.trustpipe.tuf.repo.RepositorySigners;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Timestamp renewal benchmark (issue 6), run by bench/timestamp/run.sh. Two figures:
 *
 * <ol>
 *   <li>renewals/s: DUE repositories whose timestamps are due, renewed by one engine (local
 *       keystore, batch BATCH, PARALLELISM signing threads) until none is left;
 *   <li>pass time with PASS_DUE due repositories among each of STORED (comma-separated) stored
 *       ones; the ones not due are synthetic rows (one far-future timestamp each) written by SQL.
 * </ol>
 *
 * Every due repository is real: created by ManagedRepository with a shared key set (one set of
 * custody keys recorded for every GUN, so seeding does not spend minutes on PBKDF2).
 */
public final class RenewalBenchmark {
  static final String PG = System.getenv().getOrDefault("TRUSTPIPE_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/");
  static final String USER = System.getenv().getOrDefault("TRUSTPIPE_TEST_PG_USER", "postgres");

  public static void main(String[] args) throws Exception {
    int due = Integer.parseInt(env("DUE", "100000"));
    int passDue = Integer.parseInt(env("PASS_DUE", "1000"));
    String[] stored = env("STORED", "10000,1000000").split(",");
    int batch = Integer.parseInt(env("BATCH", "500"));
    int parallelism = Integer.parseInt(env("PARALLELISM", "2"));
    Path keys = Files.createTempDirectory("renewal-bench-keys");
    LocalKeystoreCustody custody =
        new LocalKeystoreCustody(keys, "bench".toCharArray(), Clock.systemUTC(), 10_000);
    RepositoryKeyring keyring = new RepositoryKeyring(custody, KeyAlgorithm.ECDSA_P256);
    RepositorySigners signers = keyring.createKeys("bench.example.com/shared-keys");

    try (Database db = new Database()) {
      TrustStore store = new TrustStore(db.dataSource, Clock.systemUTC());
      seedDue(store, keyring, signers, "rate", due);
      RenewalEngine engine = engine(store, custody, batch, parallelism);
      long start = System.nanoTime();
      RenewalResult result = engine.runPass(Duration.ofHours(1));
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "renewals: %d repositories in %.2f s = %.0f renewals/s (batch %d, parallelism %d, failed %d)%n",
          result.repositoriesRenewed(), seconds, result.repositoriesRenewed() / seconds, batch,
          parallelism, result.failed().size());
      engine.close();
    }

    for (String total : stored) {
      int storedCount = Integer.parseInt(total.trim());
      try (Database db = new Database()) {
        TrustStore store = new TrustStore(db.dataSource, Clock.systemUTC());
        db.synthetic(storedCount - passDue);
        seedDue(store, keyring, signers, "pass", passDue);
        RenewalEngine engine = engine(store, custody, batch, parallelism);
        long start = System.nanoTime();
        RenewalResult result = engine.runPass(Duration.ofHours(1));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "pass: %d due among %d stored renewed in %.3f s (%d renewed)%n",
            passDue, storedCount, seconds, result.repositoriesRenewed());
        engine.close();
      }
    }
  }

  static RenewalEngine engine(TrustStore store, LocalKeystoreCustody custody, int batch, int parallelism) {
    RenewalSettings settings =
        new RenewalSettings(
            ExpiryPolicy.defaults(Clock.systemUTC()),
            RenewalSettings.windows(Duration.ofHours(2), Duration.ofDays(30), Duration.ofDays(30), true),
            batch,
            Duration.ofMinutes(1),
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            3);
    return new RenewalEngine(
        store, custody, new ManagedRepository(), new EventCodec(), settings, "bench", parallelism);
  }

  /** Real repositories whose timestamps expire in one hour (inside the two-hour window). */
  static void seedDue(
      TrustStore store, RepositoryKeyring keyring, RepositorySigners signers, String label, int count) {
    ManagedRepository repository = new ManagedRepository();
    ExpiryPolicy policy = ExpiryPolicy.defaults(Clock.systemUTC()).withTimestamp(Duration.ofHours(1));
    long start = System.nanoTime();
    for (int from = 0; from < count; from += 500) {
      int to = Math.min(count, from + 500);
      List<String> guns = new ArrayList<>();
      List<RepositoryUpdate> updates = new ArrayList<>();
      for (int i = from; i < to; i++) {
        String gun = "bench.example.com/" + label + "/app" + i;
        guns.add(gun);
        updates.add(repository.create(gun, signers, policy));
      }
      store.inTransaction(
          tx -> {
            List<NewMetadata> files = new ArrayList<>();
            for (int i = 0; i < guns.size(); i++) {
              String gun = guns.get(i);
              keyring.saveKeys(tx, gun, signers, updates.get(i));
              for (SignedMetadata f : updates.get(i).files()) {
                files.add(NewMetadata.of(gun, f.role(), f.version(), f.bytes(), f.expires()));
              }
            }
            tx.insert(files);
            return null;
          });
    }
    System.out.printf("seeded %d due repositories (%s) in %.1f s%n", count, label, (System.nanoTime() - start) / 1e9);
  }

  static String env(String name, String fallback) {
    return System.getenv().getOrDefault(name, fallback);
  }

  /** A throw-away database on the machine's PostgreSQL. */
  static final class Database implements AutoCloseable {
    final String name = "bench_timestamp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final HikariDataSource dataSource;

    Database() throws Exception {
      admin("CREATE DATABASE " + name);
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(PG + name);
      config.setUsername(USER);
      config.setMaximumPoolSize(8);
      dataSource = new HikariDataSource(config);
      TrustStoreMigrations.migrate(dataSource);
    }

    /** Repositories that are not due: one far-future timestamp row each, written by SQL. */
    void synthetic(int count) throws Exception {
      long start = System.nanoTime();
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO tuf_repository (gun, created_at) SELECT 'synthetic.example.com/r' || i, now()"
                + " FROM generate_series(1, " + count + ") i");
        s.execute(
            "INSERT INTO tuf_metadata (gun, role, version, sha256, bytes, length, expires, created_at)"
                + " SELECT 'synthetic.example.com/r' || i, 'timestamp', 1,"
                + " encode(sha256(convert_to('s' || i, 'UTF8')), 'hex'), convert_to('s' || i, 'UTF8'),"
                + " octet_length(convert_to('s' || i, 'UTF8')), now() + interval '10 days', now()"
                + " FROM generate_series(1, " + count + ") i");
        s.execute(
            "INSERT INTO tuf_current (gun, role, version, expires)"
                + " SELECT gun, role, version, expires FROM tuf_metadata WHERE gun LIKE 'synthetic.%'");
        s.execute("ANALYZE");
      }
      System.out.printf("wrote %d synthetic stored repositories in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() throws Exception {
      dataSource.close();
      admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    static void admin(String sql) throws Exception {
      try (Connection c = DriverManager.getConnection(PG + "postgres", USER, "");
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }
  }
}
