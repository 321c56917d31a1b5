package dev.trustpipe.signing.store;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.signing.notary.ChangeRecordView;
import dev.trustpipe.signing.notary.ServedMetadata;
import dev.trustpipe.signing.notary.TrustMetadataReader;
import dev.trustpipe.signing.pipeline.ExpiredTimestampRenewer;
import dev.trustpipe.truststore.StoredMetadata;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.tuf.crypto.KeyType;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Serves the trust store to the Notary API. The timestamp is never served expired; the snapshot
 * served as current is the one the current timestamp names, so a client always gets a consistent
 * set (every version is immutable once stored).
 */
public final class TrustStoreMetadataReader implements TrustMetadataReader {
  private final TrustStore store;
  private final ExpiredTimestampRenewer renewer;

  public TrustStoreMetadataReader(TrustStore store, ExpiredTimestampRenewer renewer) {
    this.store = store;
    this.renewer = renewer;
  }

  @Override
  public Optional<ServedMetadata> current(String gun, String role) {
    return switch (role) {
      case RoleName.TIMESTAMP -> currentTimestamp(gun).map(TrustStoreMetadataReader::served);
      case RoleName.SNAPSHOT -> currentTimestamp(gun).flatMap(ts -> snapshotNamedBy(gun, ts));
      default -> store.current(gun, role).map(TrustStoreMetadataReader::served);
    };
  }

  @Override
  public Optional<ServedMetadata> byChecksum(String gun, String role, String sha256Hex) {
    return store.byChecksum(gun, role, sha256Hex).map(TrustStoreMetadataReader::served);
  }

  @Override
  public Optional<ServedMetadata> byVersion(String gun, String role, int version) {
    return store.byVersion(gun, role, version).map(TrustStoreMetadataReader::served);
  }

  @Override
  public Optional<String> serverKey(String gun, String role) {
    return store
        .key(gun, role)
        .map(
            k ->
                new TufKey(KeyType.fromWireName(k.keyType()).orElseThrow(), k.publicKey())
                    .toNotaryKeyJson());
  }

  @Override
  public List<ChangeRecordView> changes(Optional<String> gun, long changeId, int records) {
    return store.changes(gun, changeId, records).stream()
        .map(
            c ->
                new ChangeRecordView(
                    c.id(), c.createdAt(), c.gun(), c.version(), c.sha256(), c.category()))
        .toList();
  }

  private Optional<StoredMetadata> currentTimestamp(String gun) {
    Optional<StoredMetadata> timestamp = store.current(gun, RoleName.TIMESTAMP);
    if (timestamp.isPresent() && renewer.isExpired(timestamp.get())) {
      try {
        return renewer.renew(gun);
      } catch (CustodyException e) {
        throw new IllegalStateException("cannot re-sign the expired timestamp of " + gun, e);
      }
    }
    return timestamp;
  }

  private Optional<ServedMetadata> snapshotNamedBy(String gun, StoredMetadata timestamp) {
    String snapshotSha256 =
        SignedMetadata.parse(RoleName.TIMESTAMP, timestamp.bytes())
            .timestamp()
            .snapshot()
            .hashes()
            .sha256Hex();
    return store
        .byChecksum(gun, RoleName.SNAPSHOT, snapshotSha256)
        .map(TrustStoreMetadataReader::served);
  }

  private static ServedMetadata served(StoredMetadata metadata) {
    return new ServedMetadata(metadata.bytes(), metadata.createdAt());
  }
}
