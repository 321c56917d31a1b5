package dev.trustpipe.translog;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a log entry by entry, in sequence order, as it streams past: consecutive sequences from 1,
 * each {@code prevHash} naming the previous entry's hash, each stored entry hash equal to the hash
 * of its canonical form, and the Merkle root at every checkpointed size equal to the signed root.
 * The first failure is kept; later entries are only counted. Not thread-safe.
 */
public final class ChainVerifier {
  private final TreeMap<Long, byte[]> expectedRoots = new TreeMap<>();
  private final CompactRange tree = new CompactRange();
  private String previousHash = AuditEntry.GENESIS;
  private long entries;
  private Long firstBad;
  private String reason;
  private Long checkedCheckpoint;

  /**
   * @param signedRoots root hashes of verified checkpoints by tree size; the chain must reach each
   */
  public ChainVerifier(Map<Long, byte[]> signedRoots) {
    expectedRoots.putAll(signedRoots);
  }

  /**
   * Checks the next entry.
   *
   * @param storedEntryHash the entry hash the log stored for it
   * @param claimedLeafHash the leaf hash a line claims, or null
   */
  public void accept(AuditEntry entry, String storedEntryHash, byte[] claimedLeafHash) {
    if (firstBad != null) {
      entries++;
      return;
    }
    accept(HashedEntry.of(entry, storedEntryHash, claimedLeafHash));
  }

  /** Checks the next entry, its hashes already computed (see {@link HashedEntry#allOf}). */
  public void accept(HashedEntry hashed) {
    entries++;
    if (firstBad != null) {
      return;
    }
    AuditEntry entry = hashed.entry();
    String storedEntryHash = hashed.storedEntryHash();
    byte[] claimedLeafHash = hashed.claimedLeafHash();
    long expected = tree.size() + 1;
    if (entry.sequence() != expected) {
      fail(expected, "expected sequence " + expected + " but found " + entry.sequence());
      return;
    }
    if (!entry.prevHash().equals(previousHash)) {
      fail(expected, "prevHash does not name the hash of entry " + (expected - 1));
      return;
    }
    String computed = hashed.computedEntryHash();
    if (!computed.equals(storedEntryHash)) {
      fail(expected, "the entry's content does not match its stored hash");
      return;
    }
    byte[] leaf = hashed.computedLeafHash();
    if (claimedLeafHash != null && !Arrays.equals(leaf, claimedLeafHash)) {
      fail(expected, "the leaf hash does not match the entry");
      return;
    }
    tree.append(leaf);
    previousHash = computed;
    byte[] signed = expectedRoots.get(tree.size());
    if (signed != null) {
      if (!Arrays.equals(signed, tree.root())) {
        long from = lastGoodCheckpointBefore(tree.size()) + 1;
        fail(
            from,
            "the entries up to "
                + tree.size()
                + " hash to another root than the signed checkpoint of that size:"
                + " history after sequence "
                + (from - 1)
                + " was rewritten");
        return;
      }
      checkedCheckpoint = tree.size();
    }
  }

  private long lastGoodCheckpointBefore(long size) {
    Long before = expectedRoots.lowerKey(size);
    return before == null ? 0 : before;
  }

  private void fail(long sequence, String why) {
    firstBad = sequence;
    reason = "sequence " + sequence + ": " + why;
  }

  /** The verdict after the last entry. Checkpoints beyond the entries read are failures. */
  public VerificationReport finish() {
    if (firstBad == null && !expectedRoots.isEmpty() && expectedRoots.lastKey() > tree.size()) {
      fail(
          tree.size() + 1,
          "the log ends at "
              + tree.size()
              + " entries but a signed checkpoint covers "
              + expectedRoots.lastKey());
    }
    return new VerificationReport(
        firstBad == null,
        entries,
        firstBad,
        reason,
        tree.size(),
        Hashes.hex(tree.root()),
        checkedCheckpoint);
  }

  /** Whether a failure was found already (callers may stop reading). */
  public boolean failed() {
    return firstBad != null;
  }

  /** Counts an entry read after the first failure without checking it. */
  public void skip() {
    entries++;
  }

  /** Convenience for tests: verifier with no checkpoints. */
  public static ChainVerifier withoutCheckpoints() {
    return new ChainVerifier(Map.of());
  }
}
