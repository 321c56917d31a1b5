package dev.trustpipe.ingest.adapter.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.ingest.adapter.HarborAdapter;

/**
 * {@link HarborAdapter} on any body: producible events or a 4xx {@code BadWebhookException} (see
 * {@link AdapterProperties}). Every build replays the seeds in {@code HarborAdapterFuzzTestInputs/}
 * (the harbor fixtures and edge cases); {@code JAZZER_FUZZ=1 mvn -f ingest-service/pom.xml
 * test-compile surefire:test@fuzz-regression -Dingest.fuzz.hooks=true -Dtest=HarborAdapterFuzzTest}
 * fuzzes for real.
 */
class HarborAdapterFuzzTest {
  private final HarborAdapter adapter = new HarborAdapter();

  @FuzzTest(maxDuration = "60s")
  void parseReturnsProducibleEventsOrRejects(byte[] body) {
    AdapterProperties.check(adapter, body, AdapterProperties.JSON);
  }
}
