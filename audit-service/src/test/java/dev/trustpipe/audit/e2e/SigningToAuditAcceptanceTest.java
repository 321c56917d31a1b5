package dev.trustpipe.audit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.audit.store.AuditStore;
import dev.trustpipe.audit.store.EntryFilter;
import dev.trustpipe.audit.store.StoredEntry;
import dev.trustpipe.audit.support.AuditServiceRunner;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline: pushes go to the real signing-service, whose outbox publishes trust changes;
 * every trust change it published appears in the audit log exactly once, with its cause (the push's
 * event id, the role, version and metadata hash), and the log verifies.
 */
class SigningToAuditAcceptanceTest {
  private static final EventCodec CODEC = new EventCodec();

  @TempDir Path signingHome;
  @TempDir Path auditHome;

  @Test
  void everyTrustChangeOfThePipelineIsLoggedOnceWithItsCause() throws Exception {
    try (EmbeddedKafka kafka = new EmbeddedKafka(3);
        TestPostgres signingDb = TestPostgres.create("e2esign");
        TestPostgres auditDb = TestPostgres.create("e2eaudit");
        SigningServiceRunner signing =
            SigningServiceRunner.start(kafka, signingDb, signingHome, Map.of());
        AuditServiceRunner audit = AuditServiceRunner.start(kafka, auditDb, auditHome, Map.of())) {
      List<CloudEvent<ImagePushed>> pushes = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String gun = "registry.example/e2e/app" + (i % 3);
        pushes.add(RegistryEvents.push(gun, "v" + i, "content-" + i, 100 + i, "reg-" + i));
      }
      for (CloudEvent<ImagePushed> push : pushes) {
        kafka.send(Topics.REGISTRY_EVENTS, push.subject(), CODEC.encode(push));
      }
      // the push of every tag ends up in a logged targets/releases version
      Set<String> pushIds = new HashSet<>();
      pushes.forEach(p -> pushIds.add(p.id()));
      AuditStore store = audit.bean(AuditStore.class);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> causes(store, "targets/releases").containsAll(pushIds));

      // once the log stops growing it must hold exactly the trust changes on the topic
      long[] last = {-1};
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                long size = store.size();
                boolean stable = size == last[0];
                last[0] = size;
                return stable;
              });
      List<CloudEvent<TrustChanged>> published = trustChanges(kafka);
      Map<String, StoredEntry> logged = new HashMap<>();
      store.export(EntryFilter.ALL, e -> logged.put(e.entry().eventId(), e));
      assertThat(logged).hasSize(published.size());
      for (CloudEvent<TrustChanged> change : published) {
        StoredEntry entry = logged.get(change.id());
        assertThat(entry).as("entry for %s", change.id()).isNotNull();
        TrustChanged data = change.data();
        assertThat(entry.entry().gun()).isEqualTo(data.gun());
        assertThat(entry.entry().role()).isEqualTo(data.role());
        assertThat(entry.entry().version()).isEqualTo(data.version());
        assertThat(entry.entry().metadataSha256()).isEqualTo(data.sha256());
        assertThat(entry.entry().action()).isEqualTo(data.cause().name().toLowerCase(Locale.ROOT));
        assertThat(entry.entry().causeEventIds()).isEqualTo(data.causeEventIds());
      }
      assertThat(store.verify(Map.of()).ok()).isTrue();
      assertThat(audit.get("/api/v1/audit/verify").body()).contains("\"ok\":true");
    }
  }

  private static Set<String> causes(AuditStore store, String role) {
    Set<String> out = new HashSet<>();
    store.export(
        EntryFilter.ALL,
        e -> {
          if (role.equals(e.entry().role())) {
            out.addAll(e.entry().causeEventIds());
          }
        });
    return out;
  }

  private static List<CloudEvent<TrustChanged>> trustChanges(EmbeddedKafka kafka) {
    List<CloudEvent<TrustChanged>> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record :
        kafka.readAll(Topics.TRUST_CHANGES, Duration.ofMillis(500))) {
      DecodedEvent event = CODEC.decode(record.value());
      if (event instanceof DecodedEvent.TrustChangedEvent changed) {
        out.add(changed.event());
      }
    }
    return out;
  }
}
