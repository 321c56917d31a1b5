package dev.trustpipe.audit.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trustpipe.audit.store.AuditMigrations;
import dev.trustpipe.audit.store.AuditStore;
import dev.trustpipe.signing.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A throw-away database on the machine's real PostgreSQL with the audit schema migrated, a pool
 * that works as the writer role (as the service does), and superuser access for tampering.
 */
public final class AuditDatabase implements AutoCloseable {
  private final TestPostgres database;
  private final HikariDataSource writer;

  public AuditDatabase() {
    database = TestPostgres.create("audit");
    AuditMigrations.migrate(
        new DriverManagerDataSource(database.jdbcUrl(), database.user(), ""),
        AuditMigrations.DEFAULT_SCHEMA,
        AuditMigrations.DEFAULT_WRITER_ROLE);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl() + "?reWriteBatchedInserts=true");
    config.setUsername(database.user());
    config.setMaximumPoolSize(4);
    config.setConnectionInitSql("SET ROLE " + AuditMigrations.DEFAULT_WRITER_ROLE);
    writer = new HikariDataSource(config);
  }

  public TestPostgres database() {
    return database;
  }

  public HikariDataSource writer() {
    return writer;
  }

  public AuditStore store(Clock clock) {
    return new AuditStore(writer, clock, AuditMigrations.DEFAULT_SCHEMA);
  }

  /** A superuser connection, as an attacker with database access would have. */
  public Connection superuser() throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
  }

  /**
   * Runs {@code sql} as a superuser with triggers disabled for the session ({@code
   * session_replication_role = replica}): what it takes to rewrite the log behind the service.
   */
  public void tamper(String... sql) throws SQLException {
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  @Override
  public void close() {
    writer.close();
    database.close();
  }
}
