package dev.trustpipe.tuf.repo;

import dev.trustpipe.tuf.crypto.SelfSignedCertificates;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.model.DelegatedRole;
import dev.trustpipe.tuf.model.Delegations;
import dev.trustpipe.tuf.model.MetaFile;
import dev.trustpipe.tuf.model.MetadataSigner;
import dev.trustpipe.tuf.model.RoleKeys;
import dev.trustpipe.tuf.model.RoleMetadata;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.Root;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.model.Snapshot;
import dev.trustpipe.tuf.model.TargetFile;
import dev.trustpipe.tuf.model.Targets;
import dev.trustpipe.tuf.model.Timestamp;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * State transitions of a repository whose keys TrustPipe holds ("managed mode"). Pure functions:
 * the current metadata and signers go in, the new signed files come out; time comes from the {@link
 * ExpiryPolicy}'s clock. Every new file has version = current version + 1, and every change is
 * followed by a new snapshot and timestamp referencing the new bytes.
 *
 * <p>Failures: {@link IllegalArgumentException} for bad input (role or target names, a target
 * outside the delegation's paths), {@link IllegalStateException} when the current metadata or the
 * signers do not allow the change (a missing role, a signer whose key the parent does not list, a
 * threshold above 1); signer failures propagate unchanged.
 */
public final class ManagedRepository {
  private static final int MAX_GUN_LENGTH = 255;

  private final SecureRandom random;

  public ManagedRepository() {
    this(new SecureRandom());
  }

  /**
   * @param random source of root certificate serial numbers
   */
  public ManagedRepository(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A new repository: root v1 (root key = self-signed {@code ecdsa-x509} certificate CN=GUN made
   * with the root signer), targets v1 delegating {@code targets/releases} (all paths, threshold 1)
   * to the releases key, an empty {@code targets/releases} v1, snapshot v1 and timestamp v1.
   */
  public RepositoryUpdate create(String gun, RepositorySigners signers, ExpiryPolicy policy) {
    validateGun(gun);
    TufSigner rootSigner = signers.require(RoleName.ROOT);
    TufSigner targetsSigner = signers.require(RoleName.TARGETS);
    TufSigner releasesSigner = signers.require(RoleName.RELEASES);
    TufSigner snapshotSigner = signers.require(RoleName.SNAPSHOT);
    TufSigner timestampSigner = signers.require(RoleName.TIMESTAMP);

    X509Certificate certificate =
        SelfSignedCertificates.create(gun, rootSigner, policy.clock(), random);
    TufKey rootKey = TufKey.x509(certificate);
    Root root =
        Root.of(
            1,
            policy.expiryFor(RoleName.ROOT),
            rootKey,
            targetsSigner.key(),
            snapshotSigner.key(),
            timestampSigner.key());
    SignedMetadata rootFile = MetadataSigner.sign(RoleName.ROOT, root, rootSigner.withKey(rootKey));

    TufKey releasesKey = releasesSigner.key();
    Targets targets =
        new Targets(
            1,
            policy.expiryFor(RoleName.TARGETS),
            Map.of(),
            new Delegations(
                Map.of(releasesKey.keyId(), releasesKey),
                List.of(DelegatedRole.allPaths(RoleName.RELEASES, releasesKey.keyId()))));
    SignedMetadata targetsFile =
        MetadataSigner.sign(
            RoleName.TARGETS, targets, authorized(root, RoleName.TARGETS, targetsSigner));
    SignedMetadata releasesFile =
        MetadataSigner.sign(
            RoleName.RELEASES,
            Targets.empty(1, policy.expiryFor(RoleName.RELEASES)),
            authorized(targets, RoleName.RELEASES, releasesSigner));

    Map<String, MetaFile> meta = new TreeMap<>();
    for (SignedMetadata file : List.of(rootFile, targetsFile, releasesFile)) {
      meta.put(file.role(), file.metaFile());
    }
    SignedMetadata snapshotFile =
        MetadataSigner.sign(
            RoleName.SNAPSHOT,
            new Snapshot(1, policy.expiryFor(RoleName.SNAPSHOT), meta),
            authorized(root, RoleName.SNAPSHOT, snapshotSigner));
    SignedMetadata timestampFile =
        MetadataSigner.sign(
            RoleName.TIMESTAMP,
            new Timestamp(1, policy.expiryFor(RoleName.TIMESTAMP), snapshotFile.metaFile()),
            authorized(root, RoleName.TIMESTAMP, timestampSigner));
    return new RepositoryUpdate(
        List.of(rootFile, targetsFile, releasesFile, snapshotFile, timestampFile));
  }

  /**
   * Applies {@code changes} (in order) to {@code role} ({@code targets} or a delegation) as ONE new
   * version, then a new snapshot and timestamp. Removing an absent target or putting an identical
   * one leaves that entry as it is; the role is still re-signed (so this also renews it).
   *
   * <p>A delegation the parent lists but that has no metadata yet starts at version 1.
   */
  public RepositoryUpdate applyTargetChanges(
      CurrentMetadata current,
      String role,
      List<TargetChange> changes,
      RepositorySigners signers,
      ExpiryPolicy policy) {
    if (!RoleName.isTargetsRole(role)) {
      throw new IllegalArgumentException(
          "targets can only change in targets or a delegation, not " + role);
    }
    Objects.requireNonNull(changes, "changes");
    Root root = current.require(RoleName.ROOT).root();
    Targets parent = null;
    DelegatedRole delegation = null;
    if (RoleName.isDelegation(role)) {
      String parentRole = RoleName.parentOf(role);
      parent = current.require(parentRole).targets();
      delegation =
          parent
              .delegations()
              .role(role)
              .orElseThrow(
                  () -> new IllegalStateException(parentRole + " does not delegate to " + role));
    }
    for (TargetChange change : changes) {
      if (delegation != null && !delegation.coversPath(change.name())) {
        throw new IllegalArgumentException(
            "target " + change.name() + " is outside the paths delegated to " + role);
      }
    }
    TufSigner signer =
        parent == null
            ? authorized(root, role, signers.require(role))
            : authorized(parent, role, signers.require(role));

    Targets previous = current.find(role).map(SignedMetadata::targets).orElse(null);
    if (previous == null && parent == null) {
      throw new IllegalStateException("repository has no current targets metadata");
    }
    Map<String, TargetFile> entries =
        new TreeMap<>(previous == null ? Map.of() : previous.targets());
    for (TargetChange change : changes) {
      if (change instanceof TargetChange.Put put) {
        TargetFile file = put.toTargetFile();
        TargetFile existing = entries.get(put.name());
        boolean identical =
            existing != null
                && existing.length() == file.length()
                && existing.hashes().equals(file.hashes());
        if (!identical) {
          entries.put(put.name(), file);
        }
      } else if (change instanceof TargetChange.Remove remove) {
        entries.remove(remove.name());
      }
    }
    Targets next =
        new Targets(
            previous == null ? 1 : nextVersion(previous),
            policy.expiryFor(role),
            entries,
            previous == null ? Delegations.none() : previous.delegations());
    SignedMetadata file = MetadataSigner.sign(role, next, signer);
    return withSnapshotAndTimestamp(current, List.of(file), signers, policy);
  }

  /** Re-signs {@code role} ({@code targets} or a delegation) unchanged with a new expiry. */
  public RepositoryUpdate renewTargets(
      CurrentMetadata current, String role, RepositorySigners signers, ExpiryPolicy policy) {
    return applyTargetChanges(current, role, List.of(), signers, policy);
  }

  /** A new snapshot (same meta, refreshed from the current files) and timestamp. */
  public RepositoryUpdate renewSnapshot(
      CurrentMetadata current, RepositorySigners signers, ExpiryPolicy policy) {
    return withSnapshotAndTimestamp(current, List.of(), signers, policy);
  }

  /** A new timestamp referencing the current snapshot. */
  public RepositoryUpdate renewTimestamp(
      CurrentMetadata current, RepositorySigners signers, ExpiryPolicy policy) {
    Root root = current.require(RoleName.ROOT).root();
    SignedMetadata timestampFile =
        nextTimestamp(root, current, current.require(RoleName.SNAPSHOT), signers, policy);
    return checked(current, List.of(timestampFile));
  }

  /**
   * Replaces {@code role}'s key with {@code newSigner}'s key, as {@code notary key rotate} does:
   *
   * <ul>
   *   <li>{@code root}: root v+1 lists a new self-signed certificate (CN = GUN) of the new key and
   *       keeps the previous root certificate among its keys; it is signed by the previous root key
   *       AND the new one, so a client that trusts the previous root accepts it (root chain).
   *   <li>{@code targets}, {@code snapshot}, {@code timestamp}: root v+1 (signed by the current
   *       root key) lists the new key; targets is re-signed with it as v+1 when it is the targets
   *       key.
   *   <li>{@code targets/releases} (any delegation of targets): targets v+1 delegates to the new
   *       key, and the delegation is re-signed with it as v+1. Root does not change.
   * </ul>
   *
   * Then a new snapshot and timestamp, signed with the keys the (new) root lists.
   *
   * @param signers the current signers (the ones the current metadata lists)
   * @param newSigner the role's new key; for root the bare key, its certificate is made here
   * @throws IllegalStateException when the new key is the current one, or a signer is missing
   */
  public RepositoryUpdate rotateKey(
      String gun,
      CurrentMetadata current,
      String role,
      RepositorySigners signers,
      TufSigner newSigner,
      ExpiryPolicy policy) {
    validateGun(gun);
    Objects.requireNonNull(newSigner, "newSigner");
    RoleName.requireValid(role);
    SignedMetadata rootFile = current.require(RoleName.ROOT);
    Root root = rootFile.root();
    List<SignedMetadata> changed = new ArrayList<>();
    if (RoleName.isDelegation(role)) {
      Targets parent = current.require(RoleName.TARGETS).targets();
      if (!RoleName.TARGETS.equals(RoleName.parentOf(role))) {
        throw new IllegalArgumentException("only delegations of targets rotate, not " + role);
      }
      DelegatedRole delegation =
          parent
              .delegations()
              .role(role)
              .orElseThrow(() -> new IllegalStateException("targets does not delegate to " + role));
      TufKey newKey = newSigner.key();
      requireNewKey(role, delegation.keyIds(), newKey);
      Map<String, TufKey> keys = new TreeMap<>(parent.delegations().keys());
      delegation.keyIds().forEach(keys::remove);
      keys.put(newKey.keyId(), newKey);
      List<DelegatedRole> roles = new ArrayList<>();
      for (DelegatedRole r : parent.delegations().roles()) {
        roles.add(
            r.name().equals(role)
                ? new DelegatedRole(role, List.of(newKey.keyId()), 1, r.paths())
                : r);
      }
      Targets nextTargets =
          new Targets(
              nextVersion(parent),
              policy.expiryFor(RoleName.TARGETS),
              parent.targets(),
              new Delegations(keys, roles));
      changed.add(
          MetadataSigner.sign(
              RoleName.TARGETS,
              nextTargets,
              authorized(root, RoleName.TARGETS, signers.require(RoleName.TARGETS))));
      Targets delegated = current.require(role).targets();
      changed.add(
          MetadataSigner.sign(
              role,
              new Targets(
                  nextVersion(delegated),
                  policy.expiryFor(role),
                  delegated.targets(),
                  delegated.delegations()),
              authorized(nextTargets, role, newSigner)));
      return withSnapshotAndTimestamp(current, changed, signers, policy);
    }

    TufSigner rootSigner = authorized(root, RoleName.ROOT, signers.require(RoleName.ROOT));
    Map<String, TufKey> keys = new TreeMap<>();
    Map<String, RoleKeys> roles = new TreeMap<>(root.roles());
    List<TufSigner> rootSigners = new ArrayList<>(List.of(rootSigner));
    TufKey newKey;
    if (role.equals(RoleName.ROOT)) {
      newKey = TufKey.x509(SelfSignedCertificates.create(gun, newSigner, policy.clock(), random));
      rootSigners.add(newSigner.withKey(newKey));
      // Notary keeps the previous root certificates listed after a root rotation.
      root.keysOf(RoleName.ROOT).forEach(k -> keys.put(k.keyId(), k));
    } else if (List.of(RoleName.TARGETS, RoleName.SNAPSHOT, RoleName.TIMESTAMP).contains(role)) {
      newKey = newSigner.key();
    } else {
      throw new IllegalArgumentException("cannot rotate the key of role " + role);
    }
    requireNewKey(role, root.role(role).keyIds(), newKey);
    roles.put(role, RoleKeys.single(newKey.keyId()));
    for (Map.Entry<String, RoleKeys> entry : roles.entrySet()) {
      for (String id : entry.getValue().keyIds()) {
        TufKey key = id.equals(newKey.keyId()) ? newKey : root.keys().get(id);
        if (key != null) {
          keys.put(id, key);
        }
      }
    }
    Root nextRoot =
        new Root(
            nextVersion(root),
            policy.expiryFor(RoleName.ROOT),
            keys,
            roles,
            root.consistentSnapshot());
    changed.add(MetadataSigner.sign(RoleName.ROOT, nextRoot, rootSigners));

    RepositorySigners next = signers.with(role, newSigner);
    if (role.equals(RoleName.TARGETS)) {
      Targets targets = current.require(RoleName.TARGETS).targets();
      changed.add(
          MetadataSigner.sign(
              RoleName.TARGETS,
              new Targets(
                  nextVersion(targets),
                  policy.expiryFor(RoleName.TARGETS),
                  targets.targets(),
                  targets.delegations()),
              authorized(nextRoot, RoleName.TARGETS, newSigner)));
    }
    return withSnapshotAndTimestamp(current, changed, next, policy);
  }

  private static void requireNewKey(String role, List<String> listedIds, TufKey newKey) {
    if (listedIds.contains(newKey.keyId())) {
      throw new IllegalStateException(
          "key " + newKey.keyId() + " already signs " + role + "; a rotation needs a new key");
    }
  }

  // ------------------------------------------------------------------ steps

  private RepositoryUpdate withSnapshotAndTimestamp(
      CurrentMetadata current,
      List<SignedMetadata> changed,
      RepositorySigners signers,
      ExpiryPolicy policy) {
    // a changed root (key rotation) authorizes the new snapshot and timestamp
    Root root =
        changed.stream()
            .filter(f -> f.role().equals(RoleName.ROOT))
            .findFirst()
            .orElseGet(() -> current.require(RoleName.ROOT))
            .root();
    SignedMetadata previous = current.require(RoleName.SNAPSHOT);
    // Keep entries for files not at hand, refresh those that are, then the changed ones.
    Map<String, MetaFile> meta = new TreeMap<>(previous.snapshot().meta());
    current.byRole().values().stream()
        .filter(f -> !f.role().equals(RoleName.SNAPSHOT) && !f.role().equals(RoleName.TIMESTAMP))
        .forEach(f -> meta.put(f.role(), f.metaFile()));
    changed.forEach(f -> meta.put(f.role(), f.metaFile()));
    SignedMetadata snapshotFile =
        MetadataSigner.sign(
            RoleName.SNAPSHOT,
            new Snapshot(
                nextVersion(previous.metadata()), policy.expiryFor(RoleName.SNAPSHOT), meta),
            authorized(root, RoleName.SNAPSHOT, signers.require(RoleName.SNAPSHOT)));
    SignedMetadata timestampFile = nextTimestamp(root, current, snapshotFile, signers, policy);
    List<SignedMetadata> files = new ArrayList<>(changed);
    files.add(snapshotFile);
    files.add(timestampFile);
    return checked(current, files);
  }

  private SignedMetadata nextTimestamp(
      Root root,
      CurrentMetadata current,
      SignedMetadata snapshotFile,
      RepositorySigners signers,
      ExpiryPolicy policy) {
    SignedMetadata previous = current.require(RoleName.TIMESTAMP);
    return MetadataSigner.sign(
        RoleName.TIMESTAMP,
        new Timestamp(
            nextVersion(previous.metadata()),
            policy.expiryFor(RoleName.TIMESTAMP),
            snapshotFile.metaFile()),
        authorized(root, RoleName.TIMESTAMP, signers.require(RoleName.TIMESTAMP)));
  }

  /** Every file must be a strictly newer version of its role than the current one. */
  private static RepositoryUpdate checked(CurrentMetadata current, List<SignedMetadata> files) {
    for (SignedMetadata file : files) {
      current
          .find(file.role())
          .ifPresent(
              existing -> {
                if (file.version() <= existing.version()) {
                  throw new IllegalStateException(
                      file.role()
                          + " v"
                          + file.version()
                          + " is not newer than v"
                          + existing.version());
                }
              });
    }
    return new RepositoryUpdate(files);
  }

  // ------------------------------------------------------------------ keys

  /** The signer presenting the key root.json lists for {@code role}. */
  private static TufSigner authorized(Root root, String role, TufSigner signer) {
    RoleKeys keys = root.role(role);
    return authorized(role, keys.threshold(), root.keysOf(role), signer);
  }

  /** The signer presenting the key {@code parent} lists for delegation {@code role}. */
  private static TufSigner authorized(Targets parent, String role, TufSigner signer) {
    DelegatedRole delegation =
        parent
            .delegations()
            .role(role)
            .orElseThrow(() -> new IllegalStateException("no delegation " + role));
    return authorized(role, delegation.threshold(), parent.delegations().keysOf(role), signer);
  }

  private static TufSigner authorized(
      String role, int threshold, List<TufKey> listedKeys, TufSigner signer) {
    if (threshold > 1) {
      throw new IllegalStateException(
          role + " needs " + threshold + " signatures; a managed repository signs with one key");
    }
    for (TufKey listed : listedKeys) {
      if (listed.equals(signer.key()) || listed.holdsSamePublicKey(signer.key())) {
        return signer.withKey(listed);
      }
    }
    throw new IllegalStateException(
        "the signer's key " + signer.key().keyId() + " is not listed for role " + role);
  }

  private static int nextVersion(RoleMetadata metadata) {
    return Math.addExact(metadata.version(), 1);
  }

  private static void validateGun(String gun) {
    if (gun == null || gun.isEmpty() || gun.length() > MAX_GUN_LENGTH) {
      throw new IllegalArgumentException("GUN must have 1 to " + MAX_GUN_LENGTH + " characters");
    }
    for (int i = 0; i < gun.length(); i++) {
      char c = gun.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c > 0x7e) {
        throw new IllegalArgumentException("GUN must be printable ASCII without spaces");
      }
    }
  }
}
