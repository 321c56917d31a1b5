package dev.trustpipe.ingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.TagDeleted;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.ingest.e2e.RegistryPusher.Pushed;
import dev.trustpipe.ingest.support.EmbeddedKafka;
import dev.trustpipe.ingest.support.Http;
import dev.trustpipe.ingest.support.IngestServiceRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CNCF Distribution registry from Debian ({@code docker-registry} 2.8.2, started by {@code
 * src/test/registry/registry.sh}) notifies the real ingest-service; images are pushed through the
 * registry's HTTP API without a Docker daemon. Every tag push becomes exactly one event with the
 * digest the registry stored; an index's children are pushes by digest; blobs and pulls produce
 * nothing; a second endpoint with a wrong secret produces nothing.
 *
 * <p>{@code -Dingest.registry.e2e=false} skips it where the registry cannot be installed.
 */
@DisabledIfSystemProperty(
    named = "ingest.registry.e2e",
    matches = "false",
    disabledReason =
        "-Dingest.registry.e2e=false: the real docker-registry is not installed here; .ci/run"
            + " installs it and runs this test")
class RealRegistryEndToEndTest {
  private static final EventCodec CODEC = new EventCodec();
  private static final Path SCRIPT = Path.of("src/test/registry/registry.sh");

  @TempDir Path dir;

  /** An event as the test compares it: what, where, which tag, which manifest. */
  record Seen(String type, String gun, String tag, String digest, Long size, String mediaType) {
    static Seen push(String gun, String tag, Pushed manifest) {
      return new Seen("push", gun, tag, manifest.digest(), manifest.size(), manifest.mediaType());
    }

    static Seen delete(String gun, String tag, String digest) {
      return new Seen("delete", gun, tag, digest, null, null);
    }

    static Seen of(DecodedEvent event) {
      if (event.data() instanceof ImagePushed p) {
        return new Seen("push", p.gun(), p.tag(), p.digest(), p.size(), p.mediaType());
      }
      TagDeleted d = (TagDeleted) event.data();
      return new Seen("delete", d.gun(), d.tag(), d.digest(), null, null);
    }
  }

  @Test
  void everyTagPushIsExactlyOneEventWithTheRegistrysDigest() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.shared();
    int registryPort = freePort();
    String host = "localhost:" + registryPort;
    try (IngestServiceRunner service =
        IngestServiceRunner.start(
            kafka.bootstrapServers(),
            dir.resolve("home"),
            Map.of(
                "trustpipe.ingest.registry-aliases", "127.0.0.1:" + registryPort + "=" + host))) {
      Map<TopicPartition, Long> before = kafka.endOffsets(Topics.REGISTRY_EVENTS);
      Path registryDir = dir.resolve("registry");
      Map<String, String> env =
          Map.of(
              "REGISTRY_PORT", String.valueOf(registryPort),
              "REGISTRY_DIR", registryDir.toString(),
              "NOTIFY_URL", service.url("/webhooks/distribution"),
              "NOTIFY_TOKEN", IngestServiceRunner.SECRET,
              "INTRUDER_TOKEN", "not-the-secret");
      String registry = run(env, "start").strip();
      try {
        RegistryPusher pusher = new RegistryPusher(registry);
        Pushed oci = pusher.pushOci("e2e/app", "v1");
        Pushed docker = pusher.pushDocker("e2e/app", "v1-docker");
        Pushed index = pusher.pushIndex("e2e/multi", "v2");
        // what a client resolving the tags gets (these HEADs notify pulls, to be ignored)
        assertThat(pusher.digestOf("e2e/app", "v1")).isEqualTo(oci.digest());
        assertThat(pusher.digestOf("e2e/app", "v1-docker")).isEqualTo(docker.digest());
        assertThat(pusher.digestOf("e2e/multi", "v2")).isEqualTo(index.digest());
        pusher.deleteManifest("e2e/app", docker.digest());
        // each endpoint's queue is delivered in order: once this arrives, everything before has
        Pushed last = pusher.pushOci("e2e/sentinel", "done");

        List<Seen> seen = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  seen.clear();
                  kafka
                      .readSince(Topics.REGISTRY_EVENTS, before)
                      .forEach(record -> seen.add(Seen.of(CODEC.decode(record.value()))));
                  return seen.stream().anyMatch(s -> "done".equals(s.tag()));
                });

        String app = host + "/e2e/app";
        String multi = host + "/e2e/multi";
        assertThat(seen)
            .containsExactlyInAnyOrder(
                Seen.push(app, "v1", oci),
                Seen.push(app, "v1-docker", docker),
                Seen.push(multi, null, index.children().get(0)),
                Seen.push(multi, null, index.children().get(1)),
                Seen.push(multi, "v2", index),
                Seen.delete(app, null, docker.digest()),
                Seen.delete(app, "v1-docker", null),
                Seen.push(host + "/e2e/sentinel", "done", last));
        // one GUN, one partition: its events arrive in the order they happened
        assertThat(seen.stream().filter(s -> s.gun().equals(app)).toList())
            .containsExactly(
                Seen.push(app, "v1", oci),
                Seen.push(app, "v1-docker", docker),
                Seen.delete(app, null, docker.digest()),
                Seen.delete(app, "v1-docker", null));

        // the intruder endpoint's deliveries arrived and were refused
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    counter(service, "trustpipe_ingest_webhooks_rejected_total", "unauthenticated")
                        > 0);
        assertThat(counter(service, "trustpipe_ingest_events_ignored_total", "blob")).isPositive();
        assertThat(counter(service, "trustpipe_ingest_events_ignored_total", "pull")).isPositive();
      } finally {
        run(env, "stop");
      }
    }
  }

  /** The value of {@code name{reason="reason",source="distribution"}} in /actuator/prometheus. */
  private static double counter(IngestServiceRunner service, String name, String reason) {
    String metrics = Http.get(service.url("/actuator/prometheus")).body();
    Matcher matcher =
        Pattern.compile(
                Pattern.quote(name + "{reason=\"" + reason + "\",source=\"distribution\"}")
                    + " ([0-9.E]+)")
            .matcher(metrics);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  private static String run(Map<String, String> env, String command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), command);
    builder.environment().putAll(env);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("registry.sh " + command + " failed: " + output);
    }
    return output;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
