package dev.trustpipe.signing.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the signing-service in the middle of a run loses nothing and signs nothing twice.
 */
class RestartAcceptanceTest {
  private static final int GUNS = 20;
  private static final int TAGS = 10;

  @TempDir Path home;

  @Test
  void aRestartInTheMiddleOfARunLosesNothingAndSignsNothingTwice() throws Exception {
    try (EmbeddedKafka kafka = new EmbeddedKafka(3);
        TestPostgres database = TestPostgres.create("signing_restart")) {
      List<CloudEvent<ImagePushed>> pushes = new ArrayList<>();
      for (int t = 0; t < TAGS; t++) {
        for (int g = 0; g < GUNS; g++) {
          String gun = "registry.example.com/restart/app" + g;
          pushes.add(RegistryEvents.push(gun, "t" + t, gun + t, 100 + t, "r-" + g + "-" + t));
        }
      }
      List<CloudEvent<ImagePushed>> firstHalf = pushes.subList(0, pushes.size() / 2);
      List<CloudEvent<ImagePushed>> secondHalf = pushes.subList(pushes.size() / 2, pushes.size());

      SigningServiceRunner first = SigningServiceRunner.start(kafka, database, home, Map.of());
      TrustStore firstStore = first.bean(TrustStore.class);
      send(kafka, firstHalf);
      // stop as soon as the first repository shows signed tags: the run is under way
      await()
          .atMost(2, TimeUnit.MINUTES)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> signedTags(firstStore) > 0);
      first.close();
      // the second half arrives while no signing-service runs: the restart is mid-run by design

      send(kafka, secondHalf);
      send(kafka, firstHalf.subList(0, 30)); // redeliveries across the restart

      try (SigningServiceRunner second =
          SigningServiceRunner.start(kafka, database, home, Map.of())) {
        TrustStore store = second.bean(TrustStore.class);
        await().atMost(3, TimeUnit.MINUTES).until(() -> signedTags(store) == GUNS * TAGS);

        NotaryCli notary = new NotaryCli(second.notaryUrl(), home.resolve("tls/ca.crt"));
        assertThat(notary.list("registry.example.com/restart/app7")).hasSize(TAGS);

        await()
            .atMost(1, TimeUnit.MINUTES)
            .untilAsserted(
                () -> {
                  Map<String, Long> causes =
                      kafka.readAll(Topics.TRUST_CHANGES, Duration.ofSeconds(2)).stream()
                          .map(r -> CODEC.decode(r.value()))
                          .filter(e -> e instanceof DecodedEvent.TrustChangedEvent)
                          .map(e -> ((DecodedEvent.TrustChangedEvent) e).event().data())
                          .filter(
                              c ->
                                  c.role().equals(RoleName.RELEASES)
                                      && c.cause() == ChangeCause.PUSH)
                          .flatMap(c -> c.causeEventIds().stream())
                          .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
                  for (CloudEvent<ImagePushed> push : pushes) {
                    assertThat(causes.get(push.id()))
                        .as("versions caused by %s", push.id())
                        .isEqualTo(1L);
                  }
                });
      }
    }
  }

  private static void send(EmbeddedKafka kafka, List<CloudEvent<ImagePushed>> events) {
    for (CloudEvent<ImagePushed> event : events) {
      kafka.send(Topics.REGISTRY_EVENTS, event.subject(), CODEC.encode(event));
    }
  }

  private static int signedTags(TrustStore store) {
    int count = 0;
    for (int g = 0; g < GUNS; g++) {
      count +=
          store
              .current("registry.example.com/restart/app" + g, RoleName.RELEASES)
              .map(m -> SignedMetadata.parse(m.role(), m.bytes()).targets().targets().size())
              .orElse(0);
    }
    return count;
  }
}
