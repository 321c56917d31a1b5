package dev.trustpipe.audit.store;

import java.time.Instant;

/** A signed checkpoint as stored: the tree size, its root and the whole signed note. */
public record StoredCheckpoint(long treeSize, byte[] rootHash, String note, Instant signedAt) {}
