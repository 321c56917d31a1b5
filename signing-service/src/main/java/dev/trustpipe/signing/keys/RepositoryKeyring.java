package dev.trustpipe.signing.keys;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyAlreadyExistsException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.truststore.KeyRecord;
import dev.trustpipe.truststore.TrustStoreTransaction;
import dev.trustpipe.tuf.crypto.KeyType;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.RepositorySigners;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of managed repositories: creates one custody key per role for a new repository, records
 * their public halves and custody references in the trust store, and turns those records back into
 * signers. Signers are cached per GUN: key records change only on rotation, which evicts.
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

  private final KeyCustody custody;
  private final KeyAlgorithm algorithm;
  private final Map<String, RepositorySigners> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RepositorySigners> eldest) {
              return size() > CACHE_SIZE;
            }
          });

  public RepositoryKeyring(KeyCustody custody, KeyAlgorithm algorithm) {
    this.custody = custody;
    this.algorithm = algorithm;
  }

  /**
   * Keys for a repository that does not exist yet: one custody key per managed role. Key names are
   * deterministic per (GUN, role), so a transaction that rolled back after creating them finds them
   * again on retry instead of leaving orphans.
   */
  public RepositorySigners createKeys(String gun) throws CustodyException {
    Map<String, CustodyTufSigner> signers = new LinkedHashMap<>();
    for (String role : MANAGED_ROLES) {
      SigningKey key = createOrReuse(KeyNames.forRole(gun, role));
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
    SignedMetadata root = created.require(RoleName.ROOT);
    for (String role : MANAGED_ROLES) {
      CustodyTufSigner signer = (CustodyTufSigner) signers.require(role);
      TufKey published =
          role.equals(RoleName.ROOT) ? root.root().keysOf(RoleName.ROOT).get(0) : signer.key();
      KeyReference ref = signer.custodyKey().reference();
      tx.saveKey(
          KeyRecord.unsaved(
              gun,
              role,
              published.keyId(),
              published.type().wireName(),
              published.publicValue(),
              ref.backend(),
              ref.keyName(),
              ref.version()));
    }
    cache.remove(gun);
  }

  /** Signers of an existing repository, from its key records. */
  public RepositorySigners signersFor(TrustStoreTransaction tx, String gun)
      throws CustodyException {
    RepositorySigners cached = cache.get(gun);
    if (cached != null) {
      return cached;
    }
    Map<String, CustodyTufSigner> signers = new LinkedHashMap<>();
    for (String role : MANAGED_ROLES) {
      KeyRecord record =
          tx.key(gun, role)
              .orElseThrow(
                  () -> new IllegalStateException("no " + role + " key recorded for " + gun));
      SigningKey key =
          custody.get(
              new KeyReference(
                  record.custodyBackend(), record.custodyKeyName(), record.custodyKeyVersion()));
      TufKey published =
          new TufKey(
              KeyType.fromWireName(record.keyType())
                  .orElseThrow(
                      () -> new IllegalStateException("unknown key type " + record.keyType())),
              record.publicKey());
      signers.put(role, new CustodyTufSigner(key, published));
    }
    RepositorySigners result = signersOf(signers);
    cache.put(gun, result);
    return result;
  }

  /** Forgets cached signers of a GUN (after a rotation or deletion). */
  public void evict(String gun) {
    cache.remove(gun);
  }

  private SigningKey createOrReuse(String keyName) throws CustodyException {
    try {
      return custody.create(keyName, algorithm);
    } catch (KeyAlreadyExistsException e) {
      return custody.get(new KeyReference(custody.backendName(), keyName, 1));
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
