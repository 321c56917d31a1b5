package dev.trustpipe.tuf.verify;

import dev.trustpipe.tuf.crypto.SignatureVerifier;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.model.DelegatedRole;
import dev.trustpipe.tuf.model.MetaFile;
import dev.trustpipe.tuf.model.MetadataSignature;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.Root;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.model.Snapshot;
import dev.trustpipe.tuf.model.Targets;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies a whole repository the way a TUF (Notary) client does before trusting a target: the root
 * chain, then timestamp → snapshot → targets → delegations, each against the keys and threshold its
 * parent lists, its expiry, and the length and digests the referencing metadata records over the
 * exact bytes. Each violated rule throws its own {@link VerificationException}.
 */
public final class RepositoryVerifier {
  private final Clock clock;

  public RepositoryVerifier(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Trust on first use, as the notary client does: the current root must be self-signed. */
  public VerifiedRepository verify(CurrentMetadata current) {
    return verify(List.of(), current);
  }

  /**
   * @param rootChain root versions from the trusted one (first) to the newest the client has; the
   *     current root continues it. Empty: trust the current root on first use.
   * @param current the repository's current files; root, timestamp, snapshot and targets needed
   */
  public VerifiedRepository verify(List<SignedMetadata> rootChain, CurrentMetadata current) {
    Instant now = clock.instant();
    SignedMetadata currentRoot = require(current, RoleName.ROOT, "the repository");
    List<SignedMetadata> chain = new ArrayList<>(rootChain);
    if (chain.isEmpty()) {
      chain.add(currentRoot);
    } else {
      SignedMetadata newest = chain.get(chain.size() - 1);
      if (currentRoot.version() < newest.version()) {
        throw new RollbackException(RoleName.ROOT, newest.version(), currentRoot.version());
      }
      if (!currentRoot.equals(newest)) {
        chain.add(currentRoot);
      }
    }
    Root root = verifyRootChain(chain, now);

    SignedMetadata timestamp = require(current, RoleName.TIMESTAMP, RoleName.ROOT);
    checkSignatures(
        timestamp, root.keysOf(RoleName.TIMESTAMP), threshold(root, RoleName.TIMESTAMP));
    checkNotExpired(timestamp, now);

    SignedMetadata snapshot = require(current, RoleName.SNAPSHOT, RoleName.TIMESTAMP);
    checkReference(snapshot, timestamp.timestamp().snapshot(), RoleName.TIMESTAMP);
    checkSignatures(snapshot, root.keysOf(RoleName.SNAPSHOT), threshold(root, RoleName.SNAPSHOT));
    checkNotExpired(snapshot, now);
    Snapshot snapshotMeta = snapshot.snapshot();
    for (Map.Entry<String, MetaFile> entry : snapshotMeta.meta().entrySet()) {
      SignedMetadata file = require(current, entry.getKey(), RoleName.SNAPSHOT);
      checkReference(file, entry.getValue(), RoleName.SNAPSHOT);
    }

    SignedMetadata targets = require(current, RoleName.TARGETS, RoleName.SNAPSHOT);
    checkSignatures(targets, root.keysOf(RoleName.TARGETS), threshold(root, RoleName.TARGETS));
    checkNotExpired(targets, now);
    Map<String, SignedMetadata> targetsRoles = new LinkedHashMap<>();
    targetsRoles.put(RoleName.TARGETS, targets);
    verifyDelegations(targets, current, snapshotMeta, now, targetsRoles);

    for (String role : current.byRole().keySet()) {
      if (RoleName.isDelegation(role) && !targetsRoles.containsKey(role)) {
        throw new UndelegatedRoleException(role, RoleName.parentOf(role));
      }
    }
    return new VerifiedRepository(root, timestamp, snapshot, targetsRoles);
  }

  /**
   * Verifies consecutive root versions: the first is trusted (only its self-signature is checked),
   * each next one must be version + 1 and signed by a threshold of both the previous root's and its
   * own root keys. The newest must not be expired; older ones may be.
   *
   * @return the newest root
   */
  public Root verifyRootChain(List<SignedMetadata> roots) {
    return verifyRootChain(roots, clock.instant());
  }

  /** Throws {@link RollbackException} if any role of {@code candidate} is older than trusted. */
  public void checkNoRollback(CurrentMetadata trusted, CurrentMetadata candidate) {
    for (Map.Entry<String, SignedMetadata> entry : trusted.byRole().entrySet()) {
      candidate
          .find(entry.getKey())
          .ifPresent(
              next -> {
                if (next.version() < entry.getValue().version()) {
                  throw new RollbackException(
                      entry.getKey(), entry.getValue().version(), next.version());
                }
              });
    }
  }

  // ------------------------------------------------------------------ rules

  private Root verifyRootChain(List<SignedMetadata> roots, Instant now) {
    if (roots.isEmpty()) {
      throw new MissingMetadataException(RoleName.ROOT, "the root chain");
    }
    SignedMetadata trusted = roots.get(0);
    Root trustedRoot = trusted.root();
    checkSignatures(
        trusted, trustedRoot.keysOf(RoleName.ROOT), threshold(trustedRoot, RoleName.ROOT));
    for (SignedMetadata next : roots.subList(1, roots.size())) {
      if (next.version() != trusted.version() + 1) {
        throw new RootChainException(RoleName.ROOT, trusted.version(), next.version());
      }
      Root nextRoot = next.root();
      checkSignatures(
          next, trustedRoot.keysOf(RoleName.ROOT), threshold(trustedRoot, RoleName.ROOT));
      checkSignatures(next, nextRoot.keysOf(RoleName.ROOT), threshold(nextRoot, RoleName.ROOT));
      trusted = next;
      trustedRoot = nextRoot;
    }
    checkNotExpired(trusted, now);
    return trustedRoot;
  }

  private void verifyDelegations(
      SignedMetadata targets,
      CurrentMetadata current,
      Snapshot snapshot,
      Instant now,
      Map<String, SignedMetadata> verified) {
    Deque<SignedMetadata> parents = new ArrayDeque<>();
    parents.add(targets);
    Set<String> seen = new HashSet<>();
    while (!parents.isEmpty()) {
      SignedMetadata parentFile = parents.poll();
      Targets parent = parentFile.targets();
      DelegatedRole parentDelegation = null;
      if (RoleName.isDelegation(parentFile.role())) {
        Targets grandParent = verified.get(RoleName.parentOf(parentFile.role())).targets();
        parentDelegation = grandParent.delegations().role(parentFile.role()).orElseThrow();
      }
      for (DelegatedRole delegation : parent.delegations().roles()) {
        String role = delegation.name();
        if (!RoleName.parentOf(role).equals(parentFile.role()) || !seen.add(role)) {
          throw new UndelegatedRoleException(role, parentFile.role());
        }
        if (parentDelegation != null) {
          for (String path : delegation.paths()) {
            if (!parentDelegation.coversPath(path)) {
              throw new DelegationPathException(role, path);
            }
          }
        }
        SignedMetadata file = current.find(role).orElse(null);
        if (file == null) {
          continue; // never published: an empty role, as Notary treats it
        }
        if (!snapshot.meta().containsKey(role)) {
          throw MissingMetadataException.unlisted(role, RoleName.SNAPSHOT);
        }
        checkSignatures(file, parent.delegations().keysOf(role), delegation.threshold());
        checkNotExpired(file, now);
        for (String target : file.targets().targets().keySet()) {
          if (!delegation.coversPath(target)) {
            throw new DelegationPathException(role, target);
          }
        }
        verified.put(role, file);
        parents.add(file);
      }
    }
  }

  private static void checkSignatures(SignedMetadata file, List<TufKey> keys, int threshold) {
    byte[] message = file.signedBytes();
    Set<String> valid = new HashSet<>();
    for (MetadataSignature signature : file.signatures()) {
      for (TufKey key : keys) {
        if (key.keyId().equals(signature.keyId())
            && !valid.contains(key.keyId())
            && SignatureVerifier.verify(key, signature.method(), message, signature.signature())) {
          valid.add(key.keyId());
        }
      }
    }
    if (valid.size() < threshold) {
      throw new SignatureThresholdException(file.role(), threshold, valid.size());
    }
  }

  // Notary: expired when expires is before now.
  private static void checkNotExpired(SignedMetadata file, Instant now) {
    if (file.expires().isBefore(now)) {
      throw new ExpiredMetadataException(file.role(), file.expires(), now);
    }
  }

  private static void checkReference(SignedMetadata file, MetaFile expected, String referencedBy) {
    if (file.length() != expected.length()) {
      throw new LengthMismatchException(
          file.role(), referencedBy, expected.length(), file.length());
    }
    if (!expected.hashes().matches(file.bytes())) {
      throw new HashMismatchException(file.role(), referencedBy);
    }
  }

  private static int threshold(Root root, String role) {
    return root.role(role).threshold();
  }

  private static SignedMetadata require(CurrentMetadata current, String role, String neededBy) {
    return current.find(role).orElseThrow(() -> new MissingMetadataException(role, neededBy));
  }
}
