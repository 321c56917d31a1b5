package dev.trustpipe.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventData;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.TagDeleted;
import dev.trustpipe.ingest.adapter.BadWebhookException;
import dev.trustpipe.ingest.adapter.RegistryEvent;
import dev.trustpipe.ingest.adapter.RegistryEventId;
import dev.trustpipe.ingest.support.Parsing;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegistryCloudEventsTest {
  private static final String DIGEST =
      "sha256:af9fcbdd9edafa489cb35ad6f01f7a5b472b18121881d96d0e1676542d7acd98";
  private static final Instant PUSHED = Instant.parse("2026-11-22T18:31:34.391475756Z");

  private final RegistryCloudEvents events =
      new RegistryCloudEvents(
          RegistryHostAliases.parse(
              "127.0.0.1:5000=localhost:5000, Registry.Internal:443=registry.example.com"),
          Parsing.CLOCK);

  private static RegistryEvent push(String host, String tag, String digest) {
    return RegistryEvent.push(
        "distribution",
        host,
        "demo/app",
        tag,
        digest,
        "application/vnd.oci.image.manifest.v1+json",
        401L,
        null,
        RegistryEventId.reported("aa0de4ac"),
        PUSHED);
  }

  @Test
  void theGunUsesTheAliasAndTheEventKeepsTheRegistryHost() {
    CloudEvent<EventData> event = events.toCloudEvent(push("127.0.0.1:5000", "v1", DIGEST));

    ImagePushed data = (ImagePushed) event.data();
    assertThat(event.subject()).isEqualTo("localhost:5000/demo/app");
    assertThat(data.gun()).isEqualTo("localhost:5000/demo/app");
    assertThat(data.registryHost()).isEqualTo("127.0.0.1:5000");
    assertThat(data.digestResolution()).isEqualTo(DigestResolution.REPORTED);
    assertThat(event.time()).isEqualTo(Parsing.RECEIVED_AT);
    assertThat(event.source()).isEqualTo("/trustpipe/ingest-service");
    // what consumers decode is what was made
    EventCodec codec = new EventCodec();
    assertThat(codec.decode(codec.encode(event)).event()).isEqualTo(event);
  }

  @Test
  void aliasesMatchHostsCaseInsensitivelyAndOthersStayAsTheyAre() {
    assertThat(events.toCloudEvent(push("registry.internal:443", "v1", DIGEST)).subject())
        .isEqualTo("registry.example.com/demo/app");
    assertThat(events.toCloudEvent(push("ghcr.io", "v1", DIGEST)).subject())
        .isEqualTo("ghcr.io/demo/app");
  }

  @Test
  void theIdDependsOnlyOnSourceHostAndRegistryEventId() {
    CloudEvent<EventData> first = events.toCloudEvent(push("127.0.0.1:5000", "v1", DIGEST));
    CloudEvent<EventData> again = events.toCloudEvent(push("127.0.0.1:5000", "v1", DIGEST));
    assertThat(first.id())
        .isEqualTo(again.id())
        .isEqualTo(EventIds.forRegistryEvent("distribution", "127.0.0.1:5000", "aa0de4ac"));
    assertThat(events.toCloudEvent(push("localhost:5000", "v1", DIGEST)).id())
        .isNotEqualTo(first.id());
  }

  @Test
  void aPushWithoutDigestIsMarkedForResolution() {
    ImagePushed data = (ImagePushed) events.toCloudEvent(push("docker.io", "latest", null)).data();
    assertThat(data.digestResolution()).isEqualTo(DigestResolution.REQUIRED);
    assertThat(data.digest()).isNull();
  }

  @Test
  void deletesBecomeTagDeleted() {
    RegistryEvent delete =
        RegistryEvent.delete(
            "distribution",
            "127.0.0.1:5000",
            "demo/app",
            "v1",
            null,
            null,
            null,
            RegistryEventId.reported("x"),
            PUSHED);
    assertThat(events.toCloudEvent(delete).data()).isInstanceOf(TagDeleted.class);
  }

  @Test
  void anAliasThatMakesTheGunTooLongIsABadWebhook() {
    RegistryCloudEvents longAlias =
        new RegistryCloudEvents(
            RegistryHostAliases.parse("ghcr.io=" + "a".repeat(200) + ".example.com"),
            Parsing.CLOCK);
    RegistryEvent event =
        RegistryEvent.push(
            "github",
            "ghcr.io",
            "x".repeat(60),
            null,
            DIGEST,
            null,
            null,
            null,
            RegistryEventId.reported("1"),
            PUSHED);
    assertThatThrownBy(() -> longAlias.toCloudEvent(event)).isInstanceOf(BadWebhookException.class);
  }

  @Test
  void malformedAliasesStopTheStart() {
    assertThatThrownBy(() -> RegistryHostAliases.parse("127.0.0.1:5000"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegistryHostAliases.parse("a.io=Bad Host"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegistryHostAliases.parse("a.io=b.io,A.IO=c.io"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RegistryHostAliases.parse(" ").asMap()).isEmpty();
  }
}
