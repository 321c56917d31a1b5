package dev.trustpipe.tuf.repo;

import dev.trustpipe.tuf.model.SignedMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The new metadata files of one repository change, to be stored together in one transaction. Each
 * role appears at most once; order: root, targets roles, snapshot, timestamp.
 */
public record RepositoryUpdate(List<SignedMetadata> files) {
  public RepositoryUpdate {
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("an update holds at least one file");
    }
    Set<String> roles = new HashSet<>();
    for (SignedMetadata file : files) {
      if (!roles.add(file.role())) {
        throw new IllegalArgumentException("role " + file.role() + " appears twice in an update");
      }
    }
  }

  public Optional<SignedMetadata> find(String role) {
    return files.stream().filter(f -> f.role().equals(role)).findFirst();
  }

  /**
   * @throws IllegalArgumentException if the update holds no file for {@code role}
   */
  public SignedMetadata require(String role) {
    return find(role)
        .orElseThrow(() -> new IllegalArgumentException("update holds no " + role + " file"));
  }

  public List<String> roles() {
    return files.stream().map(SignedMetadata::role).toList();
  }
}
