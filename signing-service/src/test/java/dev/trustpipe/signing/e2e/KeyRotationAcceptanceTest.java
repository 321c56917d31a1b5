package dev.trustpipe.signing.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.KeyRotated;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.signing.operator.KeysCli;
import dev.trustpipe.signing.support.CommandLine;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.NotaryCli.ListedTarget;
import dev.trustpipe.signing.support.NotaryHttp;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.testkit.pkcs11.SoftHsmToken;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's acceptance: rotation of each role keeps an existing notary client verifying. The real
 * Debian notary CLI keeps one trust dir (its cache and trusted root) from before the first
 * rotation; after each rotation, made through the operator API, it must list a tag pushed after
 * that rotation, which only metadata signed by the new keys can carry. A second cache, frozen
 * before any rotation and used only at the end, has to walk the root chain across two root-key
 * rotations.
 */
class KeyRotationAcceptanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GUN = "registry.example.com:5000/team/rotated";

  @TempDir Path home;
  @TempDir Path caches;

  @Test
  void everyRoleRotatesAndAClientWithAnOldCacheKeepsVerifying() throws Exception {
    try (EmbeddedKafka kafka = new EmbeddedKafka(3);
        TestPostgres database = TestPostgres.create("signing_rotation");
        SigningServiceRunner service =
            SigningServiceRunner.start(kafka, database, home, Map.of())) {
      Operator operator = new Operator(service.notaryUrl(), home);
      NotaryCli notary =
          new NotaryCli(service.notaryUrl(), home.resolve("tls/ca.crt"))
              .withTrustDir(caches.resolve("live"));
      List<ListedTarget> expected = new ArrayList<>();
      push(kafka, notary, expected, "v0");
      // a second client whose cache stays at root v1 until the end
      copyTree(caches.resolve("live"), caches.resolve("frozen"));

      // refused requests change nothing
      assertThat(operator.rotate("wrong-token-0123456789", GUN, "timestamp").statusCode())
          .isEqualTo(401);
      assertThat(operator.rotate(operator.token, GUN, "targets/other").statusCode()).isEqualTo(400);
      assertThat(
              operator
                  .rotate(operator.token, "registry.example.com:5000/never/pushed", "root")
                  .statusCode())
          .isEqualTo(404);
      assertThat(currentRootVersion(service)).isEqualTo(1);

      List<String> roles =
          List.of("timestamp", "snapshot", "root", "targets", "targets/releases", "root");
      List<JsonNode> rotations = new ArrayList<>();
      for (int i = 0; i < roles.size(); i++) {
        String role = roles.get(i);
        JsonNode before = operator.keys(GUN);
        JsonNode rotation;
        if (i < roles.size() - 1) {
          HttpResponse<String> response = operator.rotate(operator.token, GUN, role);
          assertThat(response.statusCode())
              .as("rotate %s: %s", role, response.body())
              .isEqualTo(200);
          rotation = JSON.readTree(response.body());
        } else {
          // the last one as an operator types it: ./trustpipe keys rotate <gun> <role>
          rotation =
              JSON.readTree(keysCli(service, "rotate", GUN, role, "--actor", "acceptance-test"));
          assertThat(JSON.readTree(keysCli(service, "list", GUN)).get("keys")).hasSize(5);
        }
        rotations.add(rotation);
        assertThat(rotation.get("oldKeyId").asText()).isEqualTo(keyIdOf(before, role));
        assertThat(rotation.get("newKeyId").asText())
            .isNotEqualTo(rotation.get("oldKeyId").asText())
            .isEqualTo(keyIdOf(operator.keys(GUN), role));

        push(kafka, notary, expected, "after-" + role.replace('/', '-') + "-" + i);
        assertThat(cachedRootVersion(caches.resolve("live")))
            .as("the client took the new root after rotating %s", role)
            .isEqualTo(currentRootVersion(service));
      }
      assertThat(currentRootVersion(service)).isEqualTo(6);

      // the frozen client trusts root v1: root v6 is signed only by the second rotated root key,
      // so it has to download and check 2.root.json ... 5.root.json on the way
      List<ListedTarget> frozenView =
          new NotaryCli(service.notaryUrl(), home.resolve("tls/ca.crt"))
              .withTrustDir(caches.resolve("frozen"))
              .list(GUN);
      assertThat(frozenView).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(cachedRootVersion(caches.resolve("frozen"))).isEqualTo(6);

      // every rotation reached Kafka as key.rotated.v1, and its files as trust.changed.v1 ROTATION
      List<CloudEvent<?>> events = new ArrayList<>();
      kafka
          .readAll(Topics.TRUST_CHANGES, Duration.ofSeconds(2))
          .forEach(r -> events.add(eventOf(CODEC.decode(r.value()))));
      List<KeyRotated> rotated =
          events.stream()
              .filter(e -> e.data() instanceof KeyRotated)
              .map(e -> (KeyRotated) e.data())
              .toList();
      assertThat(rotated).extracting(KeyRotated::role).containsExactlyElementsOf(roles);
      assertThat(rotated).allSatisfy(r -> assertThat(r.actor()).isEqualTo("acceptance-test"));
      for (int i = 0; i < roles.size(); i++) {
        String eventId = rotations.get(i).get("eventId").asText();
        List<TrustChanged> caused =
            events.stream()
                .filter(
                    e -> e.data() instanceof TrustChanged t && t.causeEventIds().contains(eventId))
                .map(e -> (TrustChanged) e.data())
                .toList();
        assertThat(caused)
            .isNotEmpty()
            .allSatisfy(t -> assertThat(t.cause()).isEqualTo(ChangeCause.ROTATION));
        assertThat(caused).extracting(TrustChanged::role).contains("snapshot", "timestamp");
      }
    }
  }

  @Test
  void withRootInAnHsmAndOnlineKeysInVaultARootRotationStaysInTheHsm() throws Exception {
    SoftHsmToken token = SoftHsmToken.shared();
    Path sunPkcs11Config = token.writeSunPkcs11Config(caches.resolve("softhsm.cfg"));
    String gun = "registry.example.com:5000/team/mixed-" + Long.toHexString(System.nanoTime());
    try (FakeVaultTransitServer vault = FakeVaultTransitServer.start();
        EmbeddedKafka kafka = new EmbeddedKafka(3);
        TestPostgres database = TestPostgres.create("signing_mixed");
        SigningServiceRunner service =
            SigningServiceRunner.start(
                kafka,
                database,
                home,
                Map.of(
                    "trustpipe.custody.backend",
                    "vault",
                    "VAULT_ADDR",
                    vault.address().toString(),
                    "VAULT_TOKEN",
                    vault.rootToken(),
                    "TRUSTPIPE_CUSTODY_ROOT",
                    "pkcs11",
                    "TRUSTPIPE_PKCS11_CONFIG",
                    sunPkcs11Config.toString(),
                    "TRUSTPIPE_PKCS11_PIN",
                    new String(token.pin())))) {
      Operator operator = new Operator(service.notaryUrl(), home);
      NotaryCli notary =
          new NotaryCli(service.notaryUrl(), home.resolve("tls/ca.crt"))
              .withTrustDir(caches.resolve("mixed"));
      List<ListedTarget> expected = new ArrayList<>();
      push(kafka, notary, expected, gun, "m0");
      assertThat(custodyOf(operator.keys(gun)))
          .containsEntry("root", "pkcs11")
          .containsEntry("targets", "vault")
          .containsEntry("targets/releases", "vault")
          .containsEntry("snapshot", "vault")
          .containsEntry("timestamp", "vault");

      HttpResponse<String> rotated = operator.rotate(operator.token, gun, "root");
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
      assertThat(keyOf(operator.keys(gun), "root").get("custody").asText())
          .startsWith("pkcs11:")
          .endsWith("@v2");
      push(kafka, notary, expected, gun, "m1");
      assertThat(cachedRootVersion(caches.resolve("mixed"))).isEqualTo(2);
      // Vault never saw a root key: no create, read or sign of one
      assertThat(vault.requests()).noneMatch(r -> r.path().contains("_root_"));
    }
  }

  private static Map<String, String> custodyOf(JsonNode keys) {
    Map<String, String> backends = new java.util.TreeMap<>();
    for (JsonNode key : keys.get("keys")) {
      String custody = key.get("custody").asText();
      backends.put(key.get("role").asText(), custody.substring(0, custody.indexOf(':')));
    }
    return backends;
  }

  private static JsonNode keyOf(JsonNode keys, String role) {
    for (JsonNode key : keys.get("keys")) {
      if (key.get("role").asText().equals(role)) {
        return key;
      }
    }
    throw new AssertionError("no " + role + " key in " + keys);
  }

  private void push(EmbeddedKafka kafka, NotaryCli notary, List<ListedTarget> expected, String tag)
      throws Exception {
    push(kafka, notary, expected, GUN, tag);
  }

  private void push(
      EmbeddedKafka kafka, NotaryCli notary, List<ListedTarget> expected, String gun, String tag)
      throws Exception {
    kafka.send(
        Topics.REGISTRY_EVENTS,
        gun,
        CODEC.encode(
            RegistryEvents.push(gun, tag, "image-" + tag, 500 + expected.size(), "ev-" + tag)));
    expected.add(
        new ListedTarget(
            tag,
            RegistryEvents.sha256Hex("image-" + tag),
            500 + expected.size(),
            RoleName.RELEASES));
    await()
        .atMost(2, TimeUnit.MINUTES)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> assertThat(notary.list(gun)).containsExactlyInAnyOrderElementsOf(expected));
  }

  private String keysCli(SigningServiceRunner service, String... args) {
    return CommandLine.run(KeysCli::run, service.notaryUrl(), home.toString(), args);
  }

  private static String keyIdOf(JsonNode keys, String role) {
    return keyOf(keys, role).get("keyId").asText();
  }

  private int currentRootVersion(SigningServiceRunner service) throws Exception {
    byte[] root =
        new NotaryHttp(service.notaryUrl(), home.resolve("tls/ca.crt"))
            .tuf(GUN, "root.json")
            .orElseThrow();
    return SignedMetadata.parse(RoleName.ROOT, root).version();
  }

  private static int cachedRootVersion(Path trustDir) throws IOException {
    try (Stream<Path> files = Files.walk(trustDir)) {
      Path root =
          files
              .filter(p -> p.getFileName().toString().equals("root.json"))
              .filter(p -> p.getParent().getFileName().toString().equals("metadata"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no cached root.json under " + trustDir));
      return SignedMetadata.parse(RoleName.ROOT, Files.readAllBytes(root)).version();
    }
  }

  private static CloudEvent<?> eventOf(DecodedEvent decoded) {
    if (decoded instanceof DecodedEvent.KeyRotatedEvent e) {
      return e.event();
    }
    if (decoded instanceof DecodedEvent.TrustChangedEvent e) {
      return e.event();
    }
    throw new AssertionError("unexpected event on trust.changes: " + decoded);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  /** The key operator API over TLS with the operator token the service generated. */
  private static final class Operator {
    private final String baseUrl;
    private final HttpClient client;
    private final String token;

    Operator(String baseUrl, Path home) throws Exception {
      this.baseUrl = baseUrl;
      X509Certificate ca;
      try (InputStream in = Files.newInputStream(home.resolve("tls/ca.crt"))) {
        ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      this.client = HttpClient.newBuilder().sslContext(NotaryHttp.trusting(ca)).build();
      this.token = Files.readString(home.resolve("operator-token")).strip();
    }

    HttpResponse<String> rotate(String bearer, String gun, String role) throws Exception {
      return client.send(
          HttpRequest.newBuilder(
                  URI.create(
                      baseUrl
                          + "/api/v1/keys/rotate?gun="
                          + encode(gun)
                          + "&role="
                          + encode(role)
                          + "&actor=acceptance-test"))
              .header("Authorization", "Bearer " + bearer)
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    JsonNode keys(String gun) throws Exception {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/keys?gun=" + encode(gun)))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
  }
}
