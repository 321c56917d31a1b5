package dev.trustpipe.ingest.adapter.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.ingest.adapter.ArtifactoryAdapter;

/**
 * {@link ArtifactoryAdapter} on any body: producible events or a 4xx {@code BadWebhookException}
 * (see {@link AdapterProperties}). Every build replays the seeds in {@code
 * ArtifactoryAdapterFuzzTestInputs/} (the artifactory fixtures and edge cases); {@code
 * JAZZER_FUZZ=1 mvn -f ingest-service/pom.xml test-compile surefire:test@fuzz-regression
 * -Dingest.fuzz.hooks=true -Dtest=ArtifactoryAdapterFuzzTest} fuzzes for real.
 */
class ArtifactoryAdapterFuzzTest {
  private final ArtifactoryAdapter adapter = new ArtifactoryAdapter(AdapterProperties.CLOCK);

  @FuzzTest(maxDuration = "60s")
  void parseReturnsProducibleEventsOrRejects(byte[] body) {
    AdapterProperties.check(adapter, body, AdapterProperties.JSON);
  }
}
