package dev.trustpipe.ingest.adapter.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.ingest.adapter.GitHubAdapter;
import dev.trustpipe.ingest.adapter.WebhookHeaders;
import java.util.Map;

/**
 * {@link GitHubAdapter} on any body: producible events or a 4xx {@code BadWebhookException} (see
 * {@link AdapterProperties}). Every build replays the seeds in {@code GitHubAdapterFuzzTestInputs/}
 * (the github fixtures and edge cases); {@code JAZZER_FUZZ=1 mvn -f ingest-service/pom.xml
 * test-compile surefire:test@fuzz-regression -Dingest.fuzz.hooks=true -Dtest=GitHubAdapterFuzzTest}
 * fuzzes for real.
 */
class GitHubAdapterFuzzTest {
  private static final WebhookHeaders GITHUB_HEADERS =
      WebhookHeaders.ofSingle(
          Map.of(
              "Content-Type", "application/json",
              "X-GitHub-Event", "package",
              "X-GitHub-Delivery", "a4adda61-7916-bfe5-4ecc-c36d3ef68279"));

  private final GitHubAdapter adapter = new GitHubAdapter(AdapterProperties.CLOCK);

  @FuzzTest(maxDuration = "60s")
  void parseReturnsProducibleEventsOrRejects(byte[] body) {
    AdapterProperties.check(adapter, body, GITHUB_HEADERS);
  }
}
