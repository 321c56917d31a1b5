package dev.trustpipe.truststore;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@link TrustStoreTransaction} on one JDBC connection with autocommit off. */
final class JdbcTrustStoreTransaction implements TrustStoreTransaction {
  private static final int LOCK_ATTEMPTS = 5;

  private final Connection connection;
  private final Clock clock;
  private final Set<String> lockedGuns = new HashSet<>();
  private boolean open = true;

  JdbcTrustStoreTransaction(Connection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  void close() {
    open = false;
  }

  @Override
  public void lockRepository(String gun) {
    Require.nonBlank(gun, "gun");
    ensureOpen();
    if (lockedGuns.contains(gun)) {
      return;
    }
    try {
      // Usually the row exists: one round trip. A new GUN is inserted (the inserter holds the row
      // lock until commit; a concurrent inserter waits, then finds the row on its next attempt).
      for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
        if (selectForUpdate(gun) || insertRepository(gun)) {
          lockedGuns.add(gun);
          return;
        }
      }
      throw new IllegalStateException("could not lock repository " + gun);
    } catch (SQLException e) {
      throw new TrustStoreException("lock repository " + gun, e);
    }
  }

  @Override
  public void lockRepositories(Collection<String> guns) {
    ensureOpen();
    List<String> todo = new TreeSet<>(guns).stream().filter(g -> !lockedGuns.contains(g)).toList();
    todo.forEach(g -> Require.nonBlank(g, "gun"));
    if (todo.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            // the lock is taken above the sort: rows are locked in GUN order, as lockRepository's
            // callers lock them one by one
            "SELECT gun FROM tuf_repository WHERE gun = ANY(?) ORDER BY gun FOR UPDATE")) {
      s.setArray(1, Queries.textArray(connection, todo));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          lockedGuns.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new TrustStoreException("lock repositories", e);
    }
    // repositories without a row yet are created one by one (rare: renewals find them all)
    todo.stream().filter(g -> !lockedGuns.contains(g)).forEach(this::lockRepository);
  }

  private boolean selectForUpdate(String gun) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("SELECT 1 FROM tuf_repository WHERE gun = ? FOR UPDATE")) {
      s.setString(1, gun);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private boolean insertRepository(String gun) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO tuf_repository (gun, created_at) VALUES (?, ?)"
                + " ON CONFLICT (gun) DO NOTHING")) {
      s.setString(1, gun);
      s.setObject(2, now());
      return s.executeUpdate() == 1;
    }
  }

  @Override
  public boolean markProcessed(String eventId) {
    Require.nonBlank(eventId, "eventId");
    ensureOpen();
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO tuf_processed_event (event_id, processed_at) VALUES (?, ?)"
                + " ON CONFLICT (event_id) DO NOTHING")) {
      s.setString(1, eventId);
      s.setObject(2, now());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new TrustStoreException("mark event processed", e);
    }
  }

  @Override
  public Set<String> markProcessed(Collection<String> eventIds) {
    ensureOpen();
    Set<String> distinct = new LinkedHashSet<>();
    for (String eventId : eventIds) {
      distinct.add(Require.nonBlank(eventId, "eventId"));
    }
    if (distinct.isEmpty()) {
      return Set.of();
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO tuf_processed_event (event_id, processed_at)"
                + " SELECT id, ? FROM unnest(?::text[]) AS ids(id)"
                + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id")) {
      s.setObject(1, now());
      s.setArray(2, Queries.textArray(connection, distinct));
      Set<String> marked = new HashSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          marked.add(rs.getString(1));
        }
      }
      Set<String> fresh = new LinkedHashSet<>(distinct);
      fresh.retainAll(marked);
      return Set.copyOf(fresh);
    } catch (SQLException e) {
      throw new TrustStoreException("mark events processed", e);
    }
  }

  @Override
  public void insert(List<NewMetadata> files) {
    ensureOpen();
    if (files.isEmpty()) {
      return;
    }
    // Lock in GUN order so two multi-GUN inserts cannot deadlock each other.
    Map<String, List<NewMetadata>> byGun = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (NewMetadata file : files) {
      Objects.requireNonNull(file, "file");
      if (!seen.add(file.gun() + '\n' + file.role())) {
        throw new IllegalArgumentException(
            "two versions of " + file.gun() + " " + file.role() + " in one insert");
      }
      byGun.computeIfAbsent(file.gun(), g -> new ArrayList<>()).add(file);
    }
    try {
      if (byGun.size() == 1) {
        Map.Entry<String, List<NewMetadata>> gunFiles = byGun.entrySet().iterator().next();
        lockRepository(gunFiles.getKey());
        requireNewerThanStored(gunFiles.getKey(), gunFiles.getValue());
      } else {
        lockRepositories(byGun.keySet());
        requireNewerThanStored(files);
      }
      OffsetDateTime createdAt = now();
      insertMetadataRows(files, createdAt);
      upsertCurrent(files);
    } catch (SQLException e) {
      throw new TrustStoreException("insert metadata", e);
    }
  }

  /** Under the repository lock: each new version must exceed the highest stored version. */
  private void requireNewerThanStored(String gun, List<NewMetadata> files) throws SQLException {
    Map<String, Integer> stored =
        highestVersions(gun, files.stream().map(NewMetadata::role).toList());
    for (NewMetadata file : files) {
      Integer highest = stored.get(file.role());
      if (highest != null && file.version() <= highest) {
        throw new VersionConflictException(gun, file.role(), file.version(), highest);
      }
    }
  }

  /** {@link #requireNewerThanStored(String, List)} for many GUNs in one round trip. */
  private void requireNewerThanStored(List<NewMetadata> files) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT f.gun, f.role, (SELECT max(m.version) FROM tuf_metadata m"
                + " WHERE m.gun = f.gun AND m.role = f.role)"
                + " FROM unnest(?::text[], ?::text[]) AS f(gun, role)")) {
      s.setArray(1, Queries.textArray(connection, files.stream().map(NewMetadata::gun).toList()));
      s.setArray(2, Queries.textArray(connection, files.stream().map(NewMetadata::role).toList()));
      Map<String, Integer> highest = new HashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          int version = rs.getInt(3);
          if (!rs.wasNull()) {
            highest.put(rs.getString(1) + '\n' + rs.getString(2), version);
          }
        }
      }
      for (NewMetadata file : files) {
        Integer stored = highest.get(file.gun() + '\n' + file.role());
        if (stored != null && file.version() <= stored) {
          throw new VersionConflictException(file.gun(), file.role(), file.version(), stored);
        }
      }
    }
  }

  private Map<String, Integer> highestVersions(String gun, List<String> roles) throws SQLException {
    // One max() per role, each a backward primary-key probe (not a scan of the role's history).
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT r.role, (SELECT max(m.version) FROM tuf_metadata m"
                + " WHERE m.gun = ? AND m.role = r.role)"
                + " FROM unnest(?::text[]) AS r(role)")) {
      s.setString(1, gun);
      s.setArray(2, Queries.textArray(connection, roles));
      Map<String, Integer> highest = new HashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          int version = rs.getInt(2);
          if (!rs.wasNull()) {
            highest.put(rs.getString(1), version);
          }
        }
      }
      return highest;
    }
  }

  private void insertMetadataRows(List<NewMetadata> files, OffsetDateTime createdAt)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO tuf_metadata"
                + " (gun, role, version, sha256, bytes, length, expires, created_at) VALUES ");
    for (int i = 0; i < files.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
    }
    // The primary key is the backstop of the version rule against writers that skipped the lock:
    // a row it refuses is missing from RETURNING and reported as a conflict.
    sql.append(" ON CONFLICT (gun, role, version) DO NOTHING RETURNING gun, role");
    Set<String> written = new HashSet<>();
    try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
      int p = 1;
      for (NewMetadata file : files) {
        s.setString(p++, file.gun());
        s.setString(p++, file.role());
        s.setInt(p++, file.version());
        s.setString(p++, file.sha256Hex());
        s.setBytes(p++, file.sharedBytes());
        s.setInt(p++, file.sharedBytes().length);
        s.setObject(p++, Queries.timestamp(file.expires()));
        s.setObject(p++, createdAt);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          written.add(rs.getString(1) + '\n' + rs.getString(2));
        }
      }
    }
    for (NewMetadata file : files) {
      if (!written.contains(file.gun() + '\n' + file.role())) {
        int highest =
            highestVersions(file.gun(), List.of(file.role()))
                .getOrDefault(file.role(), file.version());
        throw new VersionConflictException(file.gun(), file.role(), file.version(), highest);
      }
    }
  }

  private void upsertCurrent(List<NewMetadata> files) throws SQLException {
    StringBuilder sql =
        new StringBuilder("INSERT INTO tuf_current (gun, role, version, expires) VALUES ");
    for (int i = 0; i < files.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?)");
    }
    sql.append(
        " ON CONFLICT (gun, role) DO UPDATE SET version = EXCLUDED.version,"
            + " expires = EXCLUDED.expires WHERE tuf_current.version < EXCLUDED.version");
    try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
      int p = 1;
      for (NewMetadata file : files) {
        s.setString(p++, file.gun());
        s.setString(p++, file.role());
        s.setInt(p++, file.version());
        s.setObject(p++, Queries.timestamp(file.expires()));
      }
      s.executeUpdate();
    }
  }

  @Override
  public long appendOutbox(OutboxMessage message) {
    Objects.requireNonNull(message, "message");
    ensureOpen();
    if (message.id() != null) {
      throw new IllegalArgumentException("outbox message " + message.id() + " is already stored");
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO tuf_outbox (topic, message_key, payload, headers, created_at)"
                + " VALUES (?, ?, ?, jsonb_object(?::text[], ?::text[]), ?) RETURNING id")) {
      List<String> names = new ArrayList<>(message.headers().keySet());
      List<String> values = names.stream().map(message.headers()::get).toList();
      s.setString(1, message.topic());
      s.setString(2, message.key());
      s.setBytes(3, message.sharedPayload());
      s.setArray(4, Queries.textArray(connection, names));
      s.setArray(5, Queries.textArray(connection, values));
      s.setObject(6, now());
      return returnedId(s);
    } catch (SQLException e) {
      throw new TrustStoreException("append outbox message", e);
    }
  }

  @Override
  public List<Long> appendOutbox(List<OutboxMessage> messages) {
    ensureOpen();
    if (messages.isEmpty()) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO tuf_outbox (topic, message_key, payload, headers, created_at) VALUES ");
    for (int i = 0; i < messages.size(); i++) {
      OutboxMessage message = Objects.requireNonNull(messages.get(i), "message");
      if (message.id() != null) {
        throw new IllegalArgumentException("outbox message " + message.id() + " is already stored");
      }
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, jsonb_object(?::text[], ?::text[]), ?)");
    }
    sql.append(" RETURNING id");
    OffsetDateTime createdAt = now();
    try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
      int p = 1;
      for (OutboxMessage message : messages) {
        List<String> names = new ArrayList<>(message.headers().keySet());
        List<String> values = names.stream().map(message.headers()::get).toList();
        s.setString(p++, message.topic());
        s.setString(p++, message.key());
        s.setBytes(p++, message.sharedPayload());
        s.setArray(p++, Queries.textArray(connection, names));
        s.setArray(p++, Queries.textArray(connection, values));
        s.setObject(p++, createdAt);
      }
      List<Long> ids = new ArrayList<>(messages.size());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      // ids come from one sequence in VALUES order; sorted, they match the messages' order
      ids.sort(null);
      return List.copyOf(ids);
    } catch (SQLException e) {
      throw new TrustStoreException("append outbox messages", e);
    }
  }

  @Override
  public void recordChanges(List<NewChange> changes) {
    ensureOpen();
    if (changes.isEmpty()) {
      return;
    }
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO tuf_change (gun, version, sha256, category, created_at) VALUES ");
    for (int i = 0; i < changes.size(); i++) {
      NewChange change = Objects.requireNonNull(changes.get(i), "change");
      Require.nonBlank(change.gun(), "gun");
      Objects.requireNonNull(change.sha256Hex(), "sha256Hex");
      ChangeRecord.requireCategory(change.category());
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
    }
    OffsetDateTime createdAt = now();
    try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
      int p = 1;
      for (NewChange change : changes) {
        s.setString(p++, change.gun());
        s.setInt(p++, change.timestampVersion());
        s.setString(p++, change.sha256Hex());
        s.setString(p++, change.category());
        s.setObject(p++, createdAt);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new TrustStoreException("record changes", e);
    }
  }

  @Override
  public long recordChange(String gun, int timestampVersion, String sha256Hex, String category) {
    Require.nonBlank(gun, "gun");
    Objects.requireNonNull(sha256Hex, "sha256Hex");
    ChangeRecord.requireCategory(category);
    ensureOpen();
    try {
      return insertChange(gun, timestampVersion, sha256Hex, category);
    } catch (SQLException e) {
      throw new TrustStoreException("record change", e);
    }
  }

  private long insertChange(String gun, int version, String sha256Hex, String category)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO tuf_change (gun, version, sha256, category, created_at)"
                + " VALUES (?, ?, ?, ?, ?) RETURNING id")) {
      s.setString(1, gun);
      s.setInt(2, version);
      s.setString(3, sha256Hex);
      s.setString(4, category);
      s.setObject(5, now());
      return returnedId(s);
    }
  }

  @Override
  public void saveKey(KeyRecord key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    try {
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT INTO tuf_key (gun, role, key_id, key_type, public_key, custody_backend,"
                  + " custody_key_name, custody_key_version, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (gun, role, key_id) DO NOTHING")) {
        s.setString(1, key.gun());
        s.setString(2, key.role());
        s.setString(3, key.keyId());
        s.setString(4, key.keyType());
        s.setString(5, key.publicKey());
        s.setString(6, key.custodyBackend());
        s.setString(7, key.custodyKeyName());
        s.setInt(8, key.custodyKeyVersion());
        s.setObject(9, key.createdAt() == null ? now() : Queries.timestamp(key.createdAt()));
        if (s.executeUpdate() == 1) {
          return;
        }
      }
      KeyRecord existing =
          Queries.key(connection, key.gun(), key.role(), key.keyId()).orElseThrow();
      if (!existing.sameKeyAs(key)) {
        throw new IllegalStateException(
            "key "
                + key.keyId()
                + " of "
                + key.gun()
                + " "
                + key.role()
                + " is already saved with another public key or custody reference");
      }
    } catch (SQLException e) {
      throw new TrustStoreException("save key", e);
    }
  }

  @Override
  public Optional<KeyRecord> key(String gun, String role) {
    ensureOpen();
    try {
      return Queries.newestKey(connection, gun, role);
    } catch (SQLException e) {
      throw new TrustStoreException("read key", e);
    }
  }

  @Override
  public Optional<KeyRecord> key(String gun, String role, String keyId) {
    ensureOpen();
    try {
      return Queries.key(connection, gun, role, keyId);
    } catch (SQLException e) {
      throw new TrustStoreException("read key", e);
    }
  }

  @Override
  public List<KeyRecord> keys(String gun, String role) {
    ensureOpen();
    try {
      return Queries.keys(connection, gun, role);
    } catch (SQLException e) {
      throw new TrustStoreException("read keys", e);
    }
  }

  @Override
  public boolean deleteRepository(String gun) {
    Require.nonBlank(gun, "gun");
    lockRepository(gun);
    try {
      try (PreparedStatement s =
          connection.prepareStatement("DELETE FROM tuf_current WHERE gun = ?")) {
        s.setString(1, gun);
        s.executeUpdate();
      }
      int deleted;
      try (PreparedStatement s =
          connection.prepareStatement("DELETE FROM tuf_metadata WHERE gun = ?")) {
        s.setString(1, gun);
        deleted = s.executeUpdate();
      }
      // Like Notary's SQL store: no deletion record when there was nothing to delete.
      if (deleted == 0) {
        return false;
      }
      insertChange(gun, 0, "", ChangeRecord.DELETION);
      return true;
    } catch (SQLException e) {
      throw new TrustStoreException("delete repository " + gun, e);
    }
  }

  @Override
  public List<OutboxMessage> claimUnpublished(int limit) {
    requirePositiveLimit(limit);
    ensureOpen();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT o.id, o.topic, o.message_key, o.payload, o.created_at,"
                + " ARRAY(SELECT h.key FROM jsonb_each_text(o.headers) h ORDER BY h.key),"
                + " ARRAY(SELECT h.value FROM jsonb_each_text(o.headers) h ORDER BY h.key)"
                + " FROM tuf_outbox o WHERE o.published_at IS NULL"
                + " ORDER BY o.id LIMIT ? FOR UPDATE OF o SKIP LOCKED")) {
      s.setInt(1, limit);
      List<OutboxMessage> claimed = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String[] names = (String[]) rs.getArray(6).getArray();
          String[] values = (String[]) rs.getArray(7).getArray();
          Map<String, String> headers = new HashMap<>();
          for (int i = 0; i < names.length; i++) {
            headers.put(names[i], values[i]);
          }
          claimed.add(
              new OutboxMessage(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getBytes(4),
                  headers,
                  Queries.instant(rs, 5)));
        }
      }
      return claimed;
    } catch (SQLException e) {
      throw new TrustStoreException("claim outbox messages", e);
    }
  }

  @Override
  public void markPublished(List<Long> ids) {
    ensureOpen();
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE tuf_outbox SET published_at = ? WHERE id = ANY(?) AND published_at IS NULL")) {
      s.setObject(1, now());
      Array array = connection.createArrayOf("bigint", ids.toArray(Long[]::new));
      s.setArray(2, array);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new TrustStoreException("mark outbox messages published", e);
    }
  }

  @Override
  public List<ExpiringMetadata> claimExpiring(String role, Instant threshold, int limit) {
    Require.nonBlank(role, "role");
    Objects.requireNonNull(threshold, "threshold");
    requirePositiveLimit(limit);
    ensureOpen();
    // Locks the repository row (the lock every writer takes), never tuf_current, so the lock order
    // matches the writers' and replicas share the due repositories without blocking each other.
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT c.gun, c.role, c.version, c.expires FROM tuf_current c"
                + " JOIN tuf_repository r ON r.gun = c.gun"
                + " WHERE c.role = ? AND c.expires < ? ORDER BY c.expires, c.gun LIMIT ?"
                + " FOR UPDATE OF r SKIP LOCKED")) {
      s.setString(1, role);
      s.setObject(2, Queries.timestamp(threshold));
      s.setInt(3, limit);
      List<ExpiringMetadata> claimed = Queries.expiring(s);
      claimed.forEach(due -> lockedGuns.add(due.gun()));
      return claimed;
    } catch (SQLException e) {
      throw new TrustStoreException("claim expiring " + role, e);
    }
  }

  @Override
  public List<ExpiringMetadata> claimForRenewal(
      String role, Instant threshold, int limit, String holder, Instant now, Instant leaseUntil) {
    Require.nonBlank(role, "role");
    Require.nonBlank(holder, "holder");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    requirePositiveLimit(limit);
    ensureOpen();
    // Driven by tuf_current_role_expires: the scan stops after `limit` due rows that qualify.
    // Locks the repository rows (the lock every writer takes first) and never waits for one.
    List<ExpiringMetadata> candidates;
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT c.gun, c.role, c.version, c.expires FROM tuf_current c"
                + " JOIN tuf_repository r ON r.gun = c.gun"
                + " WHERE c.role = ? AND c.expires < ?"
                + " AND EXISTS (SELECT 1 FROM tuf_key k WHERE k.gun = c.gun AND k.role = c.role)"
                + " AND NOT EXISTS (SELECT 1 FROM tuf_renewal_lease l"
                + " WHERE l.gun = c.gun AND l.until > ?)"
                + " ORDER BY c.expires, c.gun LIMIT ? FOR UPDATE OF r SKIP LOCKED")) {
      s.setString(1, role);
      s.setObject(2, Queries.timestamp(threshold));
      s.setObject(3, Queries.timestamp(now));
      s.setInt(4, limit);
      candidates = Queries.expiring(s);
    } catch (SQLException e) {
      throw new TrustStoreException("claim " + role + " for renewal", e);
    }
    if (candidates.isEmpty()) {
      return candidates;
    }
    candidates.forEach(due -> lockedGuns.add(due.gun()));
    // The statement's snapshot may predate another replica's committed lease on a row it then
    // locked: the upsert sees the committed lease and leaves it, so only what we leased is ours.
    Set<String> leased =
        upsertLeases(
            candidates.stream().map(ExpiringMetadata::gun).toList(), holder, now, leaseUntil);
    return candidates.stream().filter(due -> leased.contains(due.gun())).toList();
  }

  @Override
  public boolean leaseForRenewal(String gun, String holder, Instant now, Instant leaseUntil) {
    Require.nonBlank(gun, "gun");
    Require.nonBlank(holder, "holder");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    ensureOpen();
    try {
      if (!lockedGuns.contains(gun)) {
        if (!selectForUpdate(gun)) {
          return false;
        }
        lockedGuns.add(gun);
      }
      return upsertLeases(List.of(gun), holder, now, leaseUntil).contains(gun);
    } catch (SQLException e) {
      throw new TrustStoreException("lease " + gun + " for renewal", e);
    }
  }

  /**
   * Writes leases where there is none or it ran out (or is already ours); returns those written.
   */
  private Set<String> upsertLeases(
      List<String> guns, String holder, Instant now, Instant leaseUntil) {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO tuf_renewal_lease (gun, holder, until)"
                + " SELECT g, ?, ? FROM unnest(?::text[]) AS guns(g)"
                + " ON CONFLICT (gun) DO UPDATE SET holder = EXCLUDED.holder,"
                + " until = EXCLUDED.until"
                + " WHERE tuf_renewal_lease.until <= ? OR tuf_renewal_lease.holder = EXCLUDED.holder"
                + " RETURNING gun")) {
      s.setString(1, holder);
      s.setObject(2, Queries.timestamp(leaseUntil));
      s.setArray(3, Queries.textArray(connection, guns));
      s.setObject(4, Queries.timestamp(now));
      Set<String> leased = new HashSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          leased.add(rs.getString(1));
        }
      }
      return leased;
    } catch (SQLException e) {
      throw new TrustStoreException("write renewal leases", e);
    }
  }

  @Override
  public void releaseRenewal(Collection<String> guns, String holder) {
    Require.nonBlank(holder, "holder");
    ensureOpen();
    if (guns.isEmpty()) {
      return;
    }
    // Lease rows change only under the repository lock, so claimers never wait on them.
    new java.util.TreeSet<>(guns).forEach(this::lockRepository);
    try (PreparedStatement s =
        connection.prepareStatement(
            "DELETE FROM tuf_renewal_lease WHERE gun = ANY(?::text[]) AND holder = ?")) {
      s.setArray(1, Queries.textArray(connection, guns));
      s.setString(2, holder);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new TrustStoreException("release renewal leases", e);
    }
  }

  @Override
  public RenewalFailure deferRenewal(
      String gun,
      String holder,
      Instant now,
      Duration firstBackoff,
      Duration maxBackoff,
      String error) {
    Require.nonBlank(gun, "gun");
    Require.nonBlank(holder, "holder");
    Objects.requireNonNull(now, "now");
    requirePositive(firstBackoff, "firstBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    ensureOpen();
    lockRepository(gun);
    // next attempt: now + min(max, first * 2^(failures so far)), failures so far capped for power()
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO tuf_renewal_lease (gun, holder, until, failures, last_error)"
                + " VALUES (?, ?, ?::timestamptz + make_interval(secs => least(?::double precision, ?::double precision)), 1, ?)"
                + " ON CONFLICT (gun) DO UPDATE SET holder = EXCLUDED.holder,"
                + " until = ?::timestamptz + make_interval(secs => least(?::double precision,"
                + " ?::double precision * power(2, least(tuf_renewal_lease.failures, 30)))),"
                + " failures = tuf_renewal_lease.failures + 1,"
                + " last_error = EXCLUDED.last_error"
                + " RETURNING failures, until, last_error")) {
      double first = seconds(firstBackoff);
      double max = seconds(maxBackoff);
      s.setString(1, gun);
      s.setString(2, holder);
      s.setObject(3, Queries.timestamp(now));
      s.setDouble(4, first);
      s.setDouble(5, max);
      s.setString(6, error == null ? null : truncate(error, 500));
      s.setObject(7, Queries.timestamp(now));
      s.setDouble(8, max);
      s.setDouble(9, first);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new RenewalFailure(gun, rs.getInt(1), Queries.instant(rs, 2), rs.getString(3));
      }
    } catch (SQLException e) {
      throw new TrustStoreException("defer renewal of " + gun, e);
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  @Override
  public Optional<StoredMetadata> current(String gun, String role) {
    ensureOpen();
    try {
      return Queries.current(connection, gun, role);
    } catch (SQLException e) {
      throw new TrustStoreException("read current " + role + " of " + gun, e);
    }
  }

  @Override
  public Optional<StoredMetadata> byVersion(String gun, String role, int version) {
    ensureOpen();
    try {
      return Queries.byVersion(connection, gun, role, version);
    } catch (SQLException e) {
      throw new TrustStoreException("read " + role + " v" + version + " of " + gun, e);
    }
  }

  @Override
  public Optional<StoredMetadata> byChecksum(String gun, String role, String sha256Hex) {
    ensureOpen();
    try {
      return Queries.byChecksum(connection, gun, role, sha256Hex);
    } catch (SQLException e) {
      throw new TrustStoreException("read " + role + " by checksum of " + gun, e);
    }
  }

  @Override
  public Map<String, StoredMetadata> currentAll(String gun) {
    ensureOpen();
    try {
      return Queries.currentAll(connection, gun);
    } catch (SQLException e) {
      throw new TrustStoreException("read current metadata of " + gun, e);
    }
  }

  private static long returnedId(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void requirePositiveLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
  }

  private OffsetDateTime now() {
    return Queries.timestamp(clock.instant());
  }

  private void ensureOpen() {
    if (!open) {
      throw new IllegalStateException("the trust-store transaction has already ended");
    }
  }
}
