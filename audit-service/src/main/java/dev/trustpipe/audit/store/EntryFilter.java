package dev.trustpipe.audit.store;

import java.time.Instant;

/**
 * What the query API and the export filter by; null fields do not filter. {@code from} is
 * inclusive, {@code to} exclusive.
 */
public record EntryFilter(
    String gun, String tag, String digest, String actor, String action, Instant from, Instant to) {

  public static final EntryFilter ALL = new EntryFilter(null, null, null, null, null, null, null);

  public boolean isEmpty() {
    return gun == null
        && tag == null
        && digest == null
        && actor == null
        && action == null
        && from == null
        && to == null;
  }
}
