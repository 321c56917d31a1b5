package dev.trustpipe.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.ingest.adapter.BadWebhookException;
import dev.trustpipe.ingest.adapter.Rejection;
import dev.trustpipe.ingest.adapter.WebhookHeaders;
import dev.trustpipe.ingest.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceAuthenticatorTest {
  private static final String SECRET = "correct horse battery staple";
  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

  private static SourceAuthenticator accepting(CredentialMethod... methods) {
    return new SourceAuthenticator(
        EnumSet.copyOf(List.of(methods)),
        SECRET,
        "X-JFrog-Event-Auth",
        NetworkAllowList.allowAll());
  }

  private static SenderCredentials request(Map<String, String> headers, String query, byte[] body) {
    return new SenderCredentials(WebhookHeaders.ofSingle(headers), query, body, "127.0.0.1");
  }

  private static void assertRefused(SourceAuthenticator authenticator, SenderCredentials request) {
    assertThatThrownBy(() -> authenticator.authenticate(request))
        .isInstanceOfSatisfying(
            BadWebhookException.class,
            e -> assertThat(e.rejection()).isEqualTo(Rejection.UNAUTHENTICATED))
        .message()
        .doesNotContain(SECRET);
  }

  @Test
  void bearerTokenMustBeTheSecret() {
    SourceAuthenticator bearer = accepting(CredentialMethod.BEARER);
    assertThatCode(
            () ->
                bearer.authenticate(
                    request(Map.of("Authorization", "Bearer " + SECRET), null, BODY)))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                bearer.authenticate(
                    request(Map.of("Authorization", "bearer " + SECRET), null, BODY)))
        .doesNotThrowAnyException();
    assertRefused(bearer, request(Map.of("Authorization", "Bearer " + SECRET + "x"), null, BODY));
    assertRefused(bearer, request(Map.of("Authorization", "Basic " + SECRET), null, BODY));
    assertRefused(bearer, request(Map.of("Authorization", SECRET), null, BODY));
    assertRefused(bearer, request(Map.of(), null, BODY));
    // the token method is not accepted by this source
    assertRefused(bearer, request(Map.of(), "token=" + SECRET, BODY));
  }

  @Test
  void urlTokenIsDecoded() {
    SourceAuthenticator token = accepting(CredentialMethod.TOKEN);
    assertThatCode(
            () ->
                token.authenticate(
                    request(Map.of(), "a=1&token=correct+horse%20battery%20staple", BODY)))
        .doesNotThrowAnyException();
    assertRefused(token, request(Map.of(), "token=wrong", BODY));
    assertRefused(token, request(Map.of(), "xtoken=" + SECRET, BODY));
    assertRefused(token, request(Map.of(), "token=%zz", BODY));
  }

  @Test
  void githubsTestVector() {
    // docs.github.com, "Validating webhook deliveries"
    byte[] signature =
        SourceAuthenticator.hmacSha256(
            "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8),
            "Hello, World!".getBytes(StandardCharsets.UTF_8));
    assertThat(HexFormat.of().formatHex(signature))
        .isEqualTo("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  @Test
  void theGitHubFixturesSignaturesVerify() {
    SourceAuthenticator github =
        new SourceAuthenticator(
            Set.of(CredentialMethod.HMAC_SHA256),
            "trustpipe-fixture-secret",
            null,
            NetworkAllowList.allowAll());
    Map<String, String> signatures =
        Map.of(
            "package-published-tag.json",
                "sha256=a2bb501a126504e16ad17cf539fb64efa607bc28605e423314616db17de53de4",
            "package-published-untagged.json",
                "sha256=de9938887367f0ea9b124a430709d664a7501da682147daa3a346d06970f4562",
            "package-updated-tag.json",
                "sha256=7c0d0906ec5619af07316d00665faf3af7b3df63433adc238c5d22a22ea9732f");
    signatures.forEach(
        (file, signature) -> {
          byte[] body = Fixtures.body("github", file);
          assertThatCode(
                  () ->
                      github.authenticate(
                          request(Map.of("X-Hub-Signature-256", signature), null, body)))
              .doesNotThrowAnyException();
          byte[] tampered = body.clone();
          tampered[tampered.length - 2] ^= 1;
          assertRefused(github, request(Map.of("X-Hub-Signature-256", signature), null, tampered));
        });
  }

  @Test
  void malformedSignaturesAreRefused() {
    SourceAuthenticator hmac = accepting(CredentialMethod.HMAC_SHA256);
    String good =
        "sha256="
            + HexFormat.of()
                .formatHex(
                    SourceAuthenticator.hmacSha256(SECRET.getBytes(StandardCharsets.UTF_8), BODY));
    assertThatCode(
            () -> hmac.authenticate(request(Map.of("X-Hub-Signature-256", good), null, BODY)))
        .doesNotThrowAnyException();
    for (String bad :
        List.of(
            "",
            "sha256=",
            "sha256=zz",
            good.substring(7),
            "sha1=" + good.substring(7),
            good + "00")) {
      assertRefused(hmac, request(Map.of("X-Hub-Signature-256", bad), null, BODY));
    }
  }

  @Test
  void aNamedHeaderCarriesTheSecretVerbatim() {
    SourceAuthenticator header = accepting(CredentialMethod.HEADER);
    assertThatCode(
            () -> header.authenticate(request(Map.of("x-jfrog-event-auth", SECRET), null, BODY)))
        .doesNotThrowAnyException();
    assertRefused(header, request(Map.of("X-JFrog-Event-Auth", "nope"), null, BODY));
  }

  @Test
  void anyAcceptedMethodIsEnough() {
    SourceAuthenticator several =
        accepting(CredentialMethod.BEARER, CredentialMethod.TOKEN, CredentialMethod.HMAC_SHA256);
    // e.g. a Pub/Sub push: its Authorization is Google's JWT, the secret rides in the URL
    assertThatCode(
            () ->
                several.authenticate(
                    request(
                        Map.of("Authorization", "Bearer eyJhbGciOi.jwt"), "token=" + SECRET, BODY)))
        .doesNotThrowAnyException();
  }

  @Test
  void noneAcceptsAnythingAndNeedsNoSecret() {
    SourceAuthenticator none =
        new SourceAuthenticator(
            Set.of(CredentialMethod.NONE), null, null, NetworkAllowList.allowAll());
    assertThatCode(() -> none.authenticate(request(Map.of(), null, BODY)))
        .doesNotThrowAnyException();
  }

  @Test
  void misconfigurationsAreRefusedAtStartUp() {
    NetworkAllowList all = NetworkAllowList.allowAll();
    assertThatThrownBy(
            () -> new SourceAuthenticator(Set.of(CredentialMethod.BEARER), "", null, all))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new SourceAuthenticator(
                    Set.of(CredentialMethod.NONE, CredentialMethod.BEARER), SECRET, null, all))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new SourceAuthenticator(Set.of(CredentialMethod.HEADER), SECRET, " ", all))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CredentialMethod.fromConfig("basic"))
        .hasMessageContaining("bearer, token, hmac-sha256, header, none");
  }

  @Test
  void addressesOutsideTheAllowListAreForbiddenEvenWithTheSecret() {
    SourceAuthenticator allowList =
        new SourceAuthenticator(
            Set.of(CredentialMethod.BEARER),
            SECRET,
            null,
            NetworkAllowList.of(List.of("10.0.0.0/8", "2001:db8::/32")));
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + SECRET);
    assertThatCode(
            () ->
                allowList.authenticate(
                    new SenderCredentials(WebhookHeaders.ofSingle(bearer), null, BODY, "10.1.2.3")))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                allowList.authenticate(
                    new SenderCredentials(
                        WebhookHeaders.ofSingle(bearer), null, BODY, "2001:db8:0:0:0:0:0:1")))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                allowList.authenticate(
                    new SenderCredentials(WebhookHeaders.ofSingle(bearer), null, BODY, "11.0.0.1")))
        .isInstanceOfSatisfying(
            BadWebhookException.class,
            e -> assertThat(e.rejection()).isEqualTo(Rejection.ADDRESS_NOT_ALLOWED));
  }

  @Test
  void credentialsNeverAppearInToString() {
    SenderCredentials request =
        request(Map.of("Authorization", "Bearer " + SECRET), "token=" + SECRET, BODY);
    assertThat(request.toString()).doesNotContain(SECRET);
    assertThat(request.headers().toString()).doesNotContain(SECRET);
    assertThat(accepting(CredentialMethod.BEARER).toString()).doesNotContain(SECRET);
  }
}
