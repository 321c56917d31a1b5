package dev.trustpipe.tuf.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.tuf.json.CanonicalJson;
import dev.trustpipe.tuf.model.MetadataFormatException;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.util.Arrays;
import java.util.List;

/**
 * {@link SignedMetadata#parse} must throw nothing but {@link MetadataFormatException} on any input.
 * Runs the seeds in {@code SignedMetadataFuzzTestInputs/} in every build (regression mode); {@code
 * JAZZER_FUZZ=1 mvn -pl libs/tuf test -Dtest=SignedMetadataFuzzTest} fuzzes for real.
 */
class SignedMetadataFuzzTest {
  private static final List<String> ROLES =
      List.of("root", "targets", "targets/releases", "snapshot", "timestamp");

  @FuzzTest(maxDuration = "60s")
  void parseThrowsOnlyMetadataFormatException(byte[] data) {
    for (String role : ROLES) {
      SignedMetadata parsed;
      try {
        parsed = SignedMetadata.parse(role, data);
      } catch (MetadataFormatException expected) {
        continue;
      }
      // what parsed must be consistent: canonical signed bytes re-parse to the same value, and
      // the typed view writes a value that is canonical-encodable
      byte[] signed = parsed.signedBytes();
      if (!Arrays.equals(CanonicalJson.encode(CanonicalJson.parse(signed)), signed)) {
        throw new IllegalStateException("signed bytes are not canonical");
      }
      CanonicalJson.encode(parsed.metadata().toJson());
      if (!Arrays.equals(parsed.bytes(), data)) {
        throw new IllegalStateException("bytes were not kept exactly");
      }
    }
  }
}
