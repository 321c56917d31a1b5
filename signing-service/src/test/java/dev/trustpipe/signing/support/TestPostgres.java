package dev.trustpipe.signing.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away database on the machine's real PostgreSQL (127.0.0.1:5432, trust auth), one per test
 * class so that parallel runs never share state. Fails loudly when PostgreSQL is down: CI starts
 * it.
 */
public final class TestPostgres implements AutoCloseable {
  private static final String HOST =
      System.getenv().getOrDefault("TRUSTPIPE_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/");
  private static final String USER =
      System.getenv().getOrDefault("TRUSTPIPE_TEST_PG_USER", "postgres");

  private final String name;

  private TestPostgres(String name) {
    this.name = name;
  }

  public static TestPostgres create(String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + name);
    return new TestPostgres(name);
  }

  public String jdbcUrl() {
    return HOST + name;
  }

  public String user() {
    return USER;
  }

  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(HOST + "postgres", USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL on "
              + HOST
              + " is required for this test (scripts/install-test-deps.sh starts it): "
              + e.getMessage(),
          e);
    }
  }
}
