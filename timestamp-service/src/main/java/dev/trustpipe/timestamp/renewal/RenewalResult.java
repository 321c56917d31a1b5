package dev.trustpipe.timestamp.renewal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one or more renewal batches did.
 *
 * @param claimed repositories claimed (or forced)
 * @param renewed every new version stored
 * @param failed repositories whose renewal failed and now back off (their metadata is unchanged)
 * @param conflicts writes that lost against a concurrent writer and were re-read
 */
public record RenewalResult(
    int claimed, List<Renewed> renewed, List<Failure> failed, int conflicts) {

  public static final RenewalResult NONE = new RenewalResult(0, List.of(), List.of(), 0);

  public RenewalResult {
    renewed = List.copyOf(renewed);
    failed = List.copyOf(failed);
  }

  /** One new version of a role. */
  public record Renewed(String gun, String role, int version, Instant expires) {}

  /** A repository whose renewal failed; retried from {@code retryAt}. */
  public record Failure(String gun, String error, int failures, Instant retryAt) {}

  public long repositoriesRenewed() {
    return renewed.stream().map(Renewed::gun).distinct().count();
  }

  public RenewalResult plus(RenewalResult other) {
    List<Renewed> allRenewed = new ArrayList<>(renewed);
    allRenewed.addAll(other.renewed);
    List<Failure> allFailed = new ArrayList<>(failed);
    allFailed.addAll(other.failed);
    return new RenewalResult(
        claimed + other.claimed, allRenewed, allFailed, conflicts + other.conflicts);
  }
}
