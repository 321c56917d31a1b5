package dev.trustpipe.ingest.adapter.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.ingest.adapter.QuayAdapter;

/**
 * {@link QuayAdapter} on any body: producible events or a 4xx {@code BadWebhookException} (see
 * {@link AdapterProperties}). Every build replays the seeds in {@code QuayAdapterFuzzTestInputs/}
 * (the quay fixtures and edge cases); {@code JAZZER_FUZZ=1 mvn -f ingest-service/pom.xml
 * test-compile surefire:test@fuzz-regression -Dingest.fuzz.hooks=true -Dtest=QuayAdapterFuzzTest}
 * fuzzes for real.
 */
class QuayAdapterFuzzTest {
  private final QuayAdapter adapter = new QuayAdapter(AdapterProperties.CLOCK);

  @FuzzTest(maxDuration = "60s")
  void parseReturnsProducibleEventsOrRejects(byte[] body) {
    AdapterProperties.check(adapter, body, AdapterProperties.JSON);
  }
}
