package dev.trustpipe.truststore;

import java.time.Instant;
import java.util.Objects;

/**
 * One Notary changefeed record: the timestamp version and sha256 stored for a GUN ({@code update}),
 * or the deletion of the GUN ({@code deletion}, version 0, empty sha256).
 */
public record ChangeRecord(
    long id, Instant createdAt, String gun, int version, String sha256, String category) {
  public static final String UPDATE = "update";
  public static final String DELETION = "deletion";

  public ChangeRecord {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(gun, "gun");
    Objects.requireNonNull(sha256, "sha256");
    requireCategory(category);
  }

  static String requireCategory(String category) {
    if (!UPDATE.equals(category) && !DELETION.equals(category)) {
      throw new IllegalArgumentException(
          "category must be '" + UPDATE + "' or '" + DELETION + "', was " + category);
    }
    return category;
  }
}
