package dev.trustpipe.truststore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * TrustPipe's trust store on PostgreSQL: every version of every TUF metadata file as the exact
 * signed bytes, processed event ids, the transactional outbox, the Notary changefeed and key
 * references. Reads outside a transaction run as single autocommit statements; all writes go
 * through {@link #inTransaction}. Apply the schema with {@link TrustStoreMigrations#migrate} first.
 */
public final class TrustStore {
  private static final System.Logger LOG = System.getLogger(TrustStore.class.getName());

  private final DataSource dataSource;
  private final Clock clock;

  public TrustStore(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The highest stored version of {@code role} (one index probe: the hot read path). */
  public Optional<StoredMetadata> current(String gun, String role) {
    return read("read current " + role + " of " + gun, c -> Queries.current(c, gun, role));
  }

  public Optional<StoredMetadata> byVersion(String gun, String role, int version) {
    return read(
        "read " + role + " v" + version + " of " + gun,
        c -> Queries.byVersion(c, gun, role, version));
  }

  /**
   * The version of {@code role} whose bytes have this lower-case hex SHA-256 (other spellings are
   * not found, as with Notary's SQL stores).
   */
  public Optional<StoredMetadata> byChecksum(String gun, String role, String sha256Hex) {
    return read(
        "read " + role + " by checksum of " + gun,
        c -> Queries.byChecksum(c, gun, role, sha256Hex));
  }

  /** The current version of every role of the GUN, by role name; empty for an unknown GUN. */
  public Map<String, StoredMetadata> currentAll(String gun) {
    return read("read current metadata of " + gun, c -> Queries.currentAll(c, gun));
  }

  /**
   * A page of the Notary changefeed, of one GUN or of all. {@code records > 0}: records with id >
   * {@code changeId}; {@code records < 0}: the last |records| records before {@code changeId}
   * (before the end when {@code changeId < 0}); {@code records == 0}: 100 records. Always ascending
   * by id.
   */
  public List<ChangeRecord> changes(Optional<String> gun, long changeId, int records) {
    Objects.requireNonNull(gun, "gun");
    return read("read changes", c -> Queries.changes(c, gun, changeId, records));
  }

  /**
   * Current versions of {@code role} that expire before {@code threshold}, earliest first, at most
   * {@code limit}. Cost grows with the number due, not with the number stored.
   */
  public List<ExpiringMetadata> expiringBefore(String role, Instant threshold, int limit) {
    Objects.requireNonNull(threshold, "threshold");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    return read("read expiring " + role, c -> Queries.expiringBefore(c, role, threshold, limit));
  }

  /**
   * The current version of every role of each GUN, in one round trip (GUNs without metadata are
   * absent from the result).
   */
  public Map<String, Map<String, StoredMetadata>> currentAll(Collection<String> guns) {
    Objects.requireNonNull(guns, "guns");
    return read(
        "read current metadata of " + guns.size() + " GUNs", c -> Queries.currentAll(c, guns));
  }

  /** The most recently saved key of every role of each GUN, by GUN and role, in one round trip. */
  public Map<String, Map<String, KeyRecord>> newestKeys(Collection<String> guns) {
    Objects.requireNonNull(guns, "guns");
    return read("read keys of " + guns.size() + " GUNs", c -> Queries.newestKeys(c, guns));
  }

  /**
   * Repositories whose current {@code role} key was saved before {@code savedBefore} (due for a
   * scheduled rotation), oldest key first; deleted repositories are left out.
   */
  public List<KeyRecord> currentKeysSavedBefore(String role, Instant savedBefore, int limit) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(savedBefore, "savedBefore");
    return read(
        "read " + role + " keys saved before " + savedBefore,
        c -> Queries.currentKeysSavedBefore(c, role, savedBefore, limit));
  }

  /**
   * The current {@code role} file that expires first, across all repositories (one index probe).
   */
  public Optional<ExpiringMetadata> earliestExpiring(String role) {
    return read("read earliest expiring " + role, c -> Queries.earliestExpiring(c, role));
  }

  /**
   * How many current {@code role} files expire before {@code threshold}; cost grows with that
   * number.
   */
  public long countExpiringBefore(String role, Instant threshold) {
    Objects.requireNonNull(threshold, "threshold");
    return read("count expiring " + role, c -> Queries.countExpiringBefore(c, role, threshold));
  }

  /** Repositories whose renewal failed and is backing off, most failures first. */
  public List<RenewalFailure> renewalFailures(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    return read("read renewal failures", c -> Queries.renewalFailures(c, limit));
  }

  /** The most recently saved key of the role. */
  public Optional<KeyRecord> key(String gun, String role) {
    return read("read key", c -> Queries.newestKey(c, gun, role));
  }

  public Optional<KeyRecord> key(String gun, String role, String keyId) {
    return read("read key", c -> Queries.key(c, gun, role, keyId));
  }

  /** Every key saved for the role, oldest first. */
  public List<KeyRecord> keys(String gun, String role) {
    return read("read keys", c -> Queries.keys(c, gun, role));
  }

  public boolean isProcessed(String eventId) {
    return read("read processed event", c -> Queries.isProcessed(c, eventId));
  }

  /**
   * Runs {@code work} in one READ COMMITTED transaction and commits it when the work returns. When
   * the work throws, the transaction is rolled back and the exception propagates unchanged.
   */
  public <T, E extends Exception> T inTransaction(TransactionWork<T, E> work) throws E {
    Objects.requireNonNull(work, "work");
    Connection connection = connect();
    boolean autoCommit = true;
    JdbcTrustStoreTransaction transaction = null;
    try {
      autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        // transaction-scoped, so nothing leaks into the pooled session
        s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
      }
    } catch (SQLException e) {
      rollbackQuietly(connection, e);
      release(connection, autoCommit);
      throw new TrustStoreException("begin transaction", e);
    }
    try {
      transaction = new JdbcTrustStoreTransaction(connection, clock);
      T result = work.execute(transaction);
      transaction.close();
      commit(connection);
      return result;
    } catch (Throwable failure) {
      if (transaction != null) {
        transaction.close();
      }
      rollbackQuietly(connection, failure);
      throw failure;
    } finally {
      release(connection, autoCommit);
    }
  }

  /**
   * Relays one batch of the outbox: claims up to {@code limit} unpublished messages (rows another
   * relay holds are skipped), hands them to {@code publisher} while holding the claim, and marks
   * them published in the same transaction once the publisher returned. A publisher failure
   * propagates and leaves the batch unpublished. Delivery is at-least-once: a crash after
   * publishing and before commit publishes the batch again.
   *
   * @return the number of messages published (0 when the outbox is empty)
   */
  public <E extends Exception> int relayBatch(int limit, OutboxPublisher<E> publisher) throws E {
    Objects.requireNonNull(publisher, "publisher");
    return inTransaction(
        tx -> {
          List<OutboxMessage> batch = tx.claimUnpublished(limit);
          if (batch.isEmpty()) {
            return 0;
          }
          publisher.publish(batch);
          tx.markPublished(batch.stream().map(OutboxMessage::id).toList());
          return batch.size();
        });
  }

  /** Deletes outbox rows published before {@code publishedBefore}; returns how many. */
  public int purgePublishedOutbox(Instant publishedBefore) {
    return purge("DELETE FROM tuf_outbox WHERE published_at < ?", publishedBefore, "purge outbox");
  }

  /**
   * Forgets processed event ids older than {@code processedBefore}; only safe for ids that can no
   * longer be redelivered (older than the topic's retention).
   */
  public int purgeProcessedEvents(Instant processedBefore) {
    return purge(
        "DELETE FROM tuf_processed_event WHERE processed_at < ?",
        processedBefore,
        "purge processed events");
  }

  private int purge(String sql, Instant before, String operation) {
    Objects.requireNonNull(before, "before");
    return read(
        operation,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, Queries.timestamp(before));
            return s.executeUpdate();
          }
        });
  }

  @FunctionalInterface
  private interface ConnectionWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  private <T> T read(String operation, ConnectionWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.apply(connection);
    } catch (SQLException e) {
      throw new TrustStoreException(operation, e);
    }
  }

  private Connection connect() {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new TrustStoreException("open connection", e);
    }
  }

  private static void commit(Connection connection) {
    try {
      connection.commit();
    } catch (SQLException e) {
      throw new TrustStoreException("commit", e);
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void release(Connection connection, boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not restore autocommit", e);
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "could not close connection", e);
    }
  }
}
