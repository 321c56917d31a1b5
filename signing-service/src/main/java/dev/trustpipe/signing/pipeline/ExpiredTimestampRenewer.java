package dev.trustpipe.signing.pipeline;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.truststore.NewMetadata;
import dev.trustpipe.truststore.OutboxMessage;
import dev.trustpipe.truststore.StoredMetadata;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreTransaction;
import dev.trustpipe.tuf.model.MetadataSignature;
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
  private final EventCodec codec;
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
    this.codec = codec;
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
    RepositorySigners signers = keyring.signersFor(tx, gun);
    RepositoryUpdate update =
        snapshotExpired
            ? repository.renewSnapshot(current, signers, policy)
            : repository.renewTimestamp(current, signers, policy);
    tx.insert(
        update.files().stream()
            .map(f -> NewMetadata.of(gun, f.role(), f.version(), f.bytes(), f.expires()))
            .toList());
    for (SignedMetadata file : update.files()) {
      TrustChanged change =
          new TrustChanged(
              gun,
              file.role(),
              file.version(),
              file.sha256Hex(),
              file.expires(),
              List.of(),
              List.of(),
              file.signatures().stream().map(MetadataSignature::keyId).distinct().toList(),
              ChangeCause.RENEWAL,
              List.of());
      String id = EventIds.derived(gun, "renewal/" + file.role() + "/" + file.version());
      byte[] payload = codec.encode(CloudEvent.of(id, TrustUpdater.SOURCE, policy.now(), change));
      tx.appendOutbox(
          OutboxMessage.of(
              Topics.TRUST_CHANGES, gun, payload, Map.of("content-type", EventCodec.CONTENT_TYPE)));
    }
    SignedMetadata newTimestamp = update.require(RoleName.TIMESTAMP);
    tx.recordChange(gun, newTimestamp.version(), newTimestamp.sha256Hex(), "update");
    return tx.current(gun, RoleName.TIMESTAMP);
  }
}
