package dev.trustpipe.signing.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.signing.registry.ManifestDescriptor;
import dev.trustpipe.signing.support.RegistryEvents;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The settle window of push confirmation: CNCF Distribution notifies before it links the tag, so a
 * tag that is missing or behind at the first HEAD is asked again; one that never arrives is
 * rejected with the reason.
 */
class RegistryConfirmationTest {
  private static final String GUN = "registry.example/app";
  private static final String PUSHED = "sha256:" + "ab".repeat(32);
  private static final String OLDER = "sha256:" + "cd".repeat(32);
  private static final String MEDIA = "application/vnd.oci.image.manifest.v1+json";
  private static final List<Duration> NO_WAIT = Collections.nCopies(6, Duration.ZERO);

  /** Answers tag HEADs from a script (the last answer repeats); digest HEADs find the manifest. */
  private static final class ScriptedRegistry implements RegistryConfirmation.ManifestLookup {
    final Deque<Optional<ManifestDescriptor>> tagAnswers;
    final List<String> asked = new ArrayList<>();

    @SafeVarargs
    ScriptedRegistry(Optional<ManifestDescriptor>... answers) {
      tagAnswers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public Optional<ManifestDescriptor> head(String host, String repository, String reference) {
      asked.add(reference);
      if (reference.startsWith("sha256:")) {
        return Optional.of(new ManifestDescriptor(reference, MEDIA, 512));
      }
      return tagAnswers.size() > 1 ? tagAnswers.poll() : tagAnswers.peek();
    }
  }

  private static DecodedEvent pushOfV1() {
    return new DecodedEvent.ImagePushedEvent(
        RegistryEvents.push(
            GUN,
            "registry.example",
            "app",
            "v1",
            PUSHED,
            DigestResolution.REPORTED,
            512L,
            "evt-1"));
  }

  @Test
  void aTagLinkedAfterTheNotificationIsSignedOnceItAppears() throws Exception {
    ScriptedRegistry registry =
        new ScriptedRegistry(
            Optional.empty(),
            Optional.empty(),
            Optional.of(new ManifestDescriptor(PUSHED, MEDIA, 512)));

    TagEvent event = RegistryConfirmation.by(registry, NO_WAIT).tagEvent(pushOfV1());

    assertThat(event).isInstanceOf(TagEvent.SignTag.class);
    assertThat(((TagEvent.SignTag) event).length()).isEqualTo(512);
    assertThat(registry.asked).containsExactly("v1", "v1", "v1");
  }

  @Test
  void aTagStillAtTheOlderDigestBeforeTheLinkMovesIsSignedAtThePushedOne() throws Exception {
    ScriptedRegistry registry =
        new ScriptedRegistry(
            Optional.of(new ManifestDescriptor(OLDER, MEDIA, 300)),
            Optional.of(new ManifestDescriptor(PUSHED, MEDIA, 512)));

    TagEvent event = RegistryConfirmation.by(registry, NO_WAIT).tagEvent(pushOfV1());

    assertThat(event).isInstanceOf(TagEvent.SignTag.class);
  }

  @Test
  void aTagThatNeverAppearsIsRejectedAfterTheSettleWindowWithTheReason() throws Exception {
    ScriptedRegistry registry = new ScriptedRegistry(Optional.empty());

    TagEvent event = RegistryConfirmation.by(registry, NO_WAIT).tagEvent(pushOfV1());

    assertThat(event).isInstanceOf(TagEvent.Rejected.class);
    assertThat(((TagEvent.Rejected) event).reason())
        .contains("has manifest " + PUSHED)
        .contains("but no tag v1")
        .endsWith("not signed");
    // the first ask plus one per settle delay, then the digest HEAD that explains the rejection
    assertThat(registry.asked).hasSize(1 + NO_WAIT.size() + 1).endsWith(PUSHED);
  }

  @Test
  void aTagThatMovedOnIsRejectedNamingWhereItPointsNow() throws Exception {
    ScriptedRegistry registry =
        new ScriptedRegistry(Optional.of(new ManifestDescriptor(OLDER, MEDIA, 300)));

    TagEvent event = RegistryConfirmation.by(registry, NO_WAIT).tagEvent(pushOfV1());

    assertThat(event).isInstanceOf(TagEvent.Rejected.class);
    assertThat(((TagEvent.Rejected) event).reason())
        .contains("now points at " + OLDER)
        .contains("not at the pushed " + PUSHED);
  }

  @Test
  void theDefaultSettleWindowIsAFewSecondsNotUnbounded() {
    Duration total =
        RegistryConfirmation.SETTLE_DELAYS.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(total).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
  }
}
