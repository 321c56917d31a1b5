package dev.trustpipe.signing.pipeline;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.signing.store.TrustChangeWriter;
import dev.trustpipe.truststore.StoredMetadata;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreTransaction;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import dev.trustpipe.tuf.repo.RepositorySigners;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-signs an expired timestamp (and the snapshot, when that expired too) as notary-server does on
 * read (NOTARY-API.md §4.1), so the API never serves an expired timestamp. The scheduled renewal of
 * the timestamp-service makes this the exception rather than the rule.
 */
public final class ExpiredTimestampRenewer {
  private final TrustStore store;
  private final RepositoryKeyring keyring;
  private final ManagedRepository repository;
  private final TrustChangeWriter writer;
  private final ExpiryPolicy policy;

  public ExpiredTimestampRenewer(
      TrustStore store,
      RepositoryKeyring keyring,
      ManagedRepository repository,
      EventCodec codec,
      ExpiryPolicy policy) {
    this.store = store;
    this.keyring = keyring;
    this.repository = repository;
    this.writer = new TrustChangeWriter(codec, policy.clock());
    this.policy = policy;
  }

  /** True when {@code timestamp} must not be served any more. */
  public boolean isExpired(StoredMetadata timestamp) {
    return !timestamp.expires().isAfter(policy.now());
  }

  /**
   * The current timestamp after renewing it if it (or its snapshot) expired. Under the repository
   * lock the state is read again, so concurrent readers renew once.
   */
  public Optional<StoredMetadata> renew(String gun) throws CustodyException {
    return store.inTransaction(tx -> renewInTransaction(tx, gun));
  }

  private Optional<StoredMetadata> renewInTransaction(TrustStoreTransaction tx, String gun)
      throws CustodyException {
    tx.lockRepository(gun);
    Optional<StoredMetadata> timestamp = tx.current(gun, RoleName.TIMESTAMP);
    if (timestamp.isEmpty()) {
      return timestamp;
    }
    Map<String, StoredMetadata> stored = tx.currentAll(gun);
    Instant now = policy.now();
    boolean snapshotExpired = !stored.get(RoleName.SNAPSHOT).expires().isAfter(now);
    if (timestamp.get().expires().isAfter(now) && !snapshotExpired) {
      return timestamp;
    }
    CurrentMetadata current =
        CurrentMetadata.of(
            stored.values().stream().map(m -> SignedMetadata.parse(m.role(), m.bytes())).toList());
    RepositorySigners signers = keyring.signersFor(tx, gun, current);
    RepositoryUpdate update =
        snapshotExpired
            ? repository.renewSnapshot(current, signers, policy)
            : repository.renewTimestamp(current, signers, policy);
    writer.store(tx, gun, update, ChangeCause.RENEWAL, List.of(), gun, "renewal/", Map.of());
    return tx.current(gun, RoleName.TIMESTAMP);
  }
}
