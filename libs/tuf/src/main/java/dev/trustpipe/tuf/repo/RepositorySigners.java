package dev.trustpipe.tuf.repo;

import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.model.RoleName;
import java.util.Optional;

/**
 * The signers of a managed repository's roles. Any may be {@code null} when the operation does not
 * sign that role (e.g. only {@code timestamp} to renew the timestamp).
 *
 * @param root signs root; its key is the bare {@code ecdsa} key, root.json lists its certificate
 * @param releases signs {@link RoleName#RELEASES}
 */
public record RepositorySigners(
    TufSigner root,
    TufSigner targets,
    TufSigner releases,
    TufSigner snapshot,
    TufSigner timestamp) {

  /** The signer for {@code role}, if this set holds one. */
  public Optional<TufSigner> forRole(String role) {
    if (role == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        switch (role) {
          case RoleName.ROOT -> root;
          case RoleName.TARGETS -> targets;
          case RoleName.RELEASES -> releases;
          case RoleName.SNAPSHOT -> snapshot;
          case RoleName.TIMESTAMP -> timestamp;
          default -> null;
        });
  }

  /**
   * @throws IllegalStateException if there is no signer for {@code role}
   */
  public TufSigner require(String role) {
    return forRole(role)
        .orElseThrow(() -> new IllegalStateException("no signer given for role " + role));
  }

  /** These signers with {@code role}'s replaced by {@code signer}. */
  public RepositorySigners with(String role, TufSigner signer) {
    return switch (role) {
      case RoleName.ROOT -> new RepositorySigners(signer, targets, releases, snapshot, timestamp);
      case RoleName.TARGETS -> new RepositorySigners(root, signer, releases, snapshot, timestamp);
      case RoleName.RELEASES -> new RepositorySigners(root, targets, signer, snapshot, timestamp);
      case RoleName.SNAPSHOT -> new RepositorySigners(root, targets, releases, signer, timestamp);
      case RoleName.TIMESTAMP -> new RepositorySigners(root, targets, releases, snapshot, signer);
      default -> throw new IllegalArgumentException("no signer slot for role " + role);
    };
  }

  public static RepositorySigners timestampOnly(TufSigner timestamp) {
    return new RepositorySigners(null, null, null, null, timestamp);
  }

  public static RepositorySigners snapshotAndTimestamp(TufSigner snapshot, TufSigner timestamp) {
    return new RepositorySigners(null, null, null, snapshot, timestamp);
  }
}
