package dev.trustpipe.signing.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void distributionsTokenChallengeKeepsCommasInsideQuotedValues() {
    assertThat(
            AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:samalba/my-app:pull,push\""))
        .containsExactly(
            new AuthChallenge(
                "bearer",
                Map.of(
                    "realm", "https://auth.docker.io/token",
                    "service", "registry.docker.io",
                    "scope", "repository:samalba/my-app:pull,push")));
  }

  @Test
  void schemesAndParameterNamesAreCaseInsensitiveAndEscapesAreUndone() {
    List<AuthChallenge> parsed =
        AuthChallenge.parse("BASIC Realm=\"a \\\"quoted\\\" realm\", charset=UTF-8");

    assertThat(parsed).hasSize(1);
    assertThat(parsed.get(0).scheme()).isEqualTo("basic");
    assertThat(parsed.get(0).param("REALM")).contains("a \"quoted\" realm");
    assertThat(parsed.get(0).param("charset")).contains("UTF-8");
  }

  @Test
  void severalChallengesInOneHeaderAreAllReturned() {
    List<AuthChallenge> parsed =
        AuthChallenge.parse(
            "Negotiate abc==, Basic realm=\"r\", Bearer realm=\"https://t/token\",error=\"invalid_token\"");

    assertThat(parsed)
        .extracting(AuthChallenge::scheme)
        .containsExactly("negotiate", "basic", "bearer");
    assertThat(parsed.get(0).params()).isEmpty();
    assertThat(parsed.get(2).param("error")).contains("invalid_token");
    assertThat(AuthChallenge.parse("Basic, Bearer realm=x"))
        .extracting(AuthChallenge::scheme)
        .containsExactly("basic", "bearer");
  }

  @Test
  void malformedHeadersKeepWhatParsedAndNeverThrow() {
    assertThat(AuthChallenge.parse("Bearer realm=\"https://t/token\",service=\"unterminated"))
        .containsExactly(new AuthChallenge("bearer", Map.of("realm", "https://t/token")));
    assertThat(AuthChallenge.parse("")).isEmpty();
    assertThat(AuthChallenge.parse(null)).isEmpty();
    assertThat(AuthChallenge.parse("\"quoted\"")).isEmpty();
    assertThat(AuthChallenge.parse("Bearer realm=\"x\" @@@ garbage"))
        .containsExactly(new AuthChallenge("bearer", Map.of("realm", "x")));
    assertThat(AuthChallenge.parse("Bearer " + "x".repeat(AuthChallenge.MAX_HEADER_CHARS)))
        .isEmpty();
  }
}
