package dev.trustpipe.truststore;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the trust store's Flyway migrations ({@code classpath:db/migration/truststore}) to the
 * DataSource's default schema. The history lives in its own table so other services' migrations can
 * share the database.
 */
public final class TrustStoreMigrations {
  public static final String LOCATION = "classpath:db/migration/truststore";
  public static final String HISTORY_TABLE = "flyway_truststore_history";

  private TrustStoreMigrations() {}

  /**
   * Migrates to the latest version.
   *
   * @return the number of migrations applied now (0 when already up to date)
   */
  public static int migrate(DataSource dataSource) {
    return flyway(dataSource).migrate().migrationsExecuted;
  }

  /** The configured Flyway instance, for callers that want {@code validate} or {@code info}. */
  public static Flyway flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        // another service's tables may already be in the schema: start our history at 0, then V1
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .failOnMissingLocations(true)
        .load();
  }
}
