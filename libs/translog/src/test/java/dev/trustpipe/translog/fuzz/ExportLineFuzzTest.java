package dev.trustpipe.translog.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.translog.ExportLine;
import dev.trustpipe.translog.NoteFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Export lines are read back from files anyone may have edited: {@link ExportLine#parse} either
 * returns an entry whose line, formatted again, parses to the same entry, or throws {@link
 * NoteFormatException}. Runs the seeds in {@code ExportLineFuzzTestInputs/} in every build; {@code
 * JAZZER_FUZZ=1 mvn -pl libs/translog test-compile surefire:test@fuzz-regression
 * -Dtranslog.fuzz.hooks=true} fuzzes for real.
 */
class ExportLineFuzzTest {
  private static final Duration SLOW = Duration.ofSeconds(10);

  @FuzzTest(maxDuration = "60s")
  void exportLinesParseBackEqualOrAreRefused(byte[] data) {
    long start = System.nanoTime();
    try {
      ExportLine line = ExportLine.parse(new String(data, StandardCharsets.UTF_8));
      String again = ExportLine.format(line.entry(), line.entryHash(), line.entry().leafHash());
      if (!ExportLine.parse(again).entry().equals(line.entry())) {
        throw new IllegalStateException("an export line does not round-trip");
      }
    } catch (NoteFormatException expected) {
      CheckpointParsersFuzzTest.requireReason(expected);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (took.compareTo(SLOW) > 0) {
      throw new IllegalStateException("took " + took + " for " + data.length + " bytes");
    }
  }
}
