package dev.trustpipe.translog;

/**
 * Where the hashes of complete ("perfect") subtrees come from: memory, a database table, a file.
 * With them every root and proof costs O(log n) look-ups instead of re-hashing all leaves.
 */
@FunctionalInterface
public interface SubtreeHashes {

  /**
   * The hash of the complete subtree of {@code 2^level} leaves that starts at leaf {@code index <<
   * level} (level 0: the leaf hash of leaf {@code index}).
   *
   * @throws IllegalArgumentException when that subtree is not complete in the stored tree
   */
  byte[] perfect(int level, long index);
}
