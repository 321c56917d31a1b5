package dev.trustpipe.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * A real PostgreSQL server (zonky's embedded binaries) with its data under {@code
 * $TRUSTPIPE_HOME/postgres}, kept across restarts. It writes {@code $TRUSTPIPE_HOME/db.env} with
 * the libpq variables, so {@code set -a; . $TRUSTPIPE_HOME/db.env; psql} opens the database.
 */
final class EmbeddedDatabase implements AutoCloseable {
  static final String DATABASE = "trustpipe";
  static final String USER = "trustpipe";

  /**
   * The audit-service's append-only role (its default {@code trustpipe.audit.db-role}): only a
   * superuser may create a role, so the embedded cluster's superuser creates it here and lets
   * {@link #USER} work as it.
   */
  static final String AUDIT_WRITER_ROLE = "trustpipe_audit_writer";

  private final EmbeddedPostgres postgres;
  private final int port;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, int port, String password) {
    this.postgres = postgres;
    this.port = port;
    this.password = password;
  }

  static EmbeddedDatabase start(Path home, int port) throws IOException, SQLException {
    Path dataDir = home.resolve("postgres");
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            // TrustPipeStandalone's shutdown hook stops PostgreSQL last, after the services
            .setRegisterShutdownHook(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "100")
            .start();
    String password = passwordIn(home.resolve("db-password"));
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      ensureRoleAndDatabase(c, password);
    }
    EmbeddedDatabase database = new EmbeddedDatabase(postgres, port, password);
    database.writeDbEnv(home.resolve("db.env"));
    return database;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  String password() {
    return password;
  }

  private static void ensureRoleAndDatabase(Connection c, String password) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (!exists(c, "select 1 from pg_roles where rolname = ?", USER)) {
        // the password is generated base64, so it never needs SQL escaping beyond quotes
        s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
      }
      if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
        s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
      }
      if (!exists(c, "select 1 from pg_roles where rolname = ?", AUDIT_WRITER_ROLE)) {
        s.execute("CREATE ROLE " + AUDIT_WRITER_ROLE + " NOLOGIN");
      }
      s.execute("GRANT " + AUDIT_WRITER_ROLE + " TO " + USER);
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  private static String passwordIn(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    OwnerOnly.write(file, password + "\n");
    return password;
  }

  private void writeDbEnv(Path file) throws IOException {
    OwnerOnly.write(
        file,
        "PGHOST=127.0.0.1\n"
            + "PGPORT="
            + port
            + "\n"
            + "PGDATABASE="
            + DATABASE
            + "\n"
            + "PGUSER="
            + USER
            + "\n"
            + "PGPASSWORD="
            + password
            + "\n");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /** Files holding secrets: created 0600 before anything is written to them. */
  static final class OwnerOnly {
    private OwnerOnly() {}

    static void write(Path file, String content) throws IOException {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
  }
}
