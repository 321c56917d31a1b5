package dev.trustpipe.tuf.verify;

import dev.trustpipe.tuf.model.Root;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A repository that passed {@link RepositoryVerifier}: its trusted root and the files checked.
 *
 * @param targetsRoles {@code targets} and every published delegation reachable from it, by role
 */
public record VerifiedRepository(
    Root root,
    SignedMetadata timestamp,
    SignedMetadata snapshot,
    Map<String, SignedMetadata> targetsRoles) {
  public VerifiedRepository {
    targetsRoles = Collections.unmodifiableMap(new TreeMap<>(targetsRoles));
  }
}
