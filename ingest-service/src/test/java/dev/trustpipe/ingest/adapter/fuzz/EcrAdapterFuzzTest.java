package dev.trustpipe.ingest.adapter.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.ingest.adapter.EcrAdapter;

/**
 * {@link EcrAdapter} on any body: producible events or a 4xx {@code BadWebhookException} (see
 * {@link AdapterProperties}). Every build replays the seeds in {@code EcrAdapterFuzzTestInputs/}
 * (the ecr fixtures and edge cases); {@code JAZZER_FUZZ=1 mvn -f ingest-service/pom.xml
 * test-compile surefire:test@fuzz-regression -Dingest.fuzz.hooks=true -Dtest=EcrAdapterFuzzTest}
 * fuzzes for real.
 */
class EcrAdapterFuzzTest {
  private final EcrAdapter adapter = new EcrAdapter();

  @FuzzTest(maxDuration = "60s")
  void parseReturnsProducibleEventsOrRejects(byte[] body) {
    AdapterProperties.check(adapter, body, AdapterProperties.JSON);
  }
}
