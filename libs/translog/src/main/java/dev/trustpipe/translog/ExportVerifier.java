package dev.trustpipe.translog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies an NDJSON export of the whole log offline, optionally against a signed checkpoint and
 * the key that signed it: the hash chain, every entry hash, and the Merkle root at the checkpoint's
 * tree size. Blank lines are ignored. Lines are parsed and hashed in parallel, a chunk at a time;
 * the chain is then checked in order.
 */
public final class ExportVerifier {
  private static final int CHUNK = 4096;

  private ExportVerifier() {}

  /** A parsed and hashed line, or why it is not an entry. */
  private record Parsed(long lineNumber, HashedEntry hashed, String error) {}

  /**
   * @param checkpoint the signed checkpoint to hold the export to, or null for the chain only
   * @param key the key that must have signed {@code checkpoint}
   * @throws NoteFormatException when the checkpoint is not signed by {@code key}
   */
  public static VerificationReport verify(
      BufferedReader export, SignedNote checkpoint, NoteKey key) {
    Map<Long, byte[]> roots = new HashMap<>();
    if (checkpoint != null) {
      if (!checkpoint.verifiedBy(key)) {
        throw new NoteFormatException("the checkpoint is not signed by " + key.name());
      }
      Checkpoint body = Checkpoint.parse(checkpoint.text());
      if (body.size() > 0) {
        roots.put(body.size(), body.rootHash());
      }
    }
    ChainVerifier verifier = new ChainVerifier(roots);
    long lineNumber = 0;
    try {
      List<long[]> numbers = new ArrayList<>(CHUNK);
      List<String> chunk = new ArrayList<>(CHUNK);
      String line;
      boolean more = true;
      while (more) {
        chunk.clear();
        numbers.clear();
        while (chunk.size() < CHUNK && (line = export.readLine()) != null) {
          lineNumber++;
          if (!line.isBlank()) {
            chunk.add(line);
            numbers.add(new long[] {lineNumber});
          }
        }
        more = chunk.size() == CHUNK;
        if (verifier.failed()) {
          chunk.forEach(l -> verifier.skip());
          continue;
        }
        List<Integer> indices = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
          indices.add(i);
        }
        List<Parsed> parsed =
            HashedEntry.allOf(indices, i -> parse(numbers.get(i)[0], chunk.get(i)));
        for (Parsed p : parsed) {
          if (verifier.failed()) {
            verifier.skip();
          } else if (p.error() != null) {
            VerificationReport sofar = verifier.finish();
            return new VerificationReport(
                false,
                sofar.entries() + 1,
                sofar.treeSize() + 1,
                "line " + p.lineNumber() + " is not an entry: " + p.error(),
                sofar.treeSize(),
                sofar.rootHash(),
                sofar.checkpointSize());
          } else {
            verifier.accept(p.hashed());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return verifier.finish();
  }

  private static Parsed parse(long lineNumber, String line) {
    try {
      ExportLine parsed = ExportLine.parse(line);
      return new Parsed(
          lineNumber,
          HashedEntry.of(
              parsed.entry(),
              parsed.entryHash(),
              parsed.leafHash() == null ? null : Hashes.fromHex(parsed.leafHash())),
          null);
    } catch (NoteFormatException e) {
      return new Parsed(lineNumber, null, e.getMessage());
    }
  }
}
