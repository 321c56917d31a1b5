package dev.trustpipe.translog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 §2.1 Merkle tree hashes and proofs (RFC 9162 §2.1 wording): {@code MTH}, the audit path
 * {@code PATH(m, D[n])} and the consistency proof {@code PROOF(m, D[n])}, computed from the
 * complete subtrees a {@link SubtreeHashes} supplies, and their verification (RFC 9162 §2.1.3.2 and
 * §2.1.4.2). Leaf indices are 0-based; tree sizes count leaves.
 */
public final class MerkleTree {
  private MerkleTree() {}

  /** {@code MTH(D[0:size])}; the empty tree's root is SHA-256 of nothing. */
  public static byte[] rootHash(long size, SubtreeHashes nodes) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size " + size + " is negative");
    }
    return size == 0 ? Hashes.emptyRoot() : subtreeHash(0, size, nodes);
  }

  /**
   * The audit path of leaf {@code index} in the tree of {@code size} leaves, leaf to root.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size}
   */
  public static List<byte[]> inclusionProof(long index, long size, SubtreeHashes nodes) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not in a tree of size " + size);
    }
    List<byte[]> path = new ArrayList<>();
    path(index, 0, size, nodes, path);
    return path;
  }

  /**
   * The proof that the tree of {@code size2} leaves extends the tree of {@code size1} leaves.
   *
   * @throws IllegalArgumentException unless {@code 1 <= size1 <= size2}
   */
  public static List<byte[]> consistencyProof(long size1, long size2, SubtreeHashes nodes) {
    if (size1 < 1 || size1 > size2) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + size1 + " to size " + size2);
    }
    List<byte[]> proof = new ArrayList<>();
    subproof(size1, 0, size2, true, nodes, proof);
    return proof;
  }

  /**
   * Checks an audit path (RFC 9162 §2.1.3.2).
   *
   * @throws InvalidProofException when it does not prove {@code leafHash} at {@code index} under
   *     {@code root}
   */
  public static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
    byte[] computed = rootFromInclusionProof(index, size, leafHash, proof);
    Hashes.requireHash("root", root);
    if (!Arrays.equals(computed, root)) {
      throw new InvalidProofException(
          "the inclusion proof leads to root "
              + Hashes.hex(computed)
              + ", not "
              + Hashes.hex(root));
    }
  }

  /** The root an audit path leads to, after checking its shape. */
  public static byte[] rootFromInclusionProof(
      long index, long size, byte[] leafHash, List<byte[]> proof) {
    if (index < 0 || index >= size) {
      throw new InvalidProofException("leaf index " + index + " is not below tree size " + size);
    }
    Hashes.requireHash("leaf hash", leafHash);
    requireHashes(proof);
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        throw new InvalidProofException("the inclusion proof is longer than the tree is high");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Hashes.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = Hashes.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new InvalidProofException("the inclusion proof is too short for tree size " + size);
    }
    return r;
  }

  /**
   * Checks a consistency proof (RFC 9162 §2.1.4.2). Equal sizes need an empty proof and equal
   * roots; size 0 has nothing to prove.
   *
   * @throws InvalidProofException when it does not prove that {@code root2} extends {@code root1}
   */
  public static void verifyConsistency(
      long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
    requireHashes(proof);
    if (root1 == null || root2 == null) {
      throw new InvalidProofException("a root is missing");
    }
    if (size1 < 1 || size2 < size1) {
      throw new InvalidProofException(
          "no consistency proof from size " + size1 + " to size " + size2);
    }
    if (size1 == size2) {
      if (!proof.isEmpty()) {
        throw new InvalidProofException("equal sizes need an empty proof");
      }
      if (!Arrays.equals(root1, root2)) {
        throw new InvalidProofException("equal sizes but different roots");
      }
      return;
    }
    Hashes.requireHash("first root", root1);
    Hashes.requireHash("second root", root2);
    if (proof.isEmpty()) {
      throw new InvalidProofException("empty consistency proof");
    }
    List<byte[]> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(size1) == 1) {
      path.add(root1);
    }
    path.addAll(proof);
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        throw new InvalidProofException("the consistency proof is too long");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Hashes.nodeHash(c, fr);
        sr = Hashes.nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = Hashes.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new InvalidProofException("the consistency proof is too short");
    }
    if (!Arrays.equals(fr, root1)) {
      throw new InvalidProofException("the consistency proof does not lead to the first root");
    }
    if (!Arrays.equals(sr, root2)) {
      throw new InvalidProofException("the consistency proof does not lead to the second root");
    }
  }

  /** {@code MTH(D[start:end])} for a range the RFC recursion produces (start aligned). */
  static byte[] subtreeHash(long start, long end, SubtreeHashes nodes) {
    long n = end - start;
    if (Long.bitCount(n) == 1) {
      int level = Long.numberOfTrailingZeros(n);
      return nodes.perfect(level, start >>> level);
    }
    long k = largestPowerOfTwoBelow(n);
    return Hashes.nodeHash(
        subtreeHash(start, start + k, nodes), subtreeHash(start + k, end, nodes));
  }

  private static void path(long m, long start, long end, SubtreeHashes nodes, List<byte[]> out) {
    long n = end - start;
    if (n == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, start, start + k, nodes, out);
      out.add(subtreeHash(start + k, end, nodes));
    } else {
      path(m - k, start + k, end, nodes, out);
      out.add(subtreeHash(start, start + k, nodes));
    }
  }

  private static void subproof(
      long m, long start, long end, boolean whole, SubtreeHashes nodes, List<byte[]> out) {
    long n = end - start;
    if (m == n) {
      if (!whole) {
        out.add(subtreeHash(start, end, nodes));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, start, start + k, whole, nodes, out);
      out.add(subtreeHash(start + k, end, nodes));
    } else {
      subproof(m - k, start + k, end, false, nodes, out);
      out.add(subtreeHash(start, start + k, nodes));
    }
  }

  /** The largest power of two strictly below {@code n} (n >= 2). */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static void requireHashes(List<byte[]> proof) {
    if (proof == null) {
      throw new InvalidProofException("the proof is missing");
    }
    for (byte[] hash : proof) {
      Hashes.requireHash("a proof hash", hash);
    }
  }
}
