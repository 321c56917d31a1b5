package dev.trustpipe.signing.keys;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.CustodySelection;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyAlreadyExistsException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.truststore.KeyRecord;
import dev.trustpipe.truststore.TrustStoreTransaction;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.model.DelegatedRole;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.Root;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.repo.RepositorySigners;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of managed repositories: creates one custody key per role for a new repository (in the
 * backend {@link CustodySelection} names for the role), records their public halves and custody
 * references in the trust store, turns those records back into signers, and makes a role's next key
 * on rotation. Signers are cached per GUN and checked against the current metadata before use, so a
 * rotation made by another replica is picked up.
 */
public final class RepositoryKeyring {
  /** Roles TrustPipe holds keys for in managed mode. */
  public static final List<String> MANAGED_ROLES =
      List.of(
          RoleName.ROOT,
          RoleName.TARGETS,
          RoleName.RELEASES,
          RoleName.SNAPSHOT,
          RoleName.TIMESTAMP);

  private static final int CACHE_SIZE = 10_000;

  private final CustodySelection custody;
  private final KeyAlgorithm algorithm;
  private final Map<String, RepositorySigners> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RepositorySigners> eldest) {
              return size() > CACHE_SIZE;
            }
          });

  public RepositoryKeyring(CustodySelection custody, KeyAlgorithm algorithm) {
    this.custody = custody;
    this.algorithm = algorithm;
  }

  /** Every role in one backend. */
  public RepositoryKeyring(KeyCustody custody, KeyAlgorithm algorithm) {
    this(CustodySelection.of(custody, custody), algorithm);
  }

  /**
   * Keys for a repository that does not exist yet: one custody key per managed role. Key names are
   * deterministic per (GUN, role), so a transaction that rolled back after creating them finds them
   * again on retry instead of leaving orphans.
   */
  public RepositorySigners createKeys(String gun) throws CustodyException {
    Map<String, CustodyTufSigner> signers = new LinkedHashMap<>();
    for (String role : MANAGED_ROLES) {
      SigningKey key = createOrReuse(custody.forRole(role), KeyNames.forRole(gun, role));
      signers.put(role, new CustodyTufSigner(key, CustodyTufSigner.bareKey(key)));
    }
    return signersOf(signers);
  }

  /**
   * Records the keys of a freshly created repository. The root's published key is the certificate
   * listed in the new root.json, which wraps the root custody key.
   */
  public void saveKeys(
      TrustStoreTransaction tx, String gun, RepositorySigners signers, RepositoryUpdate created) {
    for (String role : MANAGED_ROLES) {
      save(tx, gun, role, (CustodyTufSigner) signers.require(role), created);
    }
    cache.remove(gun);
  }

  /**
   * The next key of {@code role}: a new version of the role's custody key, or, when the role's
   * backend setting changed since (e.g. root moved into an HSM), a key in the backend now
   * configured. Its published TUF key is the bare key; root.json lists root's as a certificate.
   */
  public CustodyTufSigner nextKey(String gun, String role, KeyRecord current)
      throws CustodyException {
    KeyCustody backend = custody.forRole(role);
    SigningKey key;
    if (backend.backendName().equals(current.custodyBackend())) {
      key = backend.rotate(current.custodyKeyName());
    } else {
      String keyName = KeyNames.forRole(gun, role);
      try {
        key = backend.create(keyName, algorithm);
      } catch (KeyAlreadyExistsException e) {
        key = backend.rotate(keyName);
      }
    }
    return new CustodyTufSigner(key, CustodyTufSigner.bareKey(key));
  }

  /**
   * Records a rotated role's new key, the one {@code rotation} lists for it, as the role's current
   * key.
   */
  public KeyRecord saveRotatedKey(
      TrustStoreTransaction tx,
      String gun,
      String role,
      CustodyTufSigner signer,
      RepositoryUpdate rotation) {
    KeyRecord saved = save(tx, gun, role, signer, rotation);
    cache.remove(gun);
    return saved;
  }

  private static KeyRecord save(
      TrustStoreTransaction tx,
      String gun,
      String role,
      CustodyTufSigner signer,
      RepositoryUpdate update) {
    TufKey published =
        role.equals(RoleName.ROOT)
            ? update.require(RoleName.ROOT).root().keysOf(RoleName.ROOT).stream()
                .filter(k -> k.holdsSamePublicKey(signer.key()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("root.json does not list the key"))
            : signer.key();
    KeyReference ref = signer.custodyKey().reference();
    KeyRecord record =
        KeyRecord.unsaved(
            gun,
            role,
            published.keyId(),
            published.type().wireName(),
            published.publicValue(),
            ref.backend(),
            ref.keyName(),
            ref.version());
    tx.saveKey(record);
    return record;
  }

  /**
   * Signers of an existing repository, from its key records; cached signers are used only while
   * {@code current} still lists their keys.
   */
  public RepositorySigners signersFor(TrustStoreTransaction tx, String gun, CurrentMetadata current)
      throws CustodyException {
    RepositorySigners cached = cache.get(gun);
    if (cached != null && listedIn(cached, current)) {
      return cached;
    }
    Map<String, CustodyTufSigner> signers = new LinkedHashMap<>();
    for (String role : MANAGED_ROLES) {
      KeyRecord record =
          tx.key(gun, role)
              .orElseThrow(
                  () -> new IllegalStateException("no " + role + " key recorded for " + gun));
      signers.put(role, signerOf(record));
    }
    RepositorySigners result = signersOf(signers);
    cache.put(gun, result);
    return result;
  }

  /** The signer a key record describes. */
  public CustodyTufSigner signerOf(KeyRecord record) throws CustodyException {
    return CustodyTufSigner.of(custody.get(CustodyTufSigner.referenceOf(record)), record);
  }

  /** Forgets cached signers of a GUN (after a rotation or deletion). */
  public void evict(String gun) {
    cache.remove(gun);
  }

  /** True when the current root (and targets, for the delegation) list every signer's key. */
  private static boolean listedIn(RepositorySigners signers, CurrentMetadata current) {
    Optional<SignedMetadata> rootFile = current.find(RoleName.ROOT);
    Optional<SignedMetadata> targetsFile = current.find(RoleName.TARGETS);
    if (rootFile.isEmpty() || targetsFile.isEmpty()) {
      return false;
    }
    Root root = rootFile.get().root();
    for (String role :
        List.of(RoleName.ROOT, RoleName.TARGETS, RoleName.SNAPSHOT, RoleName.TIMESTAMP)) {
      if (!listed(root.role(role).keyIds(), signers.require(role))) {
        return false;
      }
    }
    Optional<DelegatedRole> releases =
        targetsFile.get().targets().delegations().role(RoleName.RELEASES);
    return releases.isPresent()
        && listed(releases.get().keyIds(), signers.require(RoleName.RELEASES));
  }

  private static boolean listed(List<String> keyIds, TufSigner signer) {
    return keyIds.contains(signer.key().keyId());
  }

  private SigningKey createOrReuse(KeyCustody backend, String keyName) throws CustodyException {
    try {
      return backend.create(keyName, algorithm);
    } catch (KeyAlreadyExistsException e) {
      return backend.get(new KeyReference(backend.backendName(), keyName, 1));
    }
  }

  private static RepositorySigners signersOf(Map<String, CustodyTufSigner> byRole) {
    return new RepositorySigners(
        byRole.get(RoleName.ROOT),
        byRole.get(RoleName.TARGETS),
        byRole.get(RoleName.RELEASES),
        byRole.get(RoleName.SNAPSHOT),
        byRole.get(RoleName.TIMESTAMP));
  }
}
