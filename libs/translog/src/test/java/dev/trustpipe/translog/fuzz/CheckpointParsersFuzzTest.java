package dev.trustpipe.translog.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.translog.Checkpoint;
import dev.trustpipe.translog.NoteFormatException;
import dev.trustpipe.translog.NoteKey;
import dev.trustpipe.translog.SignedNote;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Checkpoints, signed notes and verifier keys come from outside (a checkpoint file an auditor
 * passes to {@code trustpipe audit verify}, a witness, a key string): each parser either returns a
 * value whose encoding parses back equal, or throws {@link NoteFormatException}; any other
 * exception, or one input taking seconds, is a finding. Runs the seeds in {@code
 * CheckpointParsersFuzzTestInputs/} in every build; {@code JAZZER_FUZZ=1 mvn -pl libs/translog
 * test-compile surefire:test@fuzz-regression -Dtranslog.fuzz.hooks=true} fuzzes for real.
 */
class CheckpointParsersFuzzTest {
  private static final Duration SLOW = Duration.ofSeconds(10);

  @FuzzTest(maxDuration = "60s")
  void signedNotesAndCheckpointsParseBackEqualOrAreRefused(byte[] data) {
    long start = System.nanoTime();
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      SignedNote note = SignedNote.parse(text);
      SignedNote again = SignedNote.parse(note.encode());
      if (!again.text().equals(note.text())
          || again.signatures().size() != note.signatures().size()) {
        throw new IllegalStateException("a parsed note does not round-trip");
      }
      Checkpoint checkpoint = Checkpoint.parse(note.text());
      if (!Checkpoint.parse(checkpoint.body()).equals(checkpoint)) {
        throw new IllegalStateException("a parsed checkpoint does not round-trip");
      }
    } catch (NoteFormatException expected) {
      requireReason(expected);
    }
    try {
      Checkpoint checkpoint = Checkpoint.parse(text);
      if (!checkpoint.body().equals(text)) {
        throw new IllegalStateException("a checkpoint body does not re-encode to itself");
      }
    } catch (NoteFormatException expected) {
      requireReason(expected);
    }
    try {
      NoteKey key = NoteKey.parse(text);
      if (!NoteKey.parse(key.encode()).equals(key)) {
        throw new IllegalStateException("a verifier key does not round-trip");
      }
    } catch (NoteFormatException expected) {
      requireReason(expected);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (took.compareTo(SLOW) > 0) {
      throw new IllegalStateException("took " + took + " for " + data.length + " bytes");
    }
  }

  static void requireReason(NoteFormatException e) {
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      throw new IllegalStateException("a refusal without a reason", e);
    }
  }
}
