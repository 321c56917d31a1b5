package dev.trustpipe.tuf.repo;

import dev.trustpipe.tuf.model.SignedMetadata;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The current (highest) version of each role of one repository, keyed by role name. */
public record CurrentMetadata(Map<String, SignedMetadata> byRole) {
  public CurrentMetadata {
    TreeMap<String, SignedMetadata> copy = new TreeMap<>();
    byRole.forEach(
        (role, file) -> {
          if (!role.equals(file.role())) {
            throw new IllegalArgumentException(
                "entry " + role + " holds metadata of role " + file.role());
          }
          copy.put(role, file);
        });
    byRole = Collections.unmodifiableMap(copy);
  }

  public static CurrentMetadata of(Collection<SignedMetadata> files) {
    TreeMap<String, SignedMetadata> byRole = new TreeMap<>();
    for (SignedMetadata file : files) {
      if (byRole.put(file.role(), file) != null) {
        throw new IllegalArgumentException("role " + file.role() + " given twice");
      }
    }
    return new CurrentMetadata(byRole);
  }

  public static CurrentMetadata of(RepositoryUpdate created) {
    return of(created.files());
  }

  public Optional<SignedMetadata> find(String role) {
    return Optional.ofNullable(byRole.get(role));
  }

  /**
   * @throws IllegalStateException if there is no current metadata for {@code role}
   */
  public SignedMetadata require(String role) {
    SignedMetadata file = byRole.get(role);
    if (file == null) {
      throw new IllegalStateException("repository has no current " + role + " metadata");
    }
    return file;
  }

  /** The state after {@code update} has been stored. */
  public CurrentMetadata with(RepositoryUpdate update) {
    TreeMap<String, SignedMetadata> next = new TreeMap<>(byRole);
    update.files().forEach(file -> next.put(file.role(), file));
    return new CurrentMetadata(next);
  }
}
