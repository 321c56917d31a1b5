package dev.trustpipe.signing.notary;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Request targets come from the network: {@link NotaryRouter} must route any of them (or fall back
 * to the catch-all) without throwing, every route must be a real split of the path, and a GUN that
 * reaches the trust store must have no control characters, no {@code ..} segment and at most 255
 * bytes of UTF-8. The router itself extracts any GUN notary-server's {@code [^*]+} would; the
 * servlet's {@link NotaryRouter#isServableGun} gate keeps the others away from the store, so the
 * last property is checked on what the servlet actually asks its reader for.
 *
 * <p>Runs the seeds in {@code NotaryRouterFuzzTestInputs/} (raw request targets) in every build;
 * {@code JAZZER_FUZZ=1 mvn -pl signing-service test-compile surefire:test@fuzz-regression
 * -Dsigning.fuzz.hooks=true} fuzzes for real.
 */
class NotaryRouterFuzzTest {
  private static final int MAX_GUN_BYTES = 255;

  /**
   * Microseconds are normal. Not JUnit's {@code @Timeout}: with JAZZER_FUZZ JUnit applies it to the
   * whole fuzzing run (jazzer#930).
   */
  private static final Duration SLOW = Duration.ofSeconds(10);

  private final GunRecordingReader reader = new GunRecordingReader();
  private final NotaryApiServlet servlet =
      new NotaryApiServlet(
          reader, new NotaryProperties.Cache(Duration.ofMinutes(5), Duration.ofDays(30)), Map::of);

  @FuzzTest(maxDuration = "60s")
  void anyRequestTargetIsRoutedAndOnlySafeGunsReachTheStore(byte[] target) throws Exception {
    long start = System.nanoTime();
    check(target);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (took.compareTo(SLOW) > 0) {
      throw new IllegalStateException("took " + took + " for " + target.length + " bytes");
    }
  }

  private void check(byte[] target) throws Exception {
    // What Tomcat hands the servlet: the request-target bytes as ISO-8859-1 characters.
    String raw = new String(target, StandardCharsets.ISO_8859_1);
    int query = raw.indexOf('?');
    String rawPath = query < 0 ? raw : raw.substring(0, query);

    String path = NotaryRouter.decodePath(rawPath);
    if (path != null) {
      checkRoute(path);
    }
    // any Java string, not only what Tomcat can produce
    checkRoute(new String(target, StandardCharsets.UTF_8));

    MockHttpServletRequest request = new MockHttpServletRequest("GET", rawPath);
    request.setQueryString(query < 0 ? null : raw.substring(query + 1));
    MockHttpServletResponse response = new MockHttpServletResponse();
    reader.guns.clear();
    servlet.service(request, response);
    int status = response.getStatus();
    if (status != 200 && status != 400 && status != 404) {
      throw new IllegalStateException("status " + status + " for " + quote(raw));
    }
    for (String gun : reader.guns) {
      if (gun != null) {
        requireSafe(gun, raw);
      }
    }
  }

  private static void checkRoute(String path) {
    NotaryRoute route = NotaryRouter.route("GET", path);
    String expected;
    if (route instanceof NotaryRoute.MetadataByChecksum r) {
      requireRole(r.role(), path);
      int length = r.checksum().length();
      if ((length != 64 && length != 96 && length != 128)
          || !r.checksum().matches("[0-9a-fA-F]+")) {
        throw new IllegalStateException("checksum " + quote(r.checksum()) + " of " + quote(path));
      }
      expected = tuf(r.gun()) + r.role() + "." + r.checksum() + ".json";
    } else if (route instanceof NotaryRoute.MetadataByVersion r) {
      requireRole(r.role(), path);
      if (!r.version().matches("[0-9]+")) {
        throw new IllegalStateException("version " + quote(r.version()) + " of " + quote(path));
      }
      expected = tuf(r.gun()) + r.version() + "." + r.role() + ".json";
    } else if (route instanceof NotaryRoute.CurrentMetadata r) {
      requireRole(r.role(), path);
      expected = tuf(r.gun()) + r.role() + ".json";
    } else if (route instanceof NotaryRoute.ServerKey r) {
      if (!r.role().equals("timestamp") && !r.role().equals("snapshot")) {
        throw new IllegalStateException("key role " + quote(r.role()) + " of " + quote(path));
      }
      expected = tuf(r.gun()) + r.role() + ".key";
    } else if (route instanceof NotaryRoute.Changefeed r) {
      expected = r.gun() == null ? "/v2/_trust/changefeed" : v2(r.gun()) + "/_trust/changefeed";
    } else if (route == NotaryRoute.Ping.INSTANCE) {
      expected = "/v2/";
    } else if (route == NotaryRoute.Health.INSTANCE) {
      expected = "/_notary_server/health";
    } else if (route == NotaryRoute.CatchAll.INSTANCE) {
      expected = path;
    } else {
      throw new IllegalStateException("no route for " + quote(path) + ": " + route);
    }
    // the route's parts put back together are the path: nothing dropped, nothing invented
    if (!expected.equals(path)) {
      throw new IllegalStateException(route + " is not a split of " + quote(path));
    }
  }

  private static String v2(String gun) {
    if (gun.isEmpty() || gun.indexOf('*') >= 0) {
      throw new IllegalStateException("GUN " + quote(gun) + " does not match [^*]+");
    }
    return "/v2/" + gun;
  }

  private static String tuf(String gun) {
    return v2(gun) + "/_trust/tuf/";
  }

  private static void requireRole(String role, String path) {
    // the route's \s is RE2's [\t\n\f\r ], without the \x0B of Java's \s
    if (!role.matches("root|snapshot|timestamp|targets(/[^/\\t\\n\\f\\r ]+)*")) {
      throw new IllegalStateException("role " + quote(role) + " of " + quote(path));
    }
  }

  /** Checked independently of {@link NotaryRouter#isServableGun}, which it is testing. */
  private static void requireSafe(String gun, String raw) {
    boolean control = gun.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL);
    boolean dotDot = List.of(gun.split("/", -1)).contains("..");
    int bytes = gun.getBytes(StandardCharsets.UTF_8).length;
    if (gun.isEmpty() || control || dotDot || bytes > MAX_GUN_BYTES) {
      throw new IllegalStateException(
          "the store was asked for GUN " + quote(gun) + " (" + bytes + " bytes) by " + quote(raw));
    }
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c > 0x7e) {
                out.append("\\x{").append(Integer.toHexString(c)).append('}');
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('"').toString();
  }

  /** Answers "not found" to everything and remembers which GUNs it was asked for. */
  private static final class GunRecordingReader implements TrustMetadataReader {
    final List<String> guns = new ArrayList<>();

    @Override
    public Optional<ServedMetadata> current(String gun, String role) {
      guns.add(gun);
      return Optional.empty();
    }

    @Override
    public Optional<ServedMetadata> byChecksum(String gun, String role, String sha256Hex) {
      guns.add(gun);
      return Optional.empty();
    }

    @Override
    public Optional<ServedMetadata> byVersion(String gun, String role, int version) {
      guns.add(gun);
      return Optional.empty();
    }

    @Override
    public Optional<String> serverKey(String gun, String role) {
      guns.add(gun);
      return Optional.empty();
    }

    @Override
    public List<ChangeRecordView> changes(Optional<String> gun, long changeId, int records) {
      guns.add(gun.orElse(null));
      return List.of();
    }
  }
}
