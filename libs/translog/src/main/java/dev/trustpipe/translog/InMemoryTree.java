package dev.trustpipe.translog;

import java.util.ArrayList;
import java.util.List;

/** A whole tree in memory: every complete subtree hash, for tests, the CLI and small logs. */
public final class InMemoryTree implements SubtreeHashes {
  private final List<List<byte[]>> levels = new ArrayList<>();
  private final CompactRange range = new CompactRange();

  /** Appends the leaf hash of {@code data}. */
  public void appendData(byte[] data) {
    appendLeafHash(Hashes.leafHash(data));
  }

  public void appendLeafHash(byte[] leafHash) {
    for (CompactRange.Node node : range.append(leafHash)) {
      while (levels.size() <= node.level()) {
        levels.add(new ArrayList<>());
      }
      levels.get(node.level()).add(node.hash());
    }
  }

  public long size() {
    return range.size();
  }

  public byte[] root() {
    return range.root();
  }

  public byte[] root(long size) {
    requireSize(size);
    return MerkleTree.rootHash(size, this);
  }

  public List<byte[]> inclusionProof(long index, long size) {
    requireSize(size);
    return MerkleTree.inclusionProof(index, size, this);
  }

  public List<byte[]> consistencyProof(long size1, long size2) {
    requireSize(size2);
    return MerkleTree.consistencyProof(size1, size2, this);
  }

  @Override
  public byte[] perfect(int level, long index) {
    if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
      throw new IllegalArgumentException("no complete subtree at level " + level + ", " + index);
    }
    return levels.get(level).get((int) index);
  }

  private void requireSize(long size) {
    if (size < 0 || size > size()) {
      throw new IllegalArgumentException("tree size " + size + " is beyond " + size());
    }
  }
}
