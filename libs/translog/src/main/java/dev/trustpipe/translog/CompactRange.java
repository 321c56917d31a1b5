package dev.trustpipe.translog;

import java.util.ArrayList;
import java.util.List;

/**
 * The right border of a growing tree: one hash per complete subtree of the decomposition of {@code
 * [0, size)}, largest first. Appending a leaf returns the complete subtrees it finishes, so a store
 * can keep every {@link SubtreeHashes#perfect} node with O(1) amortised work per leaf. Not
 * thread-safe.
 */
public final class CompactRange {

  /** A complete subtree: {@code 2^level} leaves starting at leaf {@code index << level}. */
  public record Node(int level, long index, byte[] hash) {}

  private final List<byte[]> border = new ArrayList<>();
  private final List<Integer> levels = new ArrayList<>();
  private long size;

  /** An empty tree. */
  public CompactRange() {}

  /** The border of an existing tree of {@code size} leaves, read from its stored subtrees. */
  public static CompactRange of(long size, SubtreeHashes nodes) {
    CompactRange range = new CompactRange();
    long start = 0;
    for (int level = 62; level >= 0; level--) {
      long span = 1L << level;
      if ((size & span) != 0) {
        range.border.add(nodes.perfect(level, start >>> level));
        range.levels.add(level);
        start += span;
      }
    }
    range.size = size;
    return range;
  }

  public long size() {
    return size;
  }

  /**
   * Adds the next leaf.
   *
   * @return the complete subtrees this leaf finished, the leaf itself (level 0) first
   */
  public List<Node> append(byte[] leafHash) {
    Hashes.requireHash("leaf hash", leafHash);
    long index = size;
    List<Node> finished = new ArrayList<>(2);
    finished.add(new Node(0, index, leafHash));
    byte[] hash = leafHash;
    int level = 0;
    while (!levels.isEmpty() && levels.get(levels.size() - 1) == level) {
      byte[] left = border.remove(border.size() - 1);
      levels.remove(levels.size() - 1);
      hash = Hashes.nodeHash(left, hash);
      level++;
      finished.add(new Node(level, index >>> level, hash));
    }
    border.add(hash);
    levels.add(level);
    size++;
    return finished;
  }

  /** {@code MTH(D[0:size])}. */
  public byte[] root() {
    if (border.isEmpty()) {
      return Hashes.emptyRoot();
    }
    byte[] root = border.get(border.size() - 1);
    for (int i = border.size() - 2; i >= 0; i--) {
      root = Hashes.nodeHash(border.get(i), root);
    }
    return root;
  }
}
