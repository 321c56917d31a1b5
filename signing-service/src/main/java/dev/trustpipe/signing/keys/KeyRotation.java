package dev.trustpipe.signing.keys;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.KeyRotated;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.signing.store.TrustChangeWriter;
import dev.trustpipe.truststore.KeyRecord;
import dev.trustpipe.truststore.StoredMetadata;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreTransaction;
import dev.trustpipe.truststore.VersionConflictException;
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
import java.util.UUID;

/**
 * Rotates one role's key of a managed repository (issue 9): a new custody key, the metadata that
 * lists and uses it ({@link ManagedRepository#rotateKey}), its key record, one {@code
 * trust.changed.v1} per new file and a {@code key.rotated.v1}, all in one trust-store transaction
 * under the repository lock. A rotation that fails changes nothing but may leave an unused key
 * version in custody.
 */
public final class KeyRotation {
  private final TrustStore store;
  private final RepositoryKeyring keyring;
  private final ManagedRepository repository;
  private final TrustChangeWriter writer;
  private final ExpiryPolicy policy;
  private final int maxAttempts;

  public KeyRotation(
      TrustStore store,
      RepositoryKeyring keyring,
      ManagedRepository repository,
      TrustChangeWriter writer,
      ExpiryPolicy policy,
      int maxAttempts) {
    this.store = store;
    this.keyring = keyring;
    this.repository = repository;
    this.writer = writer;
    this.policy = policy;
    this.maxAttempts = maxAttempts;
  }

  /** What a rotation did; key ids only. */
  public record Rotation(
      String gun,
      String role,
      String oldKeyId,
      String newKeyId,
      String eventId,
      List<SignedMetadata> files) {}

  /** The GUN has no metadata (never signed, or deleted). */
  public static final class UnknownRepositoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownRepositoryException(String gun) {
      super("repository " + gun + " has no trust data");
    }
  }

  /**
   * Rotates {@code role}'s key now.
   *
   * @param actor who asked (logged with the rotation and carried by {@code key.rotated.v1})
   * @throws IllegalArgumentException when TrustPipe does not hold the role's key
   * @throws UnknownRepositoryException when the repository has no metadata
   */
  public Rotation rotate(String gun, String role, String actor) throws CustodyException {
    return rotate(gun, role, actor, Optional.empty()).orElseThrow();
  }

  /**
   * Rotates {@code role}'s key if its current key was saved before {@code savedBefore} (checked
   * under the repository lock, so replicas racing for the same rotation rotate once).
   */
  public Optional<Rotation> rotateIfSavedBefore(
      String gun, String role, String actor, Instant savedBefore) throws CustodyException {
    return rotate(gun, role, actor, Optional.of(savedBefore));
  }

  private Optional<Rotation> rotate(
      String gun, String role, String actor, Optional<Instant> onlyIfSavedBefore)
      throws CustodyException {
    if (!RepositoryKeyring.MANAGED_ROLES.contains(role)) {
      throw new IllegalArgumentException(
          "cannot rotate "
              + role
              + ": TrustPipe holds the keys of "
              + RepositoryKeyring.MANAGED_ROLES);
    }
    String eventId = UUID.randomUUID().toString();
    // the new custody key is made once and reused if a concurrent writer forces a retry
    CustodyTufSigner[] fresh = new CustodyTufSigner[1];
    for (int attempt = 1; ; attempt++) {
      try {
        Optional<Rotation> rotation =
            store.inTransaction(
                tx -> rotateInTransaction(tx, gun, role, actor, eventId, onlyIfSavedBefore, fresh));
        keyring.evict(gun);
        return rotation;
      } catch (VersionConflictException e) {
        if (attempt >= maxAttempts) {
          throw e;
        }
      }
    }
  }

  private Optional<Rotation> rotateInTransaction(
      TrustStoreTransaction tx,
      String gun,
      String role,
      String actor,
      String eventId,
      Optional<Instant> onlyIfSavedBefore,
      CustodyTufSigner[] fresh)
      throws CustodyException {
    tx.lockRepository(gun);
    Map<String, StoredMetadata> stored = tx.currentAll(gun);
    if (stored.isEmpty()) {
      throw new UnknownRepositoryException(gun);
    }
    KeyRecord old =
        tx.key(gun, role)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "TrustPipe holds no " + role + " key of " + gun + " (owner mode)"));
    if (onlyIfSavedBefore.isPresent() && !old.createdAt().isBefore(onlyIfSavedBefore.get())) {
      return Optional.empty();
    }
    CurrentMetadata current =
        CurrentMetadata.of(
            stored.values().stream().map(m -> SignedMetadata.parse(m.role(), m.bytes())).toList());
    RepositorySigners signers = keyring.signersFor(tx, gun, current);
    if (fresh[0] == null) {
      fresh[0] = keyring.nextKey(gun, role, old);
    }
    RepositoryUpdate update = repository.rotateKey(gun, current, role, signers, fresh[0], policy);
    KeyRecord saved = keyring.saveRotatedKey(tx, gun, role, fresh[0], update);
    tx.appendOutbox(
        writer.outbox(gun, eventId, new KeyRotated(gun, role, old.keyId(), saved.keyId(), actor)));
    writer.store(
        tx,
        gun,
        update,
        ChangeCause.ROTATION,
        List.of(eventId),
        eventId,
        "trust.changed/",
        Map.of());
    return Optional.of(
        new Rotation(gun, role, old.keyId(), saved.keyId(), eventId, update.files()));
  }
}
