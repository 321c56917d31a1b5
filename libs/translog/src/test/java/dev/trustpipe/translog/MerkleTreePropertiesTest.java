package dev.trustpipe.translog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Proofs from the O(log n) subtree look-ups verify for any tree shape, and fail when one byte of a
 * proof hash, the leaf or a root changes; roots agree with a naive recursive MTH.
 */
class MerkleTreePropertiesTest {

  private static InMemoryTree tree(int size) {
    InMemoryTree tree = new InMemoryTree();
    for (int i = 0; i < size; i++) {
      tree.appendData(ByteBuffer.allocate(4).putInt(i).array());
    }
    return tree;
  }

  private static byte[] naive(int start, int end) {
    if (end - start == 1) {
      return Hashes.leafHash(ByteBuffer.allocate(4).putInt(start).array());
    }
    int k = Integer.highestOneBit(end - start - 1);
    return Hashes.nodeHash(naive(start, start + k), naive(start + k, end));
  }

  @Property(tries = 60)
  void rootsMatchTheRecursiveDefinition(@ForAll @IntRange(min = 1, max = 300) int size) {
    assertThat(tree(size).root()).isEqualTo(naive(0, size));
  }

  @Property(tries = 80)
  void inclusionProofsVerifyAndOneByteBreaksThem(
      @ForAll @IntRange(min = 1, max = 300) int size,
      @ForAll @IntRange(min = 0, max = 299) int at) {
    InMemoryTree tree = tree(size);
    int index = at % size;
    List<byte[]> proof = tree.inclusionProof(index, size);
    byte[] leaf = tree.perfect(0, index);
    MerkleTree.verifyInclusion(index, size, leaf, proof, tree.root());
    for (int i = 0; i < proof.size(); i++) {
      List<byte[]> bad = Rfc6962VectorsTest.flip(proof, i);
      assertThatThrownBy(() -> MerkleTree.verifyInclusion(index, size, leaf, bad, tree.root()))
          .isInstanceOf(InvalidProofException.class);
    }
    byte[] badLeaf = leaf.clone();
    badLeaf[0] ^= 1;
    assertThatThrownBy(() -> MerkleTree.verifyInclusion(index, size, badLeaf, proof, tree.root()))
        .isInstanceOf(InvalidProofException.class);
  }

  @Property(tries = 80)
  void consistencyProofsVerifyAndOneByteBreaksThem(
      @ForAll @IntRange(min = 1, max = 300) int size2,
      @ForAll @IntRange(min = 1, max = 300) int first) {
    int size1 = 1 + (first - 1) % size2;
    InMemoryTree tree = tree(size2);
    List<byte[]> proof = tree.consistencyProof(size1, size2);
    byte[] root1 = tree.root(size1);
    byte[] root2 = tree.root(size2);
    MerkleTree.verifyConsistency(size1, size2, proof, root1, root2);
    for (int i = 0; i < proof.size(); i++) {
      List<byte[]> bad = Rfc6962VectorsTest.flip(proof, i);
      assertThatThrownBy(() -> MerkleTree.verifyConsistency(size1, size2, bad, root1, root2))
          .isInstanceOf(InvalidProofException.class);
    }
    byte[] badRoot = root1.clone();
    badRoot[31] ^= 1;
    assertThatThrownBy(() -> MerkleTree.verifyConsistency(size1, size2, proof, badRoot, root2))
        .isInstanceOf(InvalidProofException.class);
  }

  @Property(tries = 40)
  void aCompactRangeReadBackFromStoredSubtreesContinuesTheSameTree(
      @ForAll @IntRange(min = 0, max = 200) int size,
      @ForAll @IntRange(min = 1, max = 50) int more) {
    InMemoryTree full = tree(size + more);
    CompactRange resumed = CompactRange.of(size, full);
    for (int i = size; i < size + more; i++) {
      resumed.append(full.perfect(0, i));
    }
    assertThat(resumed.root()).isEqualTo(full.root());
  }
}
