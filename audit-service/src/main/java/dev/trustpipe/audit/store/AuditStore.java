package dev.trustpipe.audit.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trustpipe.translog.AuditEntry;
import dev.trustpipe.translog.ChainVerifier;
import dev.trustpipe.translog.CompactRange;
import dev.trustpipe.translog.HashedEntry;
import dev.trustpipe.translog.Hashes;
import dev.trustpipe.translog.MerkleTree;
import dev.trustpipe.translog.SubtreeHashes;
import dev.trustpipe.translog.VerificationReport;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The audit log in PostgreSQL: append (idempotent by event id, one writer at a time through a
 * transaction-scoped advisory lock), queries, the Merkle tree's stored subtrees, checkpoints, and
 * verification of the stored chain. Only SELECT and INSERT are ever issued.
 */
public final class AuditStore {
  /** Advisory lock keys ("audit" in ASCII), one for appends and one for checkpoint signing. */
  static final long APPEND_LOCK = 0x6175646974L;

  static final long CHECKPOINT_LOCK = 0x6175646974L + 1;

  private static final int VERIFY_CHUNK = 4096;

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String COLUMNS =
      "sequence, time, event_id, event_type, action, gun, actor, source, role, version,"
          + " metadata_sha256, tag, digest, targets::text, key_ids, cause_event_ids, detail,"
          + " prev_hash, entry_hash";

  private final DataSource dataSource;
  private final Clock clock;
  private final String entries;
  private final String nodes;
  private final String checkpoints;
  private CompactRange cachedRange;

  public AuditStore(DataSource dataSource, Clock clock, String schema) {
    this.dataSource = dataSource;
    this.clock = clock;
    String s = AuditMigrations.requireIdentifier(schema);
    this.entries = s + ".audit_entry";
    this.nodes = s + ".audit_tree_node";
    this.checkpoints = s + ".audit_checkpoint";
  }

  /**
   * Appends one entry per event not yet in the log, in the given order, in one transaction. Each
   * draft's {@code sequence} and {@code prevHash} are placeholders; the store assigns them.
   *
   * @return the entries appended now (events already logged are skipped)
   */
  public List<StoredEntry> append(List<AuditEntry> drafts) {
    Map<String, AuditEntry> byEventId = new LinkedHashMap<>();
    drafts.forEach(d -> byEventId.putIfAbsent(d.eventId(), d));
    if (byEventId.isEmpty()) {
      return List.of();
    }
    synchronized (this) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          List<StoredEntry> appended = appendLocked(c, byEventId);
          c.commit();
          return appended;
        } catch (SQLException | RuntimeException e) {
          cachedRange = null;
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        throw new AuditStoreException("appending to the audit log failed", e);
      }
    }
  }

  private List<StoredEntry> appendLocked(Connection c, Map<String, AuditEntry> byEventId)
      throws SQLException {
    lock(c, APPEND_LOCK);
    try (PreparedStatement known =
        c.prepareStatement("SELECT event_id FROM " + entries + " WHERE event_id = ANY (?)")) {
      known.setArray(1, c.createArrayOf("text", byEventId.keySet().toArray()));
      try (ResultSet rs = known.executeQuery()) {
        while (rs.next()) {
          byEventId.remove(rs.getString(1));
        }
      }
    }
    if (byEventId.isEmpty()) {
      return List.of();
    }
    long size = 0;
    String prev = AuditEntry.GENESIS;
    try (PreparedStatement head =
            c.prepareStatement(
                "SELECT sequence, entry_hash FROM " + entries + " ORDER BY sequence DESC LIMIT 1");
        ResultSet rs = head.executeQuery()) {
      if (rs.next()) {
        size = rs.getLong(1);
        prev = rs.getString(2);
      }
    }
    CompactRange range = cachedRange;
    if (range == null || range.size() != size) {
      range = CompactRange.of(size, subtrees(c));
    }
    cachedRange = null;
    Timestamp now = Timestamp.from(clock.instant());
    List<StoredEntry> appended = new ArrayList<>(byEventId.size());
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO "
                    + entries
                    + " (sequence, time, event_id, event_type, action, gun, actor, source, role,"
                    + " version, metadata_sha256, tag, digest, targets, key_ids, cause_event_ids,"
                    + " detail, prev_hash, entry_hash, recorded_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)");
        PreparedStatement node =
            c.prepareStatement("INSERT INTO " + nodes + " (level, idx, hash) VALUES (?, ?, ?)")) {
      for (AuditEntry draft : byEventId.values()) {
        AuditEntry entry = draft.at(++size, prev);
        byte[] canonical = entry.canonicalBytes();
        String hash = Hashes.hex(Hashes.sha256(canonical));
        bindEntry(c, insert, entry, hash, now);
        insert.addBatch();
        for (CompactRange.Node n : range.append(Hashes.leafHash(canonical))) {
          node.setShort(1, (short) n.level());
          node.setLong(2, n.index());
          node.setBytes(3, n.hash());
          node.addBatch();
        }
        appended.add(new StoredEntry(entry, hash));
        prev = hash;
      }
      insert.executeBatch();
      node.executeBatch();
    }
    cachedRange = range;
    return appended;
  }

  private static void bindEntry(
      Connection c, PreparedStatement insert, AuditEntry e, String hash, Timestamp now)
      throws SQLException {
    insert.setLong(1, e.sequence());
    insert.setObject(2, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
    insert.setString(3, e.eventId());
    insert.setString(4, e.eventType());
    insert.setString(5, e.action());
    insert.setString(6, e.gun());
    insert.setString(7, e.actor());
    insert.setString(8, e.source());
    insert.setString(9, e.role());
    insert.setObject(10, e.version(), java.sql.Types.INTEGER);
    insert.setString(11, e.metadataSha256());
    insert.setString(12, e.tag());
    insert.setString(13, e.digest());
    insert.setString(14, targetsJson(e.targets()));
    insert.setArray(15, c.createArrayOf("text", e.keyIds().toArray()));
    insert.setArray(16, c.createArrayOf("text", e.causeEventIds().toArray()));
    insert.setString(17, e.detail());
    insert.setString(18, e.prevHash());
    insert.setString(19, hash);
    insert.setTimestamp(20, now);
  }

  /** Number of entries (the current tree size). */
  public long size() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT coalesce(max(sequence), 0) FROM " + entries);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AuditStoreException("reading the log size failed", e);
    }
  }

  public Optional<StoredEntry> get(long sequence) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + COLUMNS + " FROM " + entries + " WHERE sequence = ?")) {
      s.setLong(1, sequence);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new AuditStoreException("reading entry " + sequence + " failed", e);
    }
  }

  /**
   * Entries matching {@code filter}, newest first, at most {@code limit}, all below {@code
   * beforeSequence} when it is given (the cursor).
   */
  public List<StoredEntry> query(EntryFilter filter, int limit, Long beforeSequence) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + entries + " WHERE true");
    where(filter, sql, params);
    if (beforeSequence != null) {
      sql.append(" AND sequence < ?");
      params.add(beforeSequence);
    }
    sql.append(" ORDER BY sequence DESC LIMIT ?");
    params.add(limit);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      bind(s, params);
      List<StoredEntry> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new AuditStoreException("querying the audit log failed", e);
    }
  }

  /** Streams the matching entries oldest first to {@code sink}, without holding them in memory. */
  public void export(EntryFilter filter, Consumer<StoredEntry> sink) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + entries + " WHERE true");
    where(filter, sql, params);
    sql.append(" ORDER BY sequence");
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        s.setFetchSize(2000);
        forceBinaryTransfer(s);
        bind(s, params);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            sink.accept(read(rs));
          }
        }
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new AuditStoreException("exporting the audit log failed", e);
    }
  }

  /**
   * Rows in PostgreSQL's binary format (timestamps, arrays): decoding them is most of the cost of
   * reading the whole log. A negative prepare threshold is pgjdbc's "force binary" switch.
   */
  private static void forceBinaryTransfer(PreparedStatement s) throws SQLException {
    if (s.isWrapperFor(org.postgresql.PGStatement.class)) {
      s.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
    }
  }

  /**
   * Re-checks the whole stored log: the hash chain and every entry hash recomputed from the row's
   * columns, and the Merkle root at each given checkpoint size.
   *
   * @param signedRoots roots of checkpoints whose signatures the caller verified, by tree size
   */
  public VerificationReport verify(Map<Long, byte[]> signedRoots) {
    ChainVerifier verifier = new ChainVerifier(signedRoots);
    List<StoredEntry> chunk = new ArrayList<>(VERIFY_CHUNK);
    // hashing is independent per entry: chunk N is hashed (in parallel) while chunk N+1 is read;
    // the chain is then checked in order, here on the reading thread
    AtomicReference<CompletableFuture<List<HashedEntry>>> pending = new AtomicReference<>();
    Runnable drain =
        () -> {
          CompletableFuture<List<HashedEntry>> hashing = pending.getAndSet(null);
          if (hashing != null) {
            hashing.join().forEach(verifier::accept);
          }
        };
    Consumer<List<StoredEntry>> submit =
        rows -> {
          drain.run();
          if (verifier.failed()) {
            rows.forEach(r -> verifier.skip());
            return;
          }
          List<StoredEntry> mine = List.copyOf(rows);
          pending.set(
              CompletableFuture.supplyAsync(
                  () ->
                      HashedEntry.allOf(
                          mine, r -> HashedEntry.of(r.entry(), r.storedEntryHash(), null))));
        };
    export(
        EntryFilter.ALL,
        stored -> {
          chunk.add(stored);
          if (chunk.size() == VERIFY_CHUNK) {
            submit.accept(chunk);
            chunk.clear();
          }
        });
    submit.accept(chunk);
    drain.run();
    return verifier.finish();
  }

  /** {@code MTH} of the first {@code size} entries, from the stored subtrees. */
  public byte[] rootHash(long size) {
    return withSubtrees(nodes -> MerkleTree.rootHash(size, nodes));
  }

  public List<byte[]> inclusionProof(long index, long size) {
    return withSubtrees(nodes -> MerkleTree.inclusionProof(index, size, nodes));
  }

  public List<byte[]> consistencyProof(long size1, long size2) {
    return withSubtrees(nodes -> MerkleTree.consistencyProof(size1, size2, nodes));
  }

  private <T> T withSubtrees(java.util.function.Function<SubtreeHashes, T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.apply(subtrees(c));
    } catch (SQLException e) {
      throw new AuditStoreException("reading the Merkle tree failed", e);
    }
  }

  private SubtreeHashes subtrees(Connection c) {
    Map<Long, byte[]> memo = new HashMap<>();
    return (level, index) -> {
      long key = ((long) level << 56) | index;
      byte[] cached = memo.get(key);
      if (cached != null) {
        return cached;
      }
      try (PreparedStatement s =
          c.prepareStatement("SELECT hash FROM " + nodes + " WHERE level = ? AND idx = ?")) {
        s.setShort(1, (short) level);
        s.setLong(2, index);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException(
                "the audit tree has no complete subtree at level " + level + ", index " + index);
          }
          byte[] hash = rs.getBytes(1);
          memo.put(key, hash);
          return hash;
        }
      } catch (SQLException e) {
        throw new AuditStoreException("reading the Merkle tree failed", e);
      }
    };
  }

  /** The newest checkpoint, if any was signed. */
  public Optional<StoredCheckpoint> latestCheckpoint() {
    List<StoredCheckpoint> latest = checkpoints("ORDER BY tree_size DESC LIMIT 1");
    return latest.isEmpty() ? Optional.empty() : Optional.of(latest.get(0));
  }

  public List<StoredCheckpoint> allCheckpoints() {
    return checkpoints("ORDER BY tree_size");
  }

  private List<StoredCheckpoint> checkpoints(String tail) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT tree_size, root_hash, note, signed_at FROM " + checkpoints + " " + tail);
        ResultSet rs = s.executeQuery()) {
      List<StoredCheckpoint> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new StoredCheckpoint(
                rs.getLong(1),
                rs.getBytes(2),
                rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant()));
      }
      return out;
    } catch (SQLException e) {
      throw new AuditStoreException("reading checkpoints failed", e);
    }
  }

  /**
   * Signs a checkpoint of the current tree if it grew since the last one: under a lock, so replicas
   * never sign two notes for one size.
   *
   * @param signer turns (tree size, root hash) into the signed note text
   * @return the new checkpoint, or empty when the log has not grown
   */
  public Optional<StoredCheckpoint> checkpointIfGrown(CheckpointSigning signer) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        lock(c, CHECKPOINT_LOCK);
        long size;
        try (PreparedStatement s =
                c.prepareStatement("SELECT coalesce(max(sequence), 0) FROM " + entries);
            ResultSet rs = s.executeQuery()) {
          rs.next();
          size = rs.getLong(1);
        }
        long last = 0;
        try (PreparedStatement s =
                c.prepareStatement("SELECT coalesce(max(tree_size), 0) FROM " + checkpoints);
            ResultSet rs = s.executeQuery()) {
          rs.next();
          last = rs.getLong(1);
        }
        if (size == 0 || size <= last) {
          c.rollback();
          return Optional.empty();
        }
        byte[] root = MerkleTree.rootHash(size, subtrees(c));
        Instant now = clock.instant();
        String note = signer.sign(size, root, now);
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO "
                    + checkpoints
                    + " (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)")) {
          insert.setLong(1, size);
          insert.setBytes(2, root);
          insert.setString(3, note);
          insert.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
          insert.executeUpdate();
        }
        c.commit();
        return Optional.of(new StoredCheckpoint(size, root, note, now));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new AuditStoreException("signing a checkpoint failed", e);
    }
  }

  /** Signs a checkpoint body; returns the whole signed note. */
  @FunctionalInterface
  public interface CheckpointSigning {
    String sign(long treeSize, byte[] rootHash, Instant time);
  }

  private static void lock(Connection c, long key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      s.setLong(1, key);
      s.execute();
    }
  }

  private static void where(EntryFilter f, StringBuilder sql, List<Object> params) {
    if (f.gun() != null) {
      sql.append(" AND gun = ?");
      params.add(f.gun());
    }
    if (f.actor() != null) {
      sql.append(" AND actor = ?");
      params.add(f.actor());
    }
    if (f.action() != null) {
      sql.append(" AND action = ?");
      params.add(f.action());
    }
    if (f.from() != null) {
      sql.append(" AND time >= ?");
      params.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
    }
    if (f.to() != null) {
      sql.append(" AND time < ?");
      params.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
    }
    if (f.tag() != null || f.digest() != null) {
      Map<String, String> target = new LinkedHashMap<>();
      if (f.tag() != null) {
        target.put("name", f.tag());
      }
      if (f.digest() != null) {
        target.put("digest", f.digest());
      }
      sql.append(" AND targets @> ?::jsonb");
      params.add(json(List.of(target)));
    }
  }

  private static void bind(PreparedStatement s, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      s.setObject(i + 1, params.get(i));
    }
  }

  private static StoredEntry read(ResultSet rs) throws SQLException {
    AuditEntry entry =
        new AuditEntry(
            rs.getLong(1),
            rs.getObject(2, OffsetDateTime.class).toInstant(),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8),
            rs.getString(9),
            (Integer) rs.getObject(10),
            rs.getString(11),
            rs.getString(12),
            rs.getString(13),
            targets(rs.getString(14)),
            strings(rs.getArray(15)),
            strings(rs.getArray(16)),
            rs.getString(17),
            rs.getString(18));
    return new StoredEntry(entry, rs.getString(19));
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.asList((String[]) array.getArray());
  }

  /** Parses the targets column (jsonb text) with a streaming parser: verify reads every row. */
  private static List<AuditEntry.TargetChange> targets(String json) {
    if (json == null || json.equals("[]")) {
      return List.of();
    }
    try (JsonParser p = JSON.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalStateException("not an array");
      }
      List<AuditEntry.TargetChange> out = new ArrayList<>(1);
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String name = null;
        String digest = null;
        String change = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          switch (field) {
            case "name" -> name = p.getText();
            case "digest" -> digest = p.getText();
            case "change" -> change = p.getText();
            default -> throw new IllegalStateException("unknown member " + field);
          }
        }
        out.add(new AuditEntry.TargetChange(name, digest, AuditEntry.Change.valueOf(change)));
      }
      return out;
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalStateException("a stored targets column is not a target list", e);
    }
  }

  private static String targetsJson(List<AuditEntry.TargetChange> targets) {
    List<Map<String, String>> raw = new ArrayList<>(targets.size());
    for (AuditEntry.TargetChange t : targets) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("name", t.name());
      if (t.digest() != null) {
        m.put("digest", t.digest());
      }
      m.put("change", t.change().name());
      raw.add(m);
    }
    return json(raw);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Event ids in the log among {@code eventIds} (for tests and diagnostics). */
  public Set<String> knownEventIds(List<String> eventIds) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT event_id FROM " + entries + " WHERE event_id = ANY (?)")) {
      s.setArray(1, c.createArrayOf("text", eventIds.toArray()));
      Set<String> out = new LinkedHashSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new AuditStoreException("reading event ids failed", e);
    }
  }
}
