package dev.trustpipe.truststore;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operations of one trust-store transaction (see {@link TrustStore#inTransaction}). Everything
 * done through it commits together or not at all. Valid only inside the work it was given to.
 */
public interface TrustStoreTransaction {

  /**
   * Locks the GUN's repository row until the transaction ends, creating the row on first use. Every
   * writer of a GUN takes this lock first, so writes to one repository are serialised. Locking the
   * same GUN again in the same transaction is free.
   */
  void lockRepository(String gun);

  /**
   * Batch form of {@link #lockRepository(String)}: locks the repositories in GUN order, existing
   * rows in one round trip.
   */
  void lockRepositories(Collection<String> guns);

  /**
   * Records that an event's effect is part of this transaction.
   *
   * @return false when the event id was already processed (skip the event)
   */
  boolean markProcessed(String eventId);

  /**
   * Batch form of {@link #markProcessed(String)}: one round trip for a whole consumer batch.
   *
   * @return the ids that were not processed before (the ones to apply)
   */
  Set<String> markProcessed(Collection<String> eventIds);

  /**
   * Stores new metadata versions atomically. Locks each GUN's repository (in GUN order) and checks
   * that every new version is strictly greater than every stored version of its role; otherwise
   * throws {@link VersionConflictException} and, the exception leaving the transaction work,
   * nothing of the transaction is written. At most one file per (gun, role) per call.
   */
  void insert(List<NewMetadata> files);

  /**
   * Appends a message to the outbox.
   *
   * @return the id the message got
   */
  long appendOutbox(OutboxMessage message);

  /** Batch form of {@link #appendOutbox(OutboxMessage)}: one round trip, ids in the same order. */
  List<Long> appendOutbox(List<OutboxMessage> messages);

  /**
   * Writes a changefeed record (for an {@code update}: the version and sha256 of the stored
   * timestamp).
   *
   * @return the record's id
   */
  long recordChange(String gun, int timestampVersion, String sha256Hex, String category);

  /** One changefeed record of {@link #recordChanges}. */
  record NewChange(String gun, int timestampVersion, String sha256Hex, String category) {}

  /** Batch form of {@link #recordChange}: one round trip, records in list order. */
  void recordChanges(List<NewChange> changes);

  /**
   * Saves a key reference. Saving the same (gun, role, keyId) again is a no-op when it describes
   * the same key; a different public key or custody reference under that id is refused.
   */
  void saveKey(KeyRecord key);

  /** The most recently saved key of the role. */
  Optional<KeyRecord> key(String gun, String role);

  /** The key with that id, if saved for the role. */
  Optional<KeyRecord> key(String gun, String role, String keyId);

  /** Every key saved for the role, oldest first. */
  List<KeyRecord> keys(String gun, String role);

  /**
   * Deletes every metadata version of exactly this GUN (not GUNs it is a prefix of) and, when there
   * was any, writes a {@code deletion} changefeed record. Key references are kept.
   *
   * @return true when metadata was deleted
   */
  boolean deleteRepository(String gun);

  /**
   * Claims up to {@code limit} unpublished outbox messages in id order, skipping rows another
   * transaction has claimed; they stay claimed until this transaction ends.
   */
  List<OutboxMessage> claimUnpublished(int limit);

  /** Marks outbox messages published (with this transaction). */
  void markPublished(List<Long> ids);

  /**
   * Claims the repositories whose current {@code role} expires before {@code threshold}, earliest
   * first, skipping repositories another transaction has locked; the returned GUNs stay locked (as
   * by {@link #lockRepository}) until this transaction ends.
   */
  List<ExpiringMetadata> claimExpiring(String role, Instant threshold, int limit);

  /**
   * Claims, for renewal by {@code holder}, up to {@code limit} repositories whose current {@code
   * role} expires before {@code threshold}, earliest first: only repositories with a key recorded
   * for the role and without a live renewal lease (or backoff) at {@code now}. Rows another
   * transaction has locked are skipped. Each claimed repository gets a lease until {@code
   * leaseUntil} that outlives this transaction, so other replicas skip it until it is released or
   * runs out. Claiming a repository this transaction already leased returns nothing for it. The
   * cost grows with the number of repositories due, not with the number stored.
   */
  List<ExpiringMetadata> claimForRenewal(
      String role, Instant threshold, int limit, String holder, Instant now, Instant leaseUntil);

  /**
   * Leases one repository for renewal by {@code holder} whatever its expiry (a forced renewal).
   * Waits for the repository lock.
   *
   * @return false when another holder's lease is live at {@code now}, or the GUN is unknown
   */
  boolean leaseForRenewal(String gun, String holder, Instant now, Instant leaseUntil);

  /**
   * Ends {@code holder}'s leases of these repositories (their renewal is stored) and resets their
   * failure count.
   */
  void releaseRenewal(Collection<String> guns, String holder);

  /**
   * Records that the renewal of {@code gun} failed: the lease becomes a backoff until {@code now +
   * min(maxBackoff, firstBackoff * 2^(failures before this one))} and the failure count goes up.
   *
   * @return the repository's failure record after this failure
   */
  RenewalFailure deferRenewal(
      String gun,
      String holder,
      Instant now,
      Duration firstBackoff,
      Duration maxBackoff,
      String error);

  /** The highest stored version of the role, as this transaction sees it. */
  Optional<StoredMetadata> current(String gun, String role);

  Optional<StoredMetadata> byVersion(String gun, String role, int version);

  Optional<StoredMetadata> byChecksum(String gun, String role, String sha256Hex);

  /** The current version of every role of the GUN, by role name. */
  Map<String, StoredMetadata> currentAll(String gun);
}
