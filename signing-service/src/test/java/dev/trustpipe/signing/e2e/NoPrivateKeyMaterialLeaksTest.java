package dev.trustpipe.signing.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.Topics;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.NotaryCli.ListedTarget;
import dev.trustpipe.signing.support.NotaryHttp;
import dev.trustpipe.signing.support.PrivateKeyLeaks;
import dev.trustpipe.signing.support.PrivateKeyLeaks.Material;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer;
import dev.trustpipe.tuf.model.RoleName;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue #9: no private key material reaches the database, the logs, the events or the HTTP
 * responses. The real signing-service runs the pipeline (pushes, a delete, an undecodable event
 * that is dead-lettered, OCI public keys fetched, which creates their keys) with TrustPipe's own
 * code logging at DEBUG; then everything it showed the world is collected: the whole console output
 * of the JVM (start to shutdown), every row of every table of its database, every record (key,
 * headers, value) of every Kafka topic, and the full response (status, headers, body) of every
 * Notary API, OCI public-key and actuator endpoint. The private keys themselves are then obtained
 * behind the service's back (the keystore files decrypted with the passphrase; the Vault test
 * server's keys; the TLS keys on disk) and none of their encodings ({@link PrivateKeyLeaks}), nor
 * the keystore passphrase or the Vault token, may appear anywhere in what was collected. {@link
 * #theScannerFindsEachEncodingOfAPrivateKey} proves that the scanner finds what it looks for.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoPrivateKeyMaterialLeaksTest {
  private static final String HOST = "registry.example.com:5000";
  private static final String FIRST = HOST + "/leak/first";
  private static final String SECOND = HOST + "/leak/second";

  @TempDir Path home;

  @Test
  void nothingOfTheLocalKeystoreKeysIsLoggedStoredPublishedOrServed(CapturedOutput output)
      throws Exception {
    List<Material> shown = runPipeline(Map.of("trustpipe.custody.backend", "local"));
    shown.add(console(output));

    Path keystore = home.resolve("keys");
    String passphrase =
        Files.readString(home.resolve("keystore-passphrase"), StandardCharsets.UTF_8).strip();
    PrivateKeyLeaks leaks =
        new PrivateKeyLeaks()
            .addText("the keystore passphrase", passphrase)
            .addText("the operator token", operatorToken());
    List<Path> keyFiles;
    try (Stream<Path> files = Files.list(keystore)) {
      keyFiles = files.filter(f -> f.toString().endsWith(".key")).sorted().toList();
    }
    for (Path file : keyFiles) {
      leaks.addEncryptedPemFile(file, passphrase.toCharArray());
    }
    assertThat(leaks.keys().keySet())
        .as("the keystore holds the five keys of each repository and the host's OCI key")
        .containsExactlyInAnyOrderElementsOf(
            expectedKeyNames(name -> name + ".v1.key", name -> name + ".v2.key"));
    addTlsKeys(leaks);

    assertNoLeak(leaks, shown);
  }

  @Test
  void nothingOfTheVaultTransitKeysIsLoggedStoredPublishedOrServed(CapturedOutput output)
      throws Exception {
    try (FakeVaultTransitServer vault = FakeVaultTransitServer.start()) {
      List<Material> shown =
          runPipeline(
              Map.of(
                  "trustpipe.custody.backend", "vault",
                  "VAULT_ADDR", vault.address().toString(),
                  "VAULT_TOKEN", vault.rootToken()));
      shown.add(console(output));

      // the token that can use every key is looked for too
      PrivateKeyLeaks leaks =
          new PrivateKeyLeaks()
              .addText("the Vault token", vault.rootToken())
              .addText("the operator token", operatorToken());
      vault
          .privateKeysForLeakTests()
          .forEach(
              (keyId, versions) -> {
                for (int v = 0; v < versions.size(); v++) {
                  leaks.add(keyId + " v" + (v + 1), versions.get(v));
                }
              });
      assertThat(leaks.keys().keySet())
          .as("Vault holds the five keys of each repository and the host's OCI key")
          .containsExactlyInAnyOrderElementsOf(
              expectedKeyNames(
                  name -> "transit/" + name + " v1", name -> "transit/" + name + " v2"));
      assertThat(home.resolve("keys")).doesNotExist();
      addTlsKeys(leaks);

      assertNoLeak(leaks, shown);
    }
  }

  /**
   * The scanner itself: each encoding of a key, planted in text the way a careless log line, column
   * or JSON field would carry it, is found; the same text without it is clean.
   */
  @Test
  void theScannerFindsEachEncodingOfAPrivateKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
    PrivateKeyLeaks leaks = new PrivateKeyLeaks().add("planted", key);
    byte[] d = fixed32(key.getS().toByteArray());
    byte[] pkcs8 = key.getEncoded();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
            + "\n-----END PRIVATE KEY-----\n";
    String pemBodyInJson =
        "{\"key\":\""
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pkcs8)
                .replace("\n", "\\n")
            + "\"}";
    byte[] prefixed = new byte[2 + d.length];
    System.arraycopy(d, 0, prefixed, 2, d.length);
    Map<String, String> planted =
        Map.ofEntries(
            Map.entry("hex", "signing with d=" + HexFormat.of().formatHex(d) + " now"),
            Map.entry("HEX", "D: " + HexFormat.of().withUpperCase().formatHex(d)),
            Map.entry("base64", "x " + Base64.getEncoder().encodeToString(d) + " y"),
            Map.entry("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(d)),
            Map.entry("base64 inside a blob", Base64.getEncoder().encodeToString(prefixed)),
            Map.entry("decimal", "s=" + key.getS()),
            Map.entry("pkcs8 base64", Base64.getEncoder().encodeToString(pkcs8)),
            Map.entry("pem", pem.replace("PRIVATE KEY", "KEY")),
            Map.entry("pem body in json", pemBodyInJson),
            Map.entry("pem marker", "-----BEGIN EC PRIVATE KEY-----"));
    for (Map.Entry<String, String> entry : planted.entrySet()) {
      assertThat(leaks.scan(List.of(Material.text(entry.getKey(), entry.getValue()))))
          .as("planted %s", entry.getKey())
          .isNotEmpty();
    }
    byte[] rawColumn = new byte[40];
    System.arraycopy(d, 0, rawColumn, 5, d.length);
    assertThat(leaks.scan(List.of(new Material("bytea", rawColumn)))).isNotEmpty();
    String publicOnly =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    assertThat(leaks.scan(List.of(Material.text("public key", publicOnly)))).isEmpty();

    // scalars with leading zero digits, printed the way BigInteger.toString(16) does (63 and 62
    // digits) or in decimal
    for (int shift : new int[] {4, 8}) {
      BigInteger small = key.getS().shiftRight(shift);
      PrivateKeyLeaks smallLeaks = new PrivateKeyLeaks().add("small", ecPrivateKey(small));
      for (String printed : List.of(small.toString(16), small.toString())) {
        assertThat(smallLeaks.scan(List.of(Material.text("log", "d=" + printed + "."))))
            .as("d >> %d printed as %s", shift, printed)
            .isNotEmpty();
      }
    }
  }

  private static ECPrivateKey ecPrivateKey(BigInteger s) throws Exception {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    return (ECPrivateKey)
        KeyFactory.getInstance("EC")
            .generatePrivate(
                new ECPrivateKeySpec(s, parameters.getParameterSpec(ECParameterSpec.class)));
  }

  // ------------------------------------------------------------------ the run

  /**
   * Runs the pipeline on its own Kafka and database with {@code custody}, then returns what it
   * showed: database rows, Kafka records, HTTP responses (the console is the caller's).
   */
  private List<Material> runPipeline(Map<String, Object> custody) throws Exception {
    List<Material> shown = new ArrayList<>();
    try (EmbeddedKafka kafka = new EmbeddedKafka(3);
        TestPostgres database = TestPostgres.create("signing_leaks")) {
      Map<String, Object> settings = new java.util.HashMap<>(custody);
      settings.put("logging.level.dev.trustpipe", "DEBUG");
      try (SigningServiceRunner service =
          SigningServiceRunner.start(kafka, database, home, settings)) {
        kafka.send(
            Topics.REGISTRY_EVENTS,
            FIRST,
            CODEC.encode(RegistryEvents.push(FIRST, "v1", "leak-one", 701, "leak-1")));
        kafka.send(
            Topics.REGISTRY_EVENTS,
            FIRST,
            CODEC.encode(RegistryEvents.push(FIRST, "v2", "leak-two", 702, "leak-2")));
        kafka.send(
            Topics.REGISTRY_EVENTS,
            SECOND,
            CODEC.encode(RegistryEvents.push(SECOND, "v1", "leak-three", 703, "leak-3")));
        kafka.send(
            Topics.REGISTRY_EVENTS,
            FIRST,
            CODEC.encode(RegistryEvents.deleteTag(FIRST, "v1", "leak-4")));
        kafka.send(
            Topics.REGISTRY_EVENTS,
            FIRST,
            "{\"not\":\"a cloud event\"}".getBytes(StandardCharsets.UTF_8));

        Path ca = home.resolve("tls/ca.crt");
        NotaryCli notary = new NotaryCli(service.notaryUrl(), ca);
        await()
            .atMost(2, TimeUnit.MINUTES)
            .untilAsserted(
                () -> {
                  assertThat(notary.list(FIRST))
                      .containsExactly(
                          new ListedTarget(
                              "v2", RegistryEvents.sha256Hex("leak-two"), 702, RoleName.RELEASES));
                  assertThat(notary.list(SECOND))
                      .containsExactly(
                          new ListedTarget(
                              "v1",
                              RegistryEvents.sha256Hex("leak-three"),
                              703,
                              RoleName.RELEASES));
                });
        await()
            .atMost(1, TimeUnit.MINUTES)
            .until(() -> !kafka.readAll(Topics.DEAD_LETTER, Duration.ofSeconds(1)).isEmpty());

        // key rotations through the operator API: their responses, and the keys they make,
        // are scanned too
        shown.addAll(operatorResponses(service.notaryUrl(), ca, operatorToken()));
        List<Material> responses = httpResponses(service.notaryUrl(), ca);
        assertThat(responses).hasSizeGreaterThan(40);
        assertThat(responses)
            .as("successful responses (metadata, keys, changefeeds, actuator)")
            .filteredOn(
                r -> new String(r.bytes(), StandardCharsets.ISO_8859_1).contains(" -> 200\n"))
            .hasSizeGreaterThanOrEqualTo(30);
        shown.addAll(responses);
        shown.add(Material.text("notary list " + FIRST, notary.run("list", FIRST).output()));
        // every outbox row has reached Kafka before the service stops
        await()
            .atMost(1, TimeUnit.MINUTES)
            .until(
                () ->
                    rows(database, "SELECT count(*) FROM tuf_outbox WHERE published_at IS NULL")
                        == 0);
      }
      // after the service stopped (its shutdown is in the console output too)
      List<Material> rows = databaseRows(database);
      assertThat(rows).as("tables dumped").hasSizeGreaterThanOrEqualTo(8);
      shown.addAll(rows);
      List<Material> records = kafkaRecords(kafka);
      assertThat(records).as("Kafka records read").hasSizeGreaterThan(10);
      shown.addAll(records);
    }
    return shown;
  }

  /** The roles of {@link #FIRST} the run rotates (one new key version each). */
  private static final List<String> ROTATED = List.of(RoleName.ROOT, RoleName.TIMESTAMP);

  private String operatorToken() throws Exception {
    return Files.readString(home.resolve("operator-token"), StandardCharsets.UTF_8).strip();
  }

  /** Rotations and key listings through the key operator API, with and without the token. */
  private static List<Material> operatorResponses(String baseUrl, Path caFile, String token)
      throws Exception {
    X509Certificate ca;
    try (InputStream in = Files.newInputStream(caFile)) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    HttpClient client = HttpClient.newBuilder().sslContext(NotaryHttp.trusting(ca)).build();
    List<Material> responses = new ArrayList<>();
    for (String role : ROTATED) {
      String path = "/api/v1/keys/rotate?gun=" + FIRST + "&role=" + role;
      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(URI.create(baseUrl + path))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as("rotate " + role).isEqualTo(200);
      responses.add(render("POST " + path, response));
    }
    for (String authorization : List.of("Bearer " + token, "Bearer not-the-operator-token")) {
      String path = "/api/v1/keys?gun=" + FIRST;
      responses.add(
          render(
              "GET " + path,
              client.send(
                  HttpRequest.newBuilder(URI.create(baseUrl + path))
                      .header("Authorization", authorization)
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray())));
    }
    return responses;
  }

  /** Everything the JVM printed while the test ran: the service's log from start to shutdown. */
  private static Material console(CapturedOutput output) {
    String all = output.getAll();
    assertThat(all)
        .as("the service's own log lines are in the captured output")
        .contains("registry confirmation is off")
        .contains("Graceful shutdown complete");
    return Material.text("console output of the JVM", all);
  }

  private static void assertNoLeak(PrivateKeyLeaks leaks, List<Material> shown) {
    long bytes = shown.stream().mapToLong(m -> m.bytes().length).sum();
    System.out.printf(
        "key-leak scan: %d keys (%d needles) against %d materials, %d bytes%n",
        leaks.keys().size(), leaks.needles().size(), shown.size(), bytes);
    assertThat(leaks.scan(shown)).as("private key material in what the service showed").isEmpty();
  }

  /**
   * The custody keys the run creates: five per repository and one OCI key for the host (version 1),
   * and version 2 of each {@link #ROTATED} role of {@link #FIRST}.
   */
  private static List<String> expectedKeyNames(
      Function<String, String> decorate, Function<String, String> decorateRotated) {
    List<String> names = new ArrayList<>();
    for (String gun : List.of(FIRST, SECOND)) {
      for (String role : RepositoryKeyring.MANAGED_ROLES) {
        names.add(decorate.apply(KeyNames.forRole(gun, role)));
      }
    }
    for (String role : ROTATED) {
      names.add(decorateRotated.apply(KeyNames.forRole(FIRST, role)));
    }
    names.add(decorate.apply(KeyNames.forRole(HOST, "sigstore")));
    return names;
  }

  /** The Notary API's TLS keys (the local CA's and the server's) must not leak either. */
  private void addTlsKeys(PrivateKeyLeaks leaks) throws Exception {
    List<Path> tlsKeys;
    try (Stream<Path> files = Files.list(home.resolve("tls"))) {
      tlsKeys = files.filter(f -> f.toString().endsWith(".key")).sorted().toList();
    }
    assertThat(tlsKeys).as("TLS private keys").hasSize(2);
    for (Path file : tlsKeys) {
      leaks.addPemFile(file);
    }
  }

  // ------------------------------------------------------------------ what was shown

  /** Status line, headers and body of every read endpoint, for both repositories. */
  private static List<Material> httpResponses(String baseUrl, Path caFile) throws Exception {
    X509Certificate ca;
    try (InputStream in = Files.newInputStream(caFile)) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    HttpClient client = HttpClient.newBuilder().sslContext(NotaryHttp.trusting(ca)).build();
    List<String> paths = new ArrayList<>();
    paths.addAll(
        List.of(
            "/v2/",
            "/_notary_server/health",
            "/v2/_trust/changefeed?change_id=0&records=1000",
            "/api/v1/oci/public-key",
            "/api/v1/oci/public-key?gun=..%2Fbad",
            "/actuator",
            "/actuator/health",
            "/actuator/health/liveness",
            "/actuator/health/readiness",
            "/actuator/info",
            "/actuator/prometheus",
            "/actuator/env",
            "/actuator/configprops",
            "/actuator/heapdump",
            "/v2/" + HOST + "/leak/none/_trust/tuf/root.json",
            "/no/such/path"));
    for (String gun : List.of(FIRST, SECOND)) {
      String tuf = "/v2/" + gun + "/_trust/tuf/";
      paths.add("/api/v1/oci/public-key?gun=" + gun);
      paths.add("/v2/" + gun + "/_trust/changefeed?change_id=0&records=1000");
      paths.add(tuf + "timestamp.key");
      paths.add(tuf + "snapshot.key");
      paths.add(tuf + "targets.key");
      paths.add(tuf + "unknown.json");
      for (String role :
          List.of(
              RoleName.ROOT,
              RoleName.TARGETS,
              RoleName.RELEASES,
              RoleName.SNAPSHOT,
              RoleName.TIMESTAMP)) {
        paths.add(tuf + role + ".json");
        for (int version = 1; version <= 4; version++) {
          paths.add(tuf + version + "." + role + ".json");
        }
      }
    }
    List<Material> responses = new ArrayList<>();
    Set<String> fetched = new java.util.HashSet<>();
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      if (!fetched.add(path)) {
        continue;
      }
      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      responses.add(render("GET " + path, response));
      // consistent snapshots too: each current file again under its checksum
      if (response.statusCode() == 200
          && path.endsWith(".json")
          && path.contains("/_trust/tuf/")
          && !path.matches(".*/[0-9]+\\.[^/]*$")) {
        String role = path.substring(path.indexOf("/_trust/tuf/") + 12, path.length() - 5);
        String sha256 =
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(response.body()));
        paths.add(
            path.substring(0, path.length() - 5 - role.length()) + role + "." + sha256 + ".json");
      }
    }
    return responses;
  }

  private static Material render(String request, HttpResponse<byte[]> response) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    text.writeBytes(
        (request + " -> " + response.statusCode() + "\n").getBytes(StandardCharsets.UTF_8));
    response
        .headers()
        .map()
        .forEach(
            (name, values) ->
                text.writeBytes(
                    (name + ": " + String.join(", ", values) + "\n")
                        .getBytes(StandardCharsets.UTF_8)));
    text.writeBytes(response.body());
    return new Material("HTTP " + request, text.toByteArray());
  }

  /**
   * Every row of every table outside PostgreSQL's own schemas, one material per row: each column as
   * text, and {@code bytea} columns also as their bytes, hex and base64.
   */
  private static List<Material> databaseRows(TestPostgres database) throws Exception {
    List<Material> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                  + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                  + " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                  + " ORDER BY 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).as("tables").contains("public.tuf_key", "public.tuf_metadata");
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          int row = 0;
          while (rs.next()) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              text.writeBytes((meta.getColumnName(i) + "=").getBytes(StandardCharsets.UTF_8));
              Object value = rs.getObject(i);
              if (value instanceof byte[] bytes) {
                text.writeBytes(bytes);
                text.writeBytes(
                    (" hex:"
                            + HexFormat.of().formatHex(bytes)
                            + " base64:"
                            + Base64.getEncoder().encodeToString(bytes))
                        .getBytes(StandardCharsets.UTF_8));
              } else {
                text.writeBytes(String.valueOf(rs.getString(i)).getBytes(StandardCharsets.UTF_8));
              }
              text.write('\n');
            }
            rows.add(new Material("row " + row++ + " of " + table, text.toByteArray()));
          }
        }
      }
    }
    return rows;
  }

  /** Every record of every (non-internal) topic: key, headers and value. */
  private static List<Material> kafkaRecords(EmbeddedKafka kafka) throws Exception {
    Set<String> topics;
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
    assertThat(topics).contains(Topics.REGISTRY_EVENTS, Topics.TRUST_CHANGES, Topics.DEAD_LETTER);
    List<Material> records = new ArrayList<>();
    for (String topic : topics.stream().sorted().collect(Collectors.toList())) {
      for (ConsumerRecord<String, byte[]> record : kafka.readAll(topic, Duration.ofSeconds(1))) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes(("key=" + record.key() + "\n").getBytes(StandardCharsets.UTF_8));
        for (Header header : record.headers()) {
          text.writeBytes((header.key() + "=").getBytes(StandardCharsets.UTF_8));
          if (header.value() != null) {
            text.writeBytes(header.value());
          }
          text.write('\n');
        }
        if (record.value() != null) {
          text.writeBytes(record.value());
        }
        records.add(
            new Material(
                "Kafka " + topic + "/" + record.partition() + "@" + record.offset(),
                text.toByteArray()));
      }
    }
    return records;
  }

  private static long rows(TestPostgres database, String countQuery) throws Exception {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(countQuery)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static byte[] fixed32(byte[] signed) {
    byte[] fixed = new byte[32];
    int copy = Math.min(32, signed.length);
    System.arraycopy(signed, signed.length - copy, fixed, 32 - copy, copy);
    return fixed;
  }
}
