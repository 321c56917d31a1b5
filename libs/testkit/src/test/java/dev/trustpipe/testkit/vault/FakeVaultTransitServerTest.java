package dev.trustpipe.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustpipe.testkit.MutableClock;
import dev.trustpipe.testkit.vault.VaultHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test server answers like Vault does (VAULT-TRANSIT.md and its corrections), checked over raw
 * HTTP and with the JDK's own verifiers, independent of the TrustPipe client.
 */
class FakeVaultTransitServerTest {

  private static final byte[] MESSAGE = "hello transit".getBytes(StandardCharsets.UTF_8);
  private static final String INPUT = Base64.getEncoder().encodeToString(MESSAGE);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
  private FakeVaultTransitServer server;
  private VaultHttp http;
  private String root;

  @BeforeEach
  void start() throws Exception {
    server = FakeVaultTransitServer.start(clock);
    http = new VaultHttp(server.address());
    root = server.rootToken();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void requestsWithoutAValidTokenGet403InVaultsErrorShape() throws Exception {
    Reply none = http.get("transit/keys/k", null);
    Reply wrong = http.get("transit/keys/k", "hvs.not-a-token");

    for (Reply reply : new Reply[] {none, wrong}) {
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.body().fieldNames()).toIterable().containsExactly("errors");
      assertThat(reply.body().path("errors").get(0).asText())
          .contains("permission denied")
          .contains("invalid token");
    }
  }

  @Test
  void keysAreCreatedOnceAndListPublicKeysPerVersion() throws Exception {
    Reply created = http.post("transit/keys/k", "{\"type\":\"ecdsa-p256\"}", root);
    Reply again = http.post("transit/keys/k", "{\"type\":\"rsa-2048\"}", root);
    Reply rotated = http.post("transit/keys/k/rotate", "", root);

    assertThat(created.status()).isEqualTo(200);
    assertThat(again.body().path("warnings").get(0).asText()).isEqualTo("key k already existed");
    assertThat(again.body().path("data").path("type").asText()).isEqualTo("ecdsa-p256");
    JsonNode data = rotated.body().path("data");
    assertThat(data.path("latest_version").asInt()).isEqualTo(2);
    assertThat(data.path("exportable").asBoolean()).isFalse();
    assertThat(data.path("keys").path("1").path("name").asText()).isEqualTo("P-256");
    assertThat(data.path("keys").path("2").path("public_key").asText())
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n")
        .isNotEqualTo(data.path("keys").path("1").path("public_key").asText());
  }

  @Test
  void ecdsaSignsDerByDefaultAndRawRsWithJws() throws Exception {
    http.post("transit/keys/k", "{\"type\":\"ecdsa-p256\"}", root);
    PublicKey key = publicKey("k", 1, "EC");

    String asn1 = signature(http.post("transit/sign/k", "{\"input\":\"" + INPUT + "\"}", root));
    String jws =
        signature(
            http.post(
                "transit/sign/k",
                "{\"input\":\"" + INPUT + "\",\"marshaling_algorithm\":\"jws\"}",
                root));

    assertThat(asn1).startsWith("vault:v1:");
    byte[] der = Base64.getDecoder().decode(asn1.substring(9));
    assertThat(jdkVerifies("SHA256withECDSA", key, MESSAGE, der)).isTrue();
    assertThat(jws).startsWith("vault:v1:").doesNotContain("=").doesNotContain("+");
    byte[] raw = Base64.getUrlDecoder().decode(jws.substring(9));
    assertThat(raw).hasSize(64);
    assertThat(jdkVerifies("SHA256withECDSAinP1363Format", key, MESSAGE, raw)).isTrue();
    Reply verified =
        http.post(
            "transit/verify/k",
            "{\"input\":\"" + INPUT + "\",\"signature\":\"" + asn1 + "\"}",
            root);
    assertThat(verified.body().path("data").path("valid").asBoolean()).isTrue();
    String otherInput =
        Base64.getEncoder().encodeToString("other".getBytes(StandardCharsets.UTF_8));
    Reply invalid =
        http.post(
            "transit/verify/k",
            "{\"input\":\"" + otherInput + "\",\"signature\":\"" + asn1 + "\"}",
            root);
    assertThat(invalid.status()).isEqualTo(200);
    assertThat(invalid.body().path("data").path("valid").asBoolean()).isFalse();
  }

  @Test
  void prehashedEcdsaSignsTheDigestAsGiven() throws Exception {
    http.post("transit/keys/k", "{\"type\":\"ecdsa-p256\"}", root);
    String digest =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(MESSAGE));

    String signature =
        signature(
            http.post(
                "transit/sign/k",
                "{\"input\":\""
                    + digest
                    + "\",\"prehashed\":true,\"marshaling_algorithm\":\"jws\"}",
                root));

    byte[] raw = Base64.getUrlDecoder().decode(signature.substring(9));
    assertThat(jdkVerifies("SHA256withECDSAinP1363Format", publicKey("k", 1, "EC"), MESSAGE, raw))
        .isTrue();
  }

  @Test
  void rsaPssSaltIsTheLargestByDefaultAndTheHashLengthOnRequest() throws Exception {
    http.post("transit/keys/r", "{\"type\":\"rsa-2048\"}", root);
    PublicKey key = publicKey("r", 1, "RSA");

    byte[] auto =
        payload(signature(http.post("transit/sign/r", "{\"input\":\"" + INPUT + "\"}", root)));
    byte[] hash =
        payload(
            signature(
                http.post(
                    "transit/sign/r",
                    "{\"input\":\"" + INPUT + "\",\"salt_length\":\"hash\"}",
                    root)));

    assertThat(pssVerifies(key, hash, 32)).isTrue();
    assertThat(pssVerifies(key, auto, 32)).isFalse();
    assertThat(pssVerifies(key, auto, 222)).isTrue();
  }

  @Test
  void batchItemsFailAloneInA200() throws Exception {
    http.post("transit/keys/k", "{\"type\":\"ed25519\"}", root);

    Reply reply =
        http.post(
            "transit/sign/k",
            "{\"batch_input\":[{\"input\":\""
                + INPUT
                + "\",\"reference\":\"a\"},"
                + "{\"input\":\"%%%\",\"reference\":\"b\"}]}",
            root);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode results = reply.body().path("data").path("batch_results");
    assertThat(results.get(0).path("signature").asText()).startsWith("vault:v1:");
    assertThat(results.get(0).path("reference").asText()).isEqualTo("a");
    assertThat(results.get(1).path("error").asText()).contains("base64");
    assertThat(results.get(1).path("key_version").asInt()).isZero();
    assertThat(results.get(1).path("reference").asText()).isEqualTo("b");
    byte[] ed = Base64.getDecoder().decode(results.get(0).path("signature").asText().substring(9));
    assertThat(jdkVerifies("Ed25519", publicKey("k", 1, "Ed25519"), MESSAGE, ed)).isTrue();
  }

  @Test
  void clientMistakesGetVaultsStatusCodes() throws Exception {
    http.post("transit/keys/k", "{\"type\":\"ecdsa-p256\"}", root);
    http.post("transit/keys/e", "{\"type\":\"ed25519\"}", root);
    http.post("transit/keys/aes", "{}", root);

    assertThat(http.post("transit/sign/missing", "{\"input\":\"" + INPUT + "\"}", root).status())
        .isEqualTo(400);
    assertThat(http.post("transit/sign/aes", "{\"input\":\"" + INPUT + "\"}", root).status())
        .isEqualTo(400);
    assertThat(
            http.post("transit/sign/k", "{\"input\":\"" + INPUT + "\",\"key_version\":5}", root)
                .status())
        .isEqualTo(500);
    assertThat(
            http.post(
                    "transit/verify/k",
                    "{\"input\":\"" + INPUT + "\",\"signature\":\"vault:v9:AAAA\"}",
                    root)
                .status())
        .isEqualTo(400);
    Reply ed =
        http.post("transit/sign/e", "{\"input\":\"" + INPUT + "\",\"prehashed\":true}", root);
    assertThat(ed.status()).isEqualTo(400);
    assertThat(ed.body().path("errors").get(0).asText())
        .isEqualTo("only Pure Ed25519 signatures supported");
  }

  @Test
  void signingWithAVersionBelowTheMinimumIsRefused() throws Exception {
    http.post("transit/keys/k", "{\"type\":\"ecdsa-p256\"}", root);
    http.post("transit/keys/k/rotate", "", root);
    http.post("transit/keys/k/config", "{\"min_encryption_version\":2}", root);

    Reply old =
        http.post("transit/sign/k", "{\"input\":\"" + INPUT + "\",\"key_version\":1}", root);
    Reply latest = http.post("transit/sign/k", "{\"input\":\"" + INPUT + "\"}", root);

    assertThat(old.status()).isEqualTo(500);
    assertThat(signature(latest)).startsWith("vault:v2:");
  }

  @Test
  void tokensExpireByTheClockAndRenewUpToTheirMaxTtl() throws Exception {
    String token = server.createToken(Duration.ofSeconds(60), Duration.ofSeconds(100), true);

    clock.advance(Duration.ofSeconds(50));
    Reply renewed = http.post("auth/token/renew-self", "{\"increment\":\"60s\"}", token);
    clock.advance(Duration.ofSeconds(45));
    Reply lookup = http.get("auth/token/lookup-self", token);
    clock.advance(Duration.ofSeconds(6));
    Reply expired = http.get("auth/token/lookup-self", token);

    assertThat(renewed.body().path("auth").path("lease_duration").asLong()).isEqualTo(50);
    assertThat(lookup.status()).isEqualTo(200);
    assertThat(lookup.body().path("data").path("ttl").asLong()).isEqualTo(5);
    assertThat(expired.status()).isEqualTo(403);
  }

  @Test
  void appRoleAndKubernetesLoginsIssueTokens() throws Exception {
    server.addAppRole("role-1", "secret-1", Duration.ofMinutes(20), Duration.ofHours(1));
    server.addKubernetesRole(
        "kubernetes", "signer", "jwt-1", Duration.ofMinutes(10), Duration.ofHours(1));

    Reply appRole =
        http.post(
            "auth/approle/login", "{\"role_id\":\"role-1\",\"secret_id\":\"secret-1\"}", null);
    Reply badSecret =
        http.post("auth/approle/login", "{\"role_id\":\"role-1\",\"secret_id\":\"nope\"}", null);
    Reply kubernetes =
        http.post("auth/kubernetes/login", "{\"role\":\"signer\",\"jwt\":\"jwt-1\"}", null);
    Reply badJwt = http.post("auth/kubernetes/login", "{\"role\":\"signer\",\"jwt\":\"x\"}", null);

    assertThat(appRole.body().path("auth").path("lease_duration").asLong()).isEqualTo(1200);
    assertThat(appRole.body().path("auth").path("renewable").asBoolean()).isTrue();
    String token = appRole.body().path("auth").path("client_token").asText();
    assertThat(http.get("auth/token/lookup-self", token).status()).isEqualTo(200);
    assertThat(badSecret.status()).isEqualTo(400);
    assertThat(kubernetes.body().path("auth").path("lease_duration").asLong()).isEqualTo(600);
    assertThat(badJwt.status()).isEqualTo(403);
  }

  private static String signature(Reply reply) {
    assertThat(reply.status()).as("sign answer %s", reply.body()).isEqualTo(200);
    return reply.body().path("data").path("signature").asText();
  }

  private static byte[] payload(String signature) {
    return Base64.getDecoder().decode(signature.substring(signature.indexOf(':', 7) + 1));
  }

  private PublicKey publicKey(String name, int version, String algorithm) throws Exception {
    String text =
        http.get("transit/keys/" + name, root)
            .body()
            .path("data")
            .path("keys")
            .path(Integer.toString(version))
            .path("public_key")
            .asText();
    if ("Ed25519".equals(algorithm)) {
      byte[] raw = Base64.getDecoder().decode(text);
      byte[] spki = new byte[44];
      byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
      System.arraycopy(prefix, 0, spki, 0, 12);
      System.arraycopy(raw, 0, spki, 12, 32);
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }
    String base64 =
        text.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
    return KeyFactory.getInstance(algorithm)
        .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
  }

  private static boolean jdkVerifies(String algorithm, PublicKey key, byte[] message, byte[] sig)
      throws Exception {
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(key);
    verifier.update(message);
    return verifier.verify(sig);
  }

  private static boolean pssVerifies(PublicKey key, byte[] signature, int salt) throws Exception {
    Signature pss = Signature.getInstance("RSASSA-PSS");
    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
    pss.initVerify(key);
    pss.update(MESSAGE);
    return pss.verify(signature);
  }
}
