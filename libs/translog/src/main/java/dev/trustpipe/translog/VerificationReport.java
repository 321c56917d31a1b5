package dev.trustpipe.translog;

/**
 * The outcome of checking a log (in the database or an export).
 *
 * @param ok whether every check passed
 * @param entries how many entries were read
 * @param firstBadSequence the first sequence that failed a check, or null
 * @param reason what failed, for people; null when ok
 * @param treeSize the tree size the chain established (entries read up to the first failure)
 * @param rootHash hex root of that tree
 * @param checkpointSize the size of the signed checkpoint compared against, or null
 */
public record VerificationReport(
    boolean ok,
    long entries,
    Long firstBadSequence,
    String reason,
    long treeSize,
    String rootHash,
    Long checkpointSize) {}
