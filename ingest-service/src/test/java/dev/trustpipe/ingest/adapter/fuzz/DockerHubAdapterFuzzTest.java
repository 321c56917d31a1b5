package dev.trustpipe.ingest.adapter.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.ingest.adapter.DockerHubAdapter;

/**
 * {@link DockerHubAdapter} on any body: producible events or a 4xx {@code BadWebhookException} (see
 * {@link AdapterProperties}). Every build replays the seeds in {@code
 * DockerHubAdapterFuzzTestInputs/} (the dockerhub fixtures and edge cases); {@code JAZZER_FUZZ=1
 * mvn -f ingest-service/pom.xml test-compile surefire:test@fuzz-regression -Dingest.fuzz.hooks=true
 * -Dtest=DockerHubAdapterFuzzTest} fuzzes for real.
 */
class DockerHubAdapterFuzzTest {
  private final DockerHubAdapter adapter = new DockerHubAdapter();

  @FuzzTest(maxDuration = "60s")
  void parseReturnsProducibleEventsOrRejects(byte[] body) {
    AdapterProperties.check(adapter, body, AdapterProperties.JSON);
  }
}
