package dev.trustpipe.truststore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throw-away database {@code truststore_test_<random>} on the machine's real PostgreSQL
 * (127.0.0.1:5432, user postgres, trust auth), created before a test class and dropped after it, so
 * parallel runs never share state. When PostgreSQL is down the class FAILS (it is not skipped): CI
 * starts PostgreSQL. Override the server with TRUSTPIPE_TEST_PG / TRUSTPIPE_TEST_PG_USER.
 */
final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
  private static final String SERVER =
      System.getenv().getOrDefault("TRUSTPIPE_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/");
  private static final String USER =
      System.getenv().getOrDefault("TRUSTPIPE_TEST_PG_USER", "postgres");

  private final boolean migrate;
  private String name;
  private HikariDataSource dataSource;

  private TestDatabase(boolean migrate) {
    this.migrate = migrate;
  }

  /** A database with the trust-store schema applied. */
  static TestDatabase migrated() {
    return new TestDatabase(true);
  }

  /** An empty database (for migration tests). */
  static TestDatabase empty() {
    return new TestDatabase(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String database =
        "truststore_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + database);
    name = database;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(SERVER + name);
    config.setUsername(USER);
    config.setMaximumPoolSize(12);
    config.setPoolName(name);
    dataSource = new HikariDataSource(config);
    if (migrate) {
      TrustStoreMigrations.migrate(dataSource);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (dataSource != null) {
      dataSource.close();
    }
    if (name != null) {
      admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  DataSource dataSource() {
    return dataSource;
  }

  String name() {
    return name;
  }

  /** A connection outside the pool, e.g. to observe or to play a misbehaving writer. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(SERVER + name, properties());
  }

  /** How many sessions of this database are blocked waiting for a lock right now. */
  int sessionsWaitingForLock() {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("connectTimeout", "5");
    return properties;
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", properties());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "The trust-store tests need the real PostgreSQL at "
              + SERVER
              + " (user "
              + USER
              + ", trust auth); CI starts it. Start it locally (e.g. `pg_ctlcluster 15 main start`)"
              + " or point TRUSTPIPE_TEST_PG at one. Failed to run `"
              + sql
              + "`: "
              + e.getMessage(),
          e);
    }
  }
}
