package dev.trustpipe.ingest.adapter;

import static dev.trustpipe.ingest.support.Normalised.delete;
import static dev.trustpipe.ingest.support.Normalised.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Parsing;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** artifactory/EXPECTED.md: candidate digests, no id, time = receipt time. */
class ArtifactoryFixturesTest {
  private static final String HOST = "acme.jfrog.io";
  private static final String RECEIVED = Parsing.RECEIVED_AT.toString();

  private final ArtifactoryAdapter adapter = new ArtifactoryAdapter(Parsing.CLOCK);

  @Test
  void pushed() {
    assertThat(Parsing.events(adapter, Fixtures.body("artifactory", "pushed.json"), Parsing.json()))
        .containsExactly(
            push(
                HOST,
                "team/frontend",
                "3.0.1",
                "sha256:9c101bba7dbc1b492c3f95a76a2349f70ab95cf360f0fb61c3f20adbe578facf",
                null,
                1249L,
                "ci-deployer",
                null,
                RECEIVED));
  }

  @Test
  void pushedMultiarchIsOneEventForTheList() {
    assertThat(
            Parsing.events(
                adapter, Fixtures.body("artifactory", "pushed-multiarch.json"), Parsing.json()))
        .containsExactly(
            push(
                HOST,
                "team/frontend",
                "3.1.0",
                "sha256:dc42456729a4cdda3a6d8ade91578abb1539703faf9a102871691d7ebf58f952",
                null,
                1206L,
                "ci-deployer",
                null,
                RECEIVED));
  }

  @Test
  void deleted() {
    assertThat(
            Parsing.events(adapter, Fixtures.body("artifactory", "deleted.json"), Parsing.json()))
        .containsExactly(
            delete(
                HOST,
                "team/frontend",
                "2.9.0",
                "sha256:8b6094b73bc1fd77bebbfe6ab005de0446b5bd4afc9d3d476c005e2d3f176cd3",
                null,
                "release-admin",
                null,
                RECEIVED));
  }

  @Test
  void promotedProducesNothing() {
    assertThat(
            Parsing.ignored(adapter, Fixtures.body("artifactory", "promoted.json"), Parsing.json()))
        .containsExactly(IgnoreReason.PROMOTION);
  }

  @Test
  void theKeyIsStableForOneDeliveryAndNewForALaterOne() {
    byte[] body = Fixtures.body("artifactory", "pushed.json");
    RegistryEventId first = adapter.parse(body, Parsing.json()).events().get(0).eventId();
    assertThat(first.synthetic()).isTrue();
    assertThat(adapter.parse(body, Parsing.json()).events().get(0).eventId()).isEqualTo(first);
    RegistryEventId later =
        new ArtifactoryAdapter(Clock.fixed(Parsing.RECEIVED_AT.plusSeconds(1), ZoneOffset.UTC))
            .parse(body, Parsing.json())
            .events()
            .get(0)
            .eventId();
    assertThat(later).isNotEqualTo(first);
  }
}
