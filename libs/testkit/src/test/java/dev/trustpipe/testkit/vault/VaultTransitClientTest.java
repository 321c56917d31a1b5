package dev.trustpipe.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.custody.vault.CircuitBreaker;
import dev.trustpipe.custody.vault.RetryPolicy;
import dev.trustpipe.custody.vault.VaultAuth;
import dev.trustpipe.custody.vault.VaultRequestException;
import dev.trustpipe.custody.vault.VaultSettings;
import dev.trustpipe.custody.vault.VaultTransitCustody;
import dev.trustpipe.custody.vault.VaultUnavailableException;
import dev.trustpipe.testkit.MutableClock;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer.RecordedRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Vault Transit backend's wire behaviour, auth, retries, timeouts and circuit breaker. */
class VaultTransitClientTest {

  private static final byte[] MESSAGE = "{\"signed\":{}}".getBytes(StandardCharsets.UTF_8);
  private static final RetryPolicy FAST_RETRY =
      new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
  private FakeVaultTransitServer server;

  @TempDir Path directory;

  @BeforeEach
  void start() throws Exception {
    server = FakeVaultTransitServer.start(clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private VaultSettings rootSettings() {
    return VaultSettings.of(server.address(), new VaultAuth.Token(server.rootToken()))
        .withRetry(FAST_RETRY);
  }

  private List<RecordedRequest> requestsTo(String prefix) {
    return server.requests().stream().filter(r -> r.path().startsWith(prefix)).toList();
  }

  @Test
  void aBatchOfAHundredIsOneRequestAndLongBatchesAreSplit() throws CustodyException {
    VaultTransitCustody custody =
        new VaultTransitCustody(rootSettings().withMaxBatchSize(40), clock);
    SigningKey key = custody.create("batch", KeyAlgorithm.ECDSA_P256);
    List<byte[]> hundred =
        IntStream.range(0, 100).mapToObj(i -> ("m" + i).getBytes(StandardCharsets.UTF_8)).toList();
    VaultTransitCustody unsplit = new VaultTransitCustody(rootSettings(), clock);
    SigningKey sameKey = unsplit.get(key.reference());

    server.clearRequests();
    assertThat(sameKey.signBatch(hundred)).hasSize(100);
    assertThat(requestsTo("transit/sign/"))
        .containsExactly(new RecordedRequest("POST", "transit/sign/batch", 100));

    server.clearRequests();
    assertThat(key.signBatch(hundred)).hasSize(100);
    assertThat(requestsTo("transit/sign/"))
        .extracting(RecordedRequest::batchSize)
        .containsExactly(40, 40, 20);
  }

  @Test
  void aVaultThatDropsSaltLengthIsRefusedInsteadOfSigningWithTheWrongSalt()
      throws CustodyException {
    VaultTransitCustody custody = new VaultTransitCustody(rootSettings(), clock);
    SigningKey key = custody.create("old-vault", KeyAlgorithm.RSA_2048);
    server.ignoreParameters("salt_length");

    CustodyException failure =
        catchThrowableOfType(() -> key.sign(MESSAGE), CustodyException.class);

    assertThat(failure).hasMessageContaining("salt_length").hasMessageContaining("too old");
  }

  @Test
  void aWrongTokenIsPermissionDeniedAndNeverQuoted() {
    String secret = "hvs.this-token-is-secret";
    VaultTransitCustody custody =
        new VaultTransitCustody(
            VaultSettings.of(server.address(), new VaultAuth.Token(secret)), clock);

    VaultRequestException failure =
        catchThrowableOfType(
            () -> custody.create("k", KeyAlgorithm.ECDSA_P256), VaultRequestException.class);

    assertThat(failure.isPermissionDenied()).isTrue();
    assertThat(failure.errors()).anySatisfy(e -> assertThat(e).contains("permission denied"));
    assertThat(failure.getMessage()).doesNotContain(secret);
    assertThat(new VaultAuth.Token(secret).toString()).doesNotContain(secret);
  }

  @Test
  void appRoleTokensAreRenewedAndReplacedByTheClock() throws CustodyException {
    server.addAppRole("role-1", "secret-1", Duration.ofSeconds(60), Duration.ofSeconds(150));
    VaultTransitCustody admin = new VaultTransitCustody(rootSettings(), clock);
    SigningKey created = admin.create("approle", KeyAlgorithm.ECDSA_P256);
    VaultTransitCustody custody =
        new VaultTransitCustody(
            VaultSettings.of(server.address(), new VaultAuth.AppRole("role-1", "secret-1"))
                .withRetry(FAST_RETRY),
            clock);
    server.clearRequests();

    SigningKey key = custody.get(created.reference());
    key.sign(MESSAGE);
    clock.advance(Duration.ofSeconds(45)); // past 2/3 of the 60 s lease: renew
    key.sign(MESSAGE);
    clock.advance(Duration.ofSeconds(200)); // past the max TTL: a new login
    key.sign(MESSAGE);

    assertThat(server.requests())
        .extracting(RecordedRequest::path)
        .containsExactly(
            "auth/approle/login",
            "transit/keys/approle",
            "transit/sign/approle",
            "auth/token/renew-self",
            "transit/sign/approle",
            "auth/approle/login",
            "transit/sign/approle");
  }

  @Test
  void aRejectedAppRoleLoginNamesTheMethodButNotTheSecretId() {
    server.addAppRole("role-2", "right-secret", Duration.ofMinutes(5), Duration.ofHours(1));
    String wrongSecret = "wrong-secret-id-0f3a";
    VaultAuth.AppRole auth = new VaultAuth.AppRole("role-2", wrongSecret);
    VaultTransitCustody custody =
        new VaultTransitCustody(
            VaultSettings.of(server.address(), auth).withRetry(RetryPolicy.NONE), clock);

    VaultRequestException failure =
        catchThrowableOfType(
            () -> custody.create("k", KeyAlgorithm.ECDSA_P256), VaultRequestException.class);

    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.getMessage()).contains("approle").doesNotContain(wrongSecret);
    assertThat(auth.toString()).doesNotContain(wrongSecret);
  }

  @Test
  void kubernetesLoginReadsTheServiceAccountTokenFile() throws Exception {
    Path jwt = Files.writeString(directory.resolve("token"), "eyJ.service-account.jwt\n");
    server.addKubernetesRole(
        "k8s", "signer", "eyJ.service-account.jwt", Duration.ofMinutes(10), Duration.ofHours(1));
    VaultTransitCustody custody =
        new VaultTransitCustody(
            VaultSettings.of(server.address(), new VaultAuth.Kubernetes("signer", jwt, "k8s")),
            clock);

    SigningKey key = custody.create("k8s-key", KeyAlgorithm.ED25519);
    assertThat(key.sign(MESSAGE)).hasSize(64);
    assertThat(server.requests().get(0).path()).isEqualTo("auth/k8s/login");

    Files.writeString(jwt, "eyJ.some-other.jwt");
    VaultTransitCustody rejected =
        new VaultTransitCustody(
            VaultSettings.of(server.address(), new VaultAuth.Kubernetes("signer", jwt, "k8s")),
            clock);
    VaultRequestException failure =
        catchThrowableOfType(() -> rejected.get(key.reference()), VaultRequestException.class);
    assertThat(failure.status()).isEqualTo(403);
    assertThat(failure.getMessage()).contains("kubernetes").doesNotContain("eyJ");
  }

  @Test
  void outagesAreRetriedWithBackoff() throws CustodyException {
    VaultTransitCustody custody = new VaultTransitCustody(rootSettings(), clock);
    SigningKey key = custody.create("retry", KeyAlgorithm.ECDSA_P256);
    server.clearRequests();
    server.failNextRequests(2, 503);

    assertThat(key.sign(MESSAGE)).hasSize(64);
    assertThat(requestsTo("transit/sign/")).hasSize(3);
  }

  @Test
  void clientErrorsAnsweredWith500AreNotRetried() throws Exception {
    VaultTransitCustody custody = new VaultTransitCustody(rootSettings(), clock);
    SigningKey first = custody.create("min-version", KeyAlgorithm.ECDSA_P256);
    custody.rotate("min-version");
    new VaultHttp(server.address())
        .post(
            "transit/keys/min-version/config",
            "{\"min_encryption_version\":2}",
            server.rootToken());
    server.clearRequests();

    VaultRequestException failure =
        catchThrowableOfType(() -> first.sign(MESSAGE), VaultRequestException.class);

    assertThat(failure.status()).isEqualTo(500);
    assertThat(requestsTo("transit/sign/")).hasSize(1);
  }

  @Test
  void theCircuitBreakerFailsFastAndClosesAfterASuccessfulTrial() throws CustodyException {
    VaultTransitCustody custody =
        new VaultTransitCustody(
            rootSettings()
                .withRetry(RetryPolicy.NONE)
                .withCircuitBreaker(2, Duration.ofSeconds(30)),
            clock);
    SigningKey key = custody.create("breaker", KeyAlgorithm.ECDSA_P256);
    server.failNextRequests(2, 502);

    for (int i = 0; i < 2; i++) {
      catchThrowableOfType(() -> key.sign(MESSAGE), VaultUnavailableException.class);
    }
    server.clearRequests();
    VaultUnavailableException fastFailure =
        catchThrowableOfType(() -> key.sign(MESSAGE), VaultUnavailableException.class);

    assertThat(fastFailure).hasMessageContaining("circuit breaker open");
    assertThat(server.requests()).isEmpty();
    assertThat(custody.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    clock.advance(Duration.ofSeconds(31));
    assertThat(custody.circuitState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(key.sign(MESSAGE)).hasSize(64);
    assertThat(custody.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aSlowVaultTimesOut() throws CustodyException {
    SigningKey created =
        new VaultTransitCustody(rootSettings(), clock).create("slow", KeyAlgorithm.ECDSA_P256);
    VaultTransitCustody custody =
        new VaultTransitCustody(
            rootSettings()
                .withRetry(RetryPolicy.NONE)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)),
            clock);
    SigningKey key = custody.get(created.reference());
    server.delayNextRequests(1, Duration.ofSeconds(5));

    VaultUnavailableException failure =
        catchThrowableOfType(() -> key.sign(MESSAGE), VaultUnavailableException.class);

    assertThat(failure).hasMessageContaining("HttpTimeoutException");
    assertThat(key.sign(MESSAGE)).hasSize(64);
  }

  @Test
  void anUnreachableVaultIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    VaultTransitCustody custody =
        new VaultTransitCustody(
            VaultSettings.of(
                    URI.create("http://127.0.0.1:" + port), new VaultAuth.Token("hvs.unused"))
                .withRetry(FAST_RETRY),
            clock);

    VaultUnavailableException failure =
        catchThrowableOfType(
            () -> custody.create("k", KeyAlgorithm.ECDSA_P256), VaultUnavailableException.class);

    assertThat(failure).hasMessageContaining("after 3 attempt(s)");
  }
}
