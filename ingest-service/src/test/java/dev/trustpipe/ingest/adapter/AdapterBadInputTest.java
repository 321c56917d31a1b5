package dev.trustpipe.ingest.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Parsing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad bodies are a {@link BadWebhookException} naming the problem, from every adapter. */
class AdapterBadInputTest {

  static List<WebhookAdapter> adapters() {
    return List.of(
        new DistributionAdapter("distribution"),
        new HarborAdapter(),
        new DockerHubAdapter(),
        new QuayAdapter(Parsing.CLOCK),
        new AcrAdapter(),
        new GitHubAdapter(Parsing.CLOCK),
        new ArtifactoryAdapter(Parsing.CLOCK),
        new EcrAdapter(),
        new GarAdapter());
  }

  static Stream<Arguments> notJson() {
    List<String> bodies =
        List.of("", " ", "{", "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "\u00ff\u00fe", "nul", "[1,]");
    return adapters().stream()
        .flatMap(
            adapter -> bodies.stream().map(body -> Arguments.of(adapter.source(), adapter, body)));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("notJson")
  void malformedJsonIsRefused(String source, WebhookAdapter adapter, String body) {
    byte[] bytes =
        body.equals("\u00ff\u00fe")
            ? new byte[] {(byte) 0xff, (byte) 0xfe}
            : body.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> adapter.parse(bytes, Parsing.json()))
        .isInstanceOfSatisfying(
            BadWebhookException.class,
            e -> assertThat(e.rejection()).isEqualTo(Rejection.MALFORMED_JSON));
  }

  static Stream<Arguments> wrongShapes() {
    return adapters().stream()
        .flatMap(
            adapter ->
                Stream.of("42", "\"text\"", "null", "[]", "{}")
                    // Quay's body says nothing about its kind: without updated_tags it is ignored;
                    // an empty Event Grid batch is a valid delivery of nothing
                    .filter(body -> !(body.equals("{}") && adapter instanceof QuayAdapter))
                    .filter(body -> !(body.equals("[]") && adapter instanceof AcrAdapter))
                    .map(body -> Arguments.of(adapter.source(), adapter, body)));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("wrongShapes")
  void jsonOfTheWrongShapeIsAnInvalidPayload(String source, WebhookAdapter adapter, String body) {
    assertThatThrownBy(() -> adapter.parse(body.getBytes(StandardCharsets.UTF_8), Parsing.json()))
        .isInstanceOf(BadWebhookException.class)
        .hasMessageNotContaining("Exception");
  }

  /** Each registry's documented malformed digests: AWS 60 hex, GitHub 40 hex, Azure "xxxx". */
  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of(
            new EcrAdapter(),
            "ecr",
            "push-tag.json",
            "sha256:3413f2a836e7576f883bda0920d29d81289c98074ee66548d832c60d77e88b44",
            "sha256:3413f2a836e7576f883bda0920d29d81289c98074ee66548d832c60d77e8",
            "digest"),
        Arguments.of(
            new AcrAdapter(),
            "acr",
            "push-tag.json",
            "sha256:e03f1d93f8f7ab30c2a273afd8ee239cf832597827eabd6e92bdd6ecca2e6f37",
            "sha256:xxxx",
            "digest"),
        Arguments.of(
            new AcrAdapter(),
            "acr",
            "push-tag.json",
            "sha256:e03f1d93f8f7ab30c2a273afd8ee239cf832597827eabd6e92bdd6ecca2e6f37",
            "sha512:" + "a".repeat(128),
            "sha256"),
        Arguments.of(
            new HarborAdapter(),
            "harbor",
            "default-push-tag.json",
            "payments/api",
            "payments/../api",
            "'..'"),
        Arguments.of(
            new EcrAdapter(),
            "ecr",
            "push-tag.json",
            "\"team/backend\"",
            "\"Team/Backend\"",
            "uppercase"),
        Arguments.of(
            new GarAdapter(),
            "gar",
            "push-tag.json",
            "\"12061993100001\"",
            "\"\"",
            "registryEventId"),
        Arguments.of(
            new EcrAdapter(), "ecr", "push-tag.json", "\"7.3.0\"", "\"7.3.0:evil\"", "tag"),
        Arguments.of(
            new EcrAdapter(),
            "ecr",
            "push-tag.json",
            "\"2026-11-20T14:00:05Z\"",
            "\"yesterday\"",
            "RFC 3339"));
  }

  @ParameterizedTest(name = "{1}: {4}")
  @MethodSource("invalidValues")
  void invalidValuesAreRefusedWithTheReason(
      WebhookAdapter adapter,
      String registry,
      String file,
      String valid,
      String invalid,
      String reason) {
    String body = new String(Fixtures.body(registry, file), StandardCharsets.UTF_8);
    assertThat(body).contains(valid);
    byte[] bad = body.replace(valid, invalid).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> adapter.parse(bad, Parsing.json()))
        .isInstanceOfSatisfying(
            BadWebhookException.class,
            e -> assertThat(e.rejection()).isEqualTo(Rejection.INVALID_PAYLOAD))
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @MethodSource("adapters")
  void everyAdapterNamesContentTypes(WebhookAdapter adapter) {
    assertThat(adapter.contentTypes())
        .isNotEmpty()
        .allMatch(type -> type.equals(type.toLowerCase()));
    assertThat(adapter.source()).matches("[a-z][a-z0-9-]{0,31}");
  }

  @org.junit.jupiter.api.Test
  void aTagThatLooksLikeADigestStaysATag() {
    String body =
        new String(Fixtures.body("ecr", "push-tag.json"), StandardCharsets.UTF_8)
            .replace(
                "\"7.3.0\"",
                "\"sha256-3413f2a836e7576f883bda0920d29d81289c98074ee66548d832c60d77e88b44.sig\"");
    RegistryEvent event =
        new EcrAdapter()
            .parse(body.getBytes(StandardCharsets.UTF_8), Parsing.json())
            .events()
            .get(0);
    assertThat(event.tag()).startsWith("sha256-").endsWith(".sig");
    assertThat(event.digest())
        .isEqualTo("sha256:3413f2a836e7576f883bda0920d29d81289c98074ee66548d832c60d77e88b44");
  }

  @org.junit.jupiter.api.Test
  void headersAreCaseInsensitive() {
    WebhookHeaders headers =
        WebhookHeaders.ofSingle(Map.of("content-type", "Application/JSON; charset=utf-8"));
    assertThat(headers.mediaType()).hasValue("application/json");
    assertThat(headers.first("CONTENT-TYPE")).isPresent();
  }
}
