package dev.trustpipe.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustpipe.audit.cli.AuditCli;
import dev.trustpipe.audit.support.AuditServiceRunner;
import dev.trustpipe.audit.support.TrustEvents;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.translog.Checkpoint;
import dev.trustpipe.translog.Hashes;
import dev.trustpipe.translog.InvalidProofException;
import dev.trustpipe.translog.MerkleTree;
import dev.trustpipe.translog.NoteKey;
import dev.trustpipe.translog.SignedNote;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit-service as deployed: real Kafka broker, real PostgreSQL, the HTTP API with its bearer
 * token, checkpoints signed with a custody key, and the CLI against it. The steps build on each
 * other (one log), so they run in order; the last one tampers with the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditServiceAcceptanceTest {
  private static final EventCodec CODEC = new EventCodec();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path home;
  @TempDir static Path files;
  private EmbeddedKafka kafka;
  private TestPostgres database;
  private AuditServiceRunner service;
  private final List<CloudEvent<?>> sent = new ArrayList<>();
  private String firstCheckpoint;

  @BeforeAll
  void start() {
    kafka = new EmbeddedKafka(3);
    database = TestPostgres.create("auditsvc");
    service = AuditServiceRunner.start(kafka, database, home, Map.of());
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private void send(CloudEvent<?> event) {
    String topic = event.eventType().topic();
    kafka.send(topic, event.subject(), CODEC.encode(event));
    sent.add(event);
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = service.get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private List<JsonNode> allEntries() throws Exception {
    return items(getJson("/api/v1/audit/events?limit=1000"));
  }

  private static List<JsonNode> items(JsonNode page) {
    List<JsonNode> out = new ArrayList<>();
    page.get("items").forEach(out::add);
    return out;
  }

  @Test
  @Order(1)
  void everyEventBecomesExactlyOneEntryWithItsCause() throws Exception {
    for (int n = 1; n <= 12; n++) {
      send(TrustEvents.pushed("registry.example/team/app" + (n % 3), "v" + n, n, n));
    }
    send(TrustEvents.renewed("registry.example/team/app0", 2, 1));
    send(TrustEvents.rotated("registry.example/team/app1", 1));
    send(TrustEvents.rejected("registry.example/team/unknown", 1));
    kafka.send(Topics.TRUST_CHANGES, "garbage", "{not an event".getBytes(StandardCharsets.UTF_8));

    await().atMost(WAIT).until(() -> allEntries().size() == 16);
    List<JsonNode> entries = allEntries();
    Set<String> eventIds = new HashSet<>();
    entries.forEach(e -> eventIds.add(e.get("eventId").asText()));
    assertThat(eventIds).hasSize(16);
    for (CloudEvent<?> event : sent) {
      assertThat(eventIds).contains(event.id());
    }
    JsonNode push7 =
        items(
                getJson(
                    "/api/v1/audit/events?digest="
                        + dev.trustpipe.audit.support.TestEntries.digest(7)))
            .get(0);
    assertThat(push7.get("action").asText()).isEqualTo("push");
    assertThat(push7.get("gun").asText()).isEqualTo("registry.example/team/app1");
    assertThat(push7.get("tag").asText()).isEqualTo("v7");
    assertThat(push7.get("role").asText()).isEqualTo("targets/releases");
    assertThat(push7.get("version").asInt()).isEqualTo(7);
    assertThat(push7.get("metadataSha256").asText()).isEqualTo(String.format("%064x", 7_000_007));
    assertThat(push7.get("causeEventIds").get(0).asText()).isEqualTo("registry-event-7");
    assertThat(push7.get("actor").asText()).isEqualTo(TrustEvents.SIGNING);

    JsonNode rotation = items(getJson("/api/v1/audit/events?action=key-rotation")).get(0);
    assertThat(rotation.get("actor").asText()).isEqualTo("operator:alice");
    JsonNode rejection = items(getJson("/api/v1/audit/events?action=rejected")).get(0);
    assertThat(rejection.get("causeEventIds").get(0).asText()).isEqualTo("push-1");
    assertThat(rejection.get("detail").asText()).startsWith("policy: repository not onboarded");
    assertThat(items(getJson("/api/v1/audit/events?action=undecodable"))).hasSize(1);
    assertThat(items(getJson("/api/v1/audit/events?action=renewal")).get(0).get("role").asText())
        .isEqualTo("timestamp");
  }

  @Test
  @Order(2)
  void replayingTheSameEventsChangesNothing() throws Exception {
    String rootBefore = getJson("/api/v1/audit/verify").get("rootHash").asText();
    for (CloudEvent<?> event : List.copyOf(sent)) {
      kafka.send(event.eventType().topic(), event.subject(), CODEC.encode(event));
    }
    // a marker after the replay: once it is logged, the replayed records were consumed
    send(TrustEvents.pushed("registry.example/team/marker", "m", 1, 100));
    await().atMost(WAIT).until(() -> allEntries().size() == 17);
    await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> allEntries().size() == 17);
    JsonNode seventeenth = getJson("/api/v1/audit/events/17");
    assertThat(seventeenth.get("eventId").asText()).isEqualTo("trust-changed-100");
    assertThat(seventeenth.get("logIndex").asLong()).isEqualTo(16);
    assertThat(seventeenth.get("prevHash").asText())
        .isEqualTo(getJson("/api/v1/audit/events/16").get("entryHash").asText());
    JsonNode verify = getJson("/api/v1/audit/verify");
    assertThat(verify.get("ok").asBoolean()).isTrue();
    assertThat(verify.get("entries").asLong()).isEqualTo(17);
    assertThat(rootBefore).isNotEqualTo(verify.get("rootHash").asText());
  }

  @Test
  @Order(3)
  void pagesAreNewestFirstAndTheCursorWalksTheWholeLog() throws Exception {
    List<Long> sequences = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          getJson("/api/v1/audit/events?limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
      items(page).forEach(e -> sequences.add(e.get("sequence").asLong()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    assertThat(sequences).hasSize(17).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(items(getJson("/api/v1/audit/events?gun=registry.example/team/app2&limit=2")))
        .extracting(e -> e.get("tag").asText())
        .containsExactly("v11", "v8");
    assertThat(
            items(
                getJson("/api/v1/audit/events?from=2026-11-23T10:00:03Z&to=2026-11-23T10:00:05Z")))
        .extracting(e -> e.get("sequence").asLong())
        .hasSize(2);
  }

  @Test
  @Order(4)
  void aSignedCheckpointCoversTheLogAndProofsVerifyAgainstIt() throws Exception {
    await().atMost(WAIT).until(() -> checkpointSize() == 17);
    String note = service.get("/api/v1/audit/checkpoint").body();
    firstCheckpoint = note;
    HttpResponse<String> keyResponse = service.get("/api/v1/audit/checkpoint/key");
    assertThat(keyResponse.body()).startsWith("-----BEGIN PUBLIC KEY-----");
    Path pem = files.resolve("key.pem");
    Files.writeString(pem, keyResponse.body());
    SignedNote signed = SignedNote.parse(note);
    Checkpoint checkpoint = Checkpoint.parse(signed.text());
    NoteKey key = NoteKey.of(checkpoint.origin(), readPem(pem));
    assertThat(checkpoint.origin()).isEqualTo("test.trustpipe/audit");
    assertThat(signed.verifiedBy(key)).isTrue();
    assertThat(keyResponse.headers().firstValue("X-Trustpipe-Verifier-Key")).contains(key.encode());

    JsonNode entry = getJson("/api/v1/audit/events/5");
    JsonNode proof = getJson("/api/v1/audit/proof/inclusion?logIndex=4&treeSize=17");
    assertThat(proof.get("rootHash").asText()).isEqualTo(Hashes.hex(checkpoint.rootHash()));
    List<byte[]> hashes = hashes(proof.get("hashes"));
    byte[] leaf = Hashes.fromHex(entry.get("leafHash").asText());
    MerkleTree.verifyInclusion(4, 17, leaf, hashes, checkpoint.rootHash());
    byte[] wrongLeaf = leaf.clone();
    wrongLeaf[0] ^= 1;
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MerkleTree.verifyInclusion(4, 17, wrongLeaf, hashes, checkpoint.rootHash()))
        .isInstanceOf(InvalidProofException.class);
  }

  @Test
  @Order(5)
  void aConsistencyProofShowsTheNewCheckpointExtendsTheOld() throws Exception {
    for (int n = 200; n < 205; n++) {
      send(TrustEvents.pushed("registry.example/team/later", "l" + n, n - 199, n));
    }
    await().atMost(WAIT).until(() -> checkpointSize() == 22);
    Checkpoint old = Checkpoint.parse(SignedNote.parse(firstCheckpoint).text());
    Checkpoint now =
        Checkpoint.parse(SignedNote.parse(service.get("/api/v1/audit/checkpoint").body()).text());
    JsonNode proof = getJson("/api/v1/audit/proof/consistency?from=17&to=22");
    assertThat(proof.get("from").asLong()).isEqualTo(17);
    assertThat(proof.get("to").asLong()).isEqualTo(22);
    List<byte[]> hashes = hashes(proof.get("hashes"));
    MerkleTree.verifyConsistency(17, 22, hashes, old.rootHash(), now.rootHash());
    for (int i = 0; i < hashes.size(); i++) {
      List<byte[]> bad = new ArrayList<>(hashes);
      byte[] changed = bad.get(i).clone();
      changed[i % 32] ^= 0x04;
      bad.set(i, changed);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> MerkleTree.verifyConsistency(17, 22, bad, old.rootHash(), now.rootHash()))
          .isInstanceOf(InvalidProofException.class);
    }
  }

  @Test
  @Order(6)
  void outOfRangeAndMalformedRequestsAre400AndNoTokenIs401() throws Exception {
    for (String path :
        List.of(
            "/api/v1/audit/proof/inclusion?logIndex=0&treeSize=0",
            "/api/v1/audit/proof/inclusion?logIndex=0&treeSize=23",
            "/api/v1/audit/proof/inclusion?logIndex=5&treeSize=5",
            "/api/v1/audit/proof/inclusion?logIndex=-1&treeSize=5",
            "/api/v1/audit/proof/inclusion?logIndex=x&treeSize=5",
            "/api/v1/audit/proof/inclusion?treeSize=5",
            "/api/v1/audit/proof/consistency?from=0&to=5",
            "/api/v1/audit/proof/consistency?from=6&to=5",
            "/api/v1/audit/proof/consistency?from=1&to=23",
            "/api/v1/audit/events?limit=0",
            "/api/v1/audit/events?limit=1001",
            "/api/v1/audit/events?cursor=bogus",
            "/api/v1/audit/events?from=yesterday",
            "/api/v1/audit/export?to=2026-13-01T00:00:00Z")) {
      HttpResponse<String> response = service.get(path);
      assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("bad_request");
    }
    assertThat(service.get("/api/v1/audit/proof/consistency?from=22&to=22").statusCode())
        .isEqualTo(200);
    assertThat(service.get("/api/v1/audit/events/999").statusCode()).isEqualTo(404);
    assertThat(service.get("/api/v1/audit/events", null).statusCode()).isEqualTo(401);
    assertThat(service.get("/api/v1/audit/checkpoint", "wrong-token-wrong-token").statusCode())
        .isEqualTo(401);
    assertThat(service.get("/openapi.yaml", null).body())
        .contains("/api/v1/audit/proof/consistency");
    assertThat(service.get("/actuator/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(7)
  void theCliExportsAndVerifiesOfflineThenDetectsATamperedRow() throws Exception {
    Path export = files.resolve("export.ndjson");
    Path checkpoint = files.resolve("checkpoint.txt");
    Path key = files.resolve("key.pem");
    assertThat(cli("checkpoint", "--out", checkpoint.toString()).status).isZero();
    assertThat(cli("key", "--out", key.toString()).status).isZero();
    assertThat(cli("export", "--out", export.toString()).status).isZero();
    assertThat(Files.readAllLines(export)).hasSize(22);
    Result ok =
        cli(
            "verify",
            "--export",
            export.toString(),
            "--checkpoint",
            checkpoint.toString(),
            "--key",
            key.toString());
    assertThat(ok.status).as(ok.out + ok.err).isZero();
    assertThat(ok.out).contains("\"ok\":true");
    Result query = cli("query", "--gun", "registry.example/team/later", "--limit", "2", "--all");
    assertThat(query.out.lines().count()).isEqualTo(5);

    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      s.execute("UPDATE audit.audit_entry SET tag = 'v999' WHERE sequence = 9");
    }
    JsonNode verify = getJson("/api/v1/audit/verify");
    assertThat(verify.get("ok").asBoolean()).isFalse();
    assertThat(verify.get("firstBadSequence").asLong()).isEqualTo(9);
    assertThat(cli("verify", "--online").status).isEqualTo(1);

    assertThat(cli("export", "--out", export.toString()).status).isZero();
    Result bad =
        cli(
            "verify",
            "--export",
            export.toString(),
            "--checkpoint",
            checkpoint.toString(),
            "--key",
            key.toString());
    assertThat(bad.status).isEqualTo(1);
    assertThat(JSON.readTree(bad.out).get("firstBadSequence").asLong()).isEqualTo(9);
  }

  private long checkpointSize() throws Exception {
    HttpResponse<String> response = service.get("/api/v1/audit/checkpoint");
    return response.statusCode() == 200
        ? Checkpoint.parse(SignedNote.parse(response.body()).text()).size()
        : 0;
  }

  private static List<byte[]> hashes(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(h -> out.add(Hashes.fromHex(h.asText())));
    return out;
  }

  private static java.security.PublicKey readPem(Path pem) throws Exception {
    String base64 =
        Files.readString(pem)
            .replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    return java.security.KeyFactory.getInstance("Ed25519")
        .generatePublic(
            new java.security.spec.X509EncodedKeySpec(
                java.util.Base64.getDecoder().decode(base64)));
  }

  record Result(int status, String out, String err) {}

  private Result cli(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env =
        Map.of("TRUSTPIPE_AUDIT_URL", service.url(), "TRUSTPIPE_HOME", home.toString());
    int status =
        new AuditCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env)
            .run(args);
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
