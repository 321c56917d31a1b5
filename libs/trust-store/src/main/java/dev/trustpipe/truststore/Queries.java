package dev.trustpipe.truststore;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL shared by reads outside a transaction ({@link TrustStore}) and inside one. Each metadata
 * read is a single index lookup: the hot HTTP path must not scan history.
 */
final class Queries {
  private Queries() {}

  private static final String METADATA_COLUMNS = "version, sha256, bytes, expires, created_at";

  // Backward scan of the primary key (gun, role, version): stops at the first row.
  private static final String CURRENT =
      "SELECT "
          + METADATA_COLUMNS
          + " FROM tuf_metadata WHERE gun = ? AND role = ? ORDER BY version DESC LIMIT 1";
  private static final String BY_VERSION =
      "SELECT "
          + METADATA_COLUMNS
          + " FROM tuf_metadata WHERE gun = ? AND role = ? AND version = ?";
  private static final String BY_CHECKSUM =
      "SELECT " + METADATA_COLUMNS + " FROM tuf_metadata WHERE gun = ? AND role = ? AND sha256 = ?";
  // Proportional to the number of roles, not to the history: tuf_current then primary-key lookups.
  private static final String CURRENT_ALL =
      "SELECT m.role, m.version, m.sha256, m.bytes, m.expires, m.created_at"
          + " FROM tuf_current c JOIN tuf_metadata m"
          + " ON m.gun = c.gun AND m.role = c.role AND m.version = c.version"
          + " WHERE c.gun = ?";
  private static final String EXPIRING_BEFORE =
      "SELECT gun, role, version, expires FROM tuf_current"
          + " WHERE role = ? AND expires < ? ORDER BY expires, gun LIMIT ?";

  private static final String CHANGE_COLUMNS = "id, created_at, gun, version, sha256, category";
  static final int DEFAULT_CHANGE_PAGE = 100;

  private static final String KEY_COLUMNS =
      "gun, role, key_id, key_type, public_key, custody_backend, custody_key_name,"
          + " custody_key_version, created_at";

  static Optional<StoredMetadata> current(Connection c, String gun, String role)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CURRENT)) {
      s.setString(1, gun);
      s.setString(2, role);
      return oneMetadata(s, gun, role);
    }
  }

  static Optional<StoredMetadata> byVersion(Connection c, String gun, String role, int version)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(BY_VERSION)) {
      s.setString(1, gun);
      s.setString(2, role);
      s.setInt(3, version);
      return oneMetadata(s, gun, role);
    }
  }

  static Optional<StoredMetadata> byChecksum(
      Connection c, String gun, String role, String sha256Hex) throws SQLException {
    // Only the lower-case form is stored, so other spellings miss, as in Notary's SQL stores.
    if (!Sha256.isLowerHex(sha256Hex)) {
      return Optional.empty();
    }
    try (PreparedStatement s = c.prepareStatement(BY_CHECKSUM)) {
      s.setString(1, gun);
      s.setString(2, role);
      s.setString(3, sha256Hex);
      return oneMetadata(s, gun, role);
    }
  }

  static Map<String, StoredMetadata> currentAll(Connection c, String gun) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CURRENT_ALL)) {
      s.setString(1, gun);
      try (ResultSet rs = s.executeQuery()) {
        Map<String, StoredMetadata> byRole = new HashMap<>();
        while (rs.next()) {
          String role = rs.getString(1);
          byRole.put(
              role,
              new StoredMetadata(
                  gun,
                  role,
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getBytes(4),
                  instant(rs, 5),
                  instant(rs, 6)));
        }
        return Collections.unmodifiableMap(byRole);
      }
    }
  }

  /**
   * The current files of many GUNs in one round trip: tuf_current's primary key, then
   * tuf_metadata's.
   */
  static Map<String, Map<String, StoredMetadata>> currentAll(Connection c, Collection<String> guns)
      throws SQLException {
    Map<String, Map<String, StoredMetadata>> byGun = new HashMap<>();
    if (guns.isEmpty()) {
      return byGun;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT c.gun, m.role, m.version, m.sha256, m.bytes, m.expires, m.created_at"
                + " FROM tuf_current c JOIN tuf_metadata m"
                + " ON m.gun = c.gun AND m.role = c.role AND m.version = c.version"
                + " WHERE c.gun = ANY(?::text[])")) {
      s.setArray(1, textArray(c, guns));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String gun = rs.getString(1);
          String role = rs.getString(2);
          byGun
              .computeIfAbsent(gun, g -> new HashMap<>())
              .put(
                  role,
                  new StoredMetadata(
                      gun,
                      role,
                      rs.getInt(3),
                      rs.getString(4),
                      rs.getBytes(5),
                      instant(rs, 6),
                      instant(rs, 7)));
        }
      }
    }
    return byGun;
  }

  /** The most recently saved key of every role of many GUNs, in one round trip. */
  static Map<String, Map<String, KeyRecord>> newestKeys(Connection c, Collection<String> guns)
      throws SQLException {
    Map<String, Map<String, KeyRecord>> byGun = new HashMap<>();
    if (guns.isEmpty()) {
      return byGun;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT DISTINCT ON (gun, role) "
                + KEY_COLUMNS
                + " FROM tuf_key WHERE gun = ANY(?::text[]) ORDER BY gun, role, seq DESC")) {
      s.setArray(1, textArray(c, guns));
      for (KeyRecord key : keyRecords(s)) {
        byGun.computeIfAbsent(key.gun(), g -> new HashMap<>()).put(key.role(), key);
      }
    }
    return byGun;
  }

  /**
   * The current key of {@code role} of every repository that has metadata, where that key was saved
   * before {@code savedBefore}, oldest first.
   */
  static List<KeyRecord> currentKeysSavedBefore(
      Connection c, String role, Instant savedBefore, int limit) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + KEY_COLUMNS
                + " FROM (SELECT DISTINCT ON (gun) * FROM tuf_key WHERE role = ?"
                + " ORDER BY gun, seq DESC) k"
                + " WHERE created_at < ? AND EXISTS (SELECT 1 FROM tuf_metadata m"
                + " WHERE m.gun = k.gun AND m.role = k.role)"
                + " ORDER BY created_at, gun LIMIT ?")) {
      s.setString(1, role);
      s.setObject(2, timestamp(savedBefore));
      s.setInt(3, limit);
      return keyRecords(s);
    }
  }

  /** The earliest expiry of a current {@code role}: the first entry of tuf_current_role_expires. */
  static Optional<ExpiringMetadata> earliestExpiring(Connection c, String role)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT gun, role, version, expires FROM tuf_current WHERE role = ?"
                + " ORDER BY expires, gun LIMIT 1")) {
      s.setString(1, role);
      return expiring(s).stream().findFirst();
    }
  }

  /** How many current {@code role} files expire before {@code threshold} (an index range count). */
  static long countExpiringBefore(Connection c, String role, Instant threshold)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT count(*) FROM tuf_current WHERE role = ? AND expires < ?")) {
      s.setString(1, role);
      s.setObject(2, timestamp(threshold));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static List<RenewalFailure> renewalFailures(Connection c, int limit) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT gun, failures, until, last_error FROM tuf_renewal_lease WHERE failures > 0"
                + " ORDER BY failures DESC, gun LIMIT ?")) {
      s.setInt(1, limit);
      List<RenewalFailure> failures = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          failures.add(
              new RenewalFailure(rs.getString(1), rs.getInt(2), instant(rs, 3), rs.getString(4)));
        }
      }
      return failures;
    }
  }

  private static Optional<StoredMetadata> oneMetadata(PreparedStatement s, String gun, String role)
      throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new StoredMetadata(
              gun,
              role,
              rs.getInt(1),
              rs.getString(2),
              rs.getBytes(3),
              instant(rs, 4),
              instant(rs, 5)));
    }
  }

  static List<ExpiringMetadata> expiringBefore(
      Connection c, String role, Instant threshold, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(EXPIRING_BEFORE)) {
      s.setString(1, role);
      s.setObject(2, timestamp(threshold));
      s.setInt(3, limit);
      return expiring(s);
    }
  }

  static List<ExpiringMetadata> expiring(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      List<ExpiringMetadata> due = new ArrayList<>();
      while (rs.next()) {
        due.add(
            new ExpiringMetadata(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4)));
      }
      return due;
    }
  }

  /**
   * Notary's changefeed paging (server/storage/sqldb.go GetChanges): forward = ids after {@code
   * changeId} ascending; backward (records < 0, or changeId < 0 meaning "from the latest") = the
   * last |records| ids before {@code changeId}, still returned ascending; 0 records = 100.
   */
  static List<ChangeRecord> changes(Connection c, Optional<String> gun, long changeId, int records)
      throws SQLException {
    long pageSize = records == 0 ? DEFAULT_CHANGE_PAGE : Math.abs((long) records);
    boolean backward = records < 0 || changeId < 0;
    StringBuilder sql =
        new StringBuilder("SELECT ").append(CHANGE_COLUMNS).append(" FROM tuf_change WHERE TRUE");
    List<Object> parameters = new ArrayList<>();
    gun.ifPresent(
        g -> {
          sql.append(" AND gun = ?");
          parameters.add(g);
        });
    if (backward) {
      if (changeId > 0) {
        sql.append(" AND id < ?");
        parameters.add(changeId);
      }
      sql.append(" ORDER BY id DESC");
    } else {
      sql.append(" AND id > ?");
      parameters.add(changeId);
      sql.append(" ORDER BY id ASC");
    }
    sql.append(" LIMIT ?");
    parameters.add(pageSize);
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        s.setObject(i + 1, parameters.get(i));
      }
      List<ChangeRecord> page = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          page.add(
              new ChangeRecord(
                  rs.getLong(1),
                  instant(rs, 2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getString(5),
                  rs.getString(6)));
        }
      }
      if (backward) {
        Collections.reverse(page);
      }
      return page;
    }
  }

  static List<KeyRecord> keys(Connection c, String gun, String role) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + KEY_COLUMNS + " FROM tuf_key WHERE gun = ? AND role = ? ORDER BY seq")) {
      s.setString(1, gun);
      s.setString(2, role);
      return keyRecords(s);
    }
  }

  static Optional<KeyRecord> newestKey(Connection c, String gun, String role) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + KEY_COLUMNS
                + " FROM tuf_key WHERE gun = ? AND role = ? ORDER BY seq DESC LIMIT 1")) {
      s.setString(1, gun);
      s.setString(2, role);
      return keyRecords(s).stream().findFirst();
    }
  }

  static Optional<KeyRecord> key(Connection c, String gun, String role, String keyId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + KEY_COLUMNS + " FROM tuf_key WHERE gun = ? AND role = ? AND key_id = ?")) {
      s.setString(1, gun);
      s.setString(2, role);
      s.setString(3, keyId);
      return keyRecords(s).stream().findFirst();
    }
  }

  private static List<KeyRecord> keyRecords(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      List<KeyRecord> keys = new ArrayList<>();
      while (rs.next()) {
        keys.add(
            new KeyRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getInt(8),
                instant(rs, 9)));
      }
      return keys;
    }
  }

  static boolean isProcessed(Connection c, String eventId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM tuf_processed_event WHERE event_id = ?")) {
      s.setString(1, eventId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** PostgreSQL keeps microseconds; truncating first makes what we write equal what we read. */
  static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static Array textArray(Connection c, Collection<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray(String[]::new));
  }
}
