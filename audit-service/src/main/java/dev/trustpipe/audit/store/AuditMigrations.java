package dev.trustpipe.audit.store;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the audit log's Flyway migrations ({@code classpath:db/migration/audit}) in its own
 * schema, with its own history table, so it can share a database with the trust store. Run it with
 * a privileged login (it creates the schema, the writer role and the triggers); the service then
 * works as the writer role.
 */
public final class AuditMigrations {
  public static final String LOCATION = "classpath:db/migration/audit";
  public static final String HISTORY_TABLE = "flyway_audit_history";
  public static final String DEFAULT_SCHEMA = "audit";
  public static final String DEFAULT_WRITER_ROLE = "trustpipe_audit_writer";

  private AuditMigrations() {}

  /** Migrates to the latest version; returns how many migrations ran now. */
  public static int migrate(DataSource dataSource, String schema, String writerRole) {
    return flyway(dataSource, schema, writerRole).migrate().migrationsExecuted;
  }

  public static Flyway flyway(DataSource dataSource, String schema, String writerRole) {
    requireIdentifier(schema);
    requireIdentifier(writerRole);
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(LOCATION)
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .table(HISTORY_TABLE)
        .placeholders(Map.of("writerRole", writerRole, "schema", schema))
        .failOnMissingLocations(true)
        .load();
  }

  /** Schema and role names go into SQL text: plain lowercase identifiers only. */
  static String requireIdentifier(String name) {
    if (name == null || !name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "not a plain lowercase SQL identifier: " + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }
}
