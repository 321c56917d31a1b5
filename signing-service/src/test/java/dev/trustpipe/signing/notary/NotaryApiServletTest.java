package dev.trustpipe.signing.notary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Servlet-level behaviour that needs other settings or failing collaborators. */
class NotaryApiServletTest {

  private final InMemoryTrustMetadataReader reader = new InMemoryTrustMetadataReader();

  private MockHttpServletResponse get(NotaryApiServlet servlet, String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    servlet.service(request, response);
    return response;
  }

  private NotaryApiServlet servlet(
      TrustMetadataReader reader,
      Duration current,
      Duration consistent,
      Supplier<Map<String, String>> health) {
    return new NotaryApiServlet(reader, new NotaryProperties.Cache(current, consistent), health);
  }

  @Test
  void cacheLifetimesAreConfigurableAndZeroDisablesCaching() throws Exception {
    reader.put("g/a", "root", 1, "{}".getBytes(), Instant.parse("2026-11-22T18:03:45Z"));
    NotaryApiServlet noCache = servlet(reader, Duration.ZERO, Duration.ofSeconds(60), Map::of);

    MockHttpServletResponse current = get(noCache, "/v2/g/a/_trust/tuf/root.json");
    assertThat(current.getStatus()).isEqualTo(200);
    assertThat(current.getHeader("Cache-Control")).isEqualTo("max-age=0, no-cache, no-store");
    assertThat(current.getHeader("Pragma")).isEqualTo("no-cache");
    assertThat(current.getHeader("Last-Modified")).isEqualTo("Sun, 22 Nov 2026 18:03:45 UTC");

    MockHttpServletResponse byVersion = get(noCache, "/v2/g/a/_trust/tuf/1.root.json");
    assertThat(byVersion.getHeader("Cache-Control")).isEqualTo("public, max-age=60, s-maxage=60");
    assertThat(byVersion.getHeader("Pragma")).isNull();
  }

  @Test
  void missingLastModifiedIsGosZeroTime() throws Exception {
    reader.put("g/a", "root", 1, "{}".getBytes(), null);
    MockHttpServletResponse response =
        get(
            servlet(reader, Duration.ofSeconds(300), Duration.ofDays(30), Map::of),
            "/v2/g/a/_trust/tuf/root.json");
    assertThat(response.getHeader("Last-Modified")).isEqualTo("Mon, 01 Jan 0001 00:00:00 UTC");
    assertThat(response.getHeader("Cache-Control"))
        .isEqualTo("public, max-age=300, s-maxage=300, must-revalidate");
  }

  @Test
  void unhealthyServerAnswers503WithTheFailingChecks() throws Exception {
    NotaryApiServlet servlet =
        servlet(reader, Duration.ofSeconds(300), Duration.ofDays(30), () -> Map.of("db", "DOWN"));
    MockHttpServletResponse response = get(servlet, "/_notary_server/health");
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getContentAsString()).isEqualTo("{\"db\":\"DOWN\"}");
  }

  @Test
  void storageFailureIsA500WithoutDetails() throws Exception {
    TrustMetadataReader failing =
        new TrustMetadataReader() {
          @Override
          public Optional<ServedMetadata> current(String gun, String role) {
            throw new IllegalStateException("connection refused: secret-host:5432");
          }

          @Override
          public Optional<ServedMetadata> byChecksum(String gun, String role, String sha256Hex) {
            return Optional.empty();
          }

          @Override
          public Optional<ServedMetadata> byVersion(String gun, String role, int version) {
            return Optional.empty();
          }

          @Override
          public Optional<String> serverKey(String gun, String role) {
            return Optional.empty();
          }

          @Override
          public List<ChangeRecordView> changes(Optional<String> gun, long changeId, int records) {
            return List.of();
          }
        };
    MockHttpServletResponse response =
        get(
            servlet(failing, Duration.ofSeconds(300), Duration.ofDays(30), Map::of),
            "/v2/g/a/_trust/tuf/timestamp.json");
    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getContentAsString())
        .isEqualTo("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"unknown error\"}]}\n")
        .doesNotContain("secret-host");
    assertThat(response.getHeader("Cache-Control")).isNull();
  }

  @Test
  void cacheAgesOutsideNotarysRangeAreRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new NotaryProperties.Cache(Duration.ofDays(366), Duration.ZERO))
        .hasMessageContaining("current-max-age");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new NotaryProperties.Cache(Duration.ZERO, Duration.ofSeconds(-1)))
        .hasMessageContaining("consistent-max-age");
  }
}
