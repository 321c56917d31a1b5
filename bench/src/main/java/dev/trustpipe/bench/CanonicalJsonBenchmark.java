package dev.trustpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.tuf.json.CanonicalJson;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Canonical JSON encoding of the {@code signed} part of a targets file: what every signature and
 * every verification hashes. {@code real} is notary's targets.json from the vectors (2 targets, 1
 * delegation with keys); {@code 1000-targets} is that document with 1000 more targets, the size
 * notary's own bulk-publish benchmark produced (~100 KB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CanonicalJsonBenchmark {

  @Param({"real", "1000-targets"})
  public String document;

  private JsonNode signed;

  @Setup
  public void load() {
    JsonNode targets = CanonicalJson.parse(Vectors.current("targets"));
    signed = targets.get("signed").deepCopy();
    if (document.equals("1000-targets")) {
      ObjectNode entries = (ObjectNode) signed.get("targets");
      Iterator<Map.Entry<String, JsonNode>> existing = entries.fields();
      JsonNode template = existing.next().getValue();
      byte[] digest = new byte[32];
      for (int i = 0; i < 1000; i++) {
        ObjectNode entry = template.deepCopy();
        digest[0] = (byte) i;
        digest[1] = (byte) (i >> 8);
        ((ObjectNode) entry.get("hashes"))
            .put("sha256", Base64.getEncoder().encodeToString(digest));
        entries.set("bulk-" + i, entry);
      }
    }
  }

  @Benchmark
  public byte[] encodeSignedTargets() {
    return CanonicalJson.encode(signed);
  }
}
