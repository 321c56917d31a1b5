package dev.trustpipe.translog;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * An entry with the hashes recomputed from its canonical form, next to what the log stored or a
 * line claimed. Computing these is the expensive, independent part of verification, so it runs in
 * parallel ({@link #allOf}); only the linking in {@link ChainVerifier} is sequential.
 *
 * @param computedEntryHash hex SHA-256 of the canonical bytes
 * @param computedLeafHash SHA-256(0x00 || canonical bytes)
 */
public record HashedEntry(
    AuditEntry entry,
    String storedEntryHash,
    byte[] claimedLeafHash,
    String computedEntryHash,
    byte[] computedLeafHash) {

  public static HashedEntry of(AuditEntry entry, String storedEntryHash, byte[] claimedLeafHash) {
    byte[] canonical = entry.canonicalBytes();
    return new HashedEntry(
        entry,
        storedEntryHash,
        claimedLeafHash,
        Hashes.hex(Hashes.sha256(canonical)),
        Hashes.leafHash(canonical));
  }

  /** {@code hash} applied to every item, in parallel, results in the same order. */
  public static <T, R> List<R> allOf(List<T> items, Function<T, R> hash) {
    @SuppressWarnings("unchecked")
    R[] out = (R[]) new Object[items.size()];
    IntStream.range(0, items.size()).parallel().forEach(i -> out[i] = hash.apply(items.get(i)));
    return java.util.Arrays.asList(out);
  }
}
