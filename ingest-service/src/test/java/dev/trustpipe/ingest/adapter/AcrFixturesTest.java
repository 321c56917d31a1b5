package dev.trustpipe.ingest.adapter;

import static dev.trustpipe.ingest.support.Normalised.delete;
import static dev.trustpipe.ingest.support.Normalised.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Parsing;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** acr/EXPECTED.md: ACR webhooks and Event Grid deliveries. */
class AcrFixturesTest {
  private static final String HOST = "contoso.azurecr.io";

  private final AcrAdapter adapter = new AcrAdapter();

  @Test
  void pushTag() {
    assertThat(Parsing.events(adapter, Fixtures.body("acr", "push-tag.json"), Parsing.json()))
        .containsExactly(
            push(
                HOST,
                "billing/api",
                "5.0.2",
                "sha256:e03f1d93f8f7ab30c2a273afd8ee239cf832597827eabd6e92bdd6ecca2e6f37",
                "application/vnd.docker.distribution.manifest.v2+json",
                1574L,
                null,
                "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
                "2026-11-20T12:01:02.345678901Z"));
  }

  @Test
  void deleteCarriesNoTag() {
    assertThat(Parsing.events(adapter, Fixtures.body("acr", "delete.json"), Parsing.json()))
        .containsExactly(
            delete(
                HOST,
                "billing/api",
                null,
                "sha256:2167ae54695617f4636822cbf50fa07e613a149f62b45cc3ecef1d8bded0a60f",
                "application/vnd.docker.distribution.manifest.v2+json",
                null,
                "7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e",
                "2026-11-20T12:30:00.000000001Z"));
  }

  @Test
  void eventGridPushUsesTheAcrEventIdAndTime() {
    assertThat(Parsing.events(adapter, Fixtures.body("acr", "eventgrid-push.json"), Parsing.json()))
        .containsExactly(
            push(
                HOST,
                "billing/api",
                "5.0.3",
                "sha256:0f88dc50467acefbe1e346813f0d808433143388a47039523bace89de9c5941b",
                "application/vnd.oci.image.manifest.v1+json",
                1033L,
                null,
                "9d0e1f2a-3b4c-4d5e-bf60-7b8c9d0e1f2a",
                "2026-11-20T13:00:00.123456789Z"));
  }

  @Test
  void eventGridSubscriptionValidationIsAnswered() {
    byte[] validation =
        """
        [{"id":"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66","topic":"/subscriptions/x",
          "subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
          "validationUrl":"https://rp-eastus2.eventgrid.azure.net/x"},
          "eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
          "eventTime":"2018-01-25T22:12:19.4556811Z","metadataVersion":"1","dataVersion":"1"}]
        """
            .getBytes(StandardCharsets.UTF_8);
    ParsedWebhook parsed = adapter.parse(validation, Parsing.json());
    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.reply())
        .isEqualTo(Map.of("validationResponse", "512d38b6-c7b8-40c8-89fe-f46f9e9622b6"));
  }

  @Test
  void chartPushesAreIgnored() {
    byte[] chart =
        new String(Fixtures.body("acr", "push-tag.json"), StandardCharsets.UTF_8)
            .replace("\"push\"", "\"chart_push\"")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Parsing.ignored(adapter, chart, Parsing.json()))
        .containsExactly(IgnoreReason.NOT_A_MANIFEST_EVENT);
  }
}
