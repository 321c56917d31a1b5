package dev.trustpipe.truststore;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TrustStoreMigrationsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.empty();

  @Test
  void migratesASchemaThatAlreadyHoldsAnotherServicesTablesAndIsIdempotent() throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      // another service migrated first, with its own Flyway history table
      s.execute("CREATE TABLE audit_entry (id bigint PRIMARY KEY)");
      s.execute("CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY)");
    }

    assertThat(TrustStoreMigrations.migrate(db.dataSource())).isEqualTo(2);
    assertThat(TrustStoreMigrations.migrate(db.dataSource())).isZero();

    assertThat(tables())
        .contains(
            "tuf_repository",
            "tuf_metadata",
            "tuf_current",
            "tuf_processed_event",
            "tuf_outbox",
            "tuf_change",
            "tuf_key",
            "tuf_renewal_lease",
            "flyway_truststore_history",
            "audit_entry");
    assertThat(
            query(
                "SELECT version FROM flyway_truststore_history"
                    + " WHERE success AND type = 'SQL' ORDER BY installed_rank"))
        .containsExactly("1", "2");
    assertThat(query("SELECT count(*) FROM flyway_schema_history")).containsExactly("0");
    assertThat(
            TrustStoreMigrations.flyway(db.dataSource()).validateWithResult().validationSuccessful)
        .isTrue();
  }

  private List<String> tables() throws SQLException {
    return query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
  }

  private List<String> query(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }
}
