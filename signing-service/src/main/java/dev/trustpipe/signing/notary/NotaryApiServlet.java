package dev.trustpipe.signing.notary;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Notary v1 read API (NOTARY-API.md §2-5, §8) as one plain servlet: it parses the raw request
 * path itself (GUNs contain {@code /} and {@code :}), serves stored metadata bytes verbatim and
 * reproduces notary-server's status codes, headers and error bodies. Write routes (publish, key
 * rotation, delete) are not served yet and get Notary's catch-all 404, like every unknown route.
 */
final class NotaryApiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(NotaryApiServlet.class);

  static final String METADATA_CONTENT_TYPE = "text/plain; charset=utf-8";
  static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

  /** notary's {@code notary.DefaultPageSize}. */
  static final int DEFAULT_CHANGEFEED_PAGE = 100;

  /** Go's zero {@code time.Time}, what Notary sends when a stored row has no timestamp. */
  private static final String ZERO_TIME_RFC1123 = "Mon, 01 Jan 0001 00:00:00 UTC";

  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

  private final transient TrustMetadataReader reader;
  private final transient Supplier<Map<String, String>> healthFailures;
  private final String currentCacheControl;
  private final String consistentCacheControl;

  /**
   * @param healthFailures failing health checks by name (empty when healthy), for {@code
   *     /_notary_server/health}
   */
  NotaryApiServlet(
      TrustMetadataReader reader,
      NotaryProperties.Cache cache,
      Supplier<Map<String, String>> healthFailures) {
    this.reader = reader;
    this.healthFailures = healthFailures;
    this.currentCacheControl = cacheControl(cache.currentMaxAge(), true);
    this.consistentCacheControl = cacheControl(cache.consistentMaxAge(), false);
  }

  /** notary's {@code PublicCacheControl}/{@code NoCacheControl}; null = no caching. */
  private static String cacheControl(Duration maxAge, boolean mustRevalidate) {
    long seconds = maxAge.toSeconds();
    if (seconds == 0) {
      return null;
    }
    String value = "public, max-age=" + seconds + ", s-maxage=" + seconds;
    return mustRevalidate ? value + ", must-revalidate" : value;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String rawPath = request.getRequestURI();
    String contextPath = request.getContextPath();
    if (!contextPath.isEmpty() && rawPath.startsWith(contextPath)) {
      rawPath = rawPath.substring(contextPath.length());
    }
    String path = NotaryRouter.decodePath(rawPath);
    NotaryRoute route =
        path == null
            ? NotaryRoute.CatchAll.INSTANCE
            : NotaryRouter.route(request.getMethod(), path);
    try {
      answer(route, request, response);
    } catch (RuntimeException e) {
      // Storage failures: Notary answers 500 UNKNOWN; the cause goes to the log, not the client.
      log.error("Notary API {} {} failed", request.getMethod(), rawPath, e);
      if (!response.isCommitted()) {
        response.reset();
        send(request, response, 500, JSON_CONTENT_TYPE, NotaryErrors.UNKNOWN_BODY);
      }
    }
  }

  private void answer(NotaryRoute route, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (route instanceof NotaryRoute.CurrentMetadata current) {
      Optional<ServedMetadata> metadata =
          NotaryRouter.isServableGun(current.gun())
              ? reader.current(current.gun(), current.role())
              : Optional.empty();
      sendMetadata(request, response, metadata, currentCacheControl);
    } else if (route instanceof NotaryRoute.MetadataByChecksum byChecksum) {
      sendMetadata(request, response, byChecksum(byChecksum), consistentCacheControl);
    } else if (route instanceof NotaryRoute.MetadataByVersion byVersion) {
      serveByVersion(byVersion, request, response);
    } else if (route instanceof NotaryRoute.ServerKey key) {
      Optional<String> body =
          NotaryRouter.isServableGun(key.gun())
              ? reader.serverKey(key.gun(), key.role())
              : Optional.empty();
      if (body.isPresent()) {
        send(
            request,
            response,
            200,
            METADATA_CONTENT_TYPE,
            body.get().getBytes(StandardCharsets.UTF_8));
      } else {
        sendNotFound(request, response);
      }
    } else if (route instanceof NotaryRoute.Changefeed changefeed) {
      serveChangefeed(changefeed, request, response);
    } else if (route == NotaryRoute.Ping.INSTANCE) {
      send(request, response, 200, METADATA_CONTENT_TYPE, EMPTY_OBJECT);
    } else if (route == NotaryRoute.Health.INSTANCE) {
      serveHealth(request, response);
    } else {
      send(request, response, 404, JSON_CONTENT_TYPE, NotaryErrors.CATCH_ALL_BODY);
    }
  }

  private Optional<ServedMetadata> byChecksum(NotaryRoute.MetadataByChecksum route) {
    String checksum = route.checksum();
    // Stores index the lower-case sha256 only: 96/128-hex and upper-case forms are routed but 404.
    if (checksum.length() != 64
        || !checksum.equals(checksum.toLowerCase(java.util.Locale.ROOT))
        || !NotaryRouter.isServableGun(route.gun())) {
      return Optional.empty();
    }
    return reader.byChecksum(route.gun(), route.role(), checksum);
  }

  private void serveByVersion(
      NotaryRoute.MetadataByVersion route, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long version;
    try {
      version = Long.parseLong(route.version());
    } catch (NumberFormatException e) {
      // strconv.Atoi overflow: Notary puts the *strconv.NumError into the detail.
      String detail = "{\"Func\":\"Atoi\",\"Num\":\"" + route.version() + "\",\"Err\":{}}";
      send(
          request,
          response,
          404,
          JSON_CONTENT_TYPE,
          NotaryErrors.body(NotaryErrors.METADATA_NOT_FOUND, detail));
      return;
    }
    Optional<ServedMetadata> metadata =
        version > Integer.MAX_VALUE || !NotaryRouter.isServableGun(route.gun())
            ? Optional.empty()
            : reader.byVersion(route.gun(), route.role(), (int) version);
    sendMetadata(request, response, metadata, consistentCacheControl);
  }

  private void serveChangefeed(
      NotaryRoute.Changefeed route, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String query = request.getQueryString();
    int records;
    try {
      records = GoParameters.parseInt32(GoParameters.firstQueryValue(query, "records"));
    } catch (GoParameters.GoNumberException e) {
      byte[] body =
          NotaryErrors.withStringDetail(
              NotaryErrors.INVALID_PARAMETERS, "invalid records parameter: " + e.getMessage());
      send(request, response, 400, JSON_CONTENT_TYPE, body);
      return;
    }
    if (records == 0) {
      records = DEFAULT_CHANGEFEED_PAGE;
    }
    String changeIdText = GoParameters.firstQueryValue(query, "change_id");
    int changeId;
    try {
      changeId = changeIdText.isEmpty() ? 0 : GoParameters.parseInt32(changeIdText);
    } catch (GoParameters.GoNumberException e) {
      send(request, response, 400, JSON_CONTENT_TYPE, NotaryErrors.INVALID_CHANGE_ID_BODY);
      return;
    }
    List<ChangeRecordView> changes =
        route.gun() != null && !NotaryRouter.isServableGun(route.gun())
            ? List.of()
            : reader.changes(Optional.ofNullable(route.gun()), changeId, records);
    send(request, response, 200, METADATA_CONTENT_TYPE, ChangefeedJson.write(changes));
  }

  private void serveHealth(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, String> failures = healthFailures.get();
    if (failures.isEmpty()) {
      send(request, response, 200, JSON_CONTENT_TYPE, EMPTY_OBJECT);
      return;
    }
    // docker/distribution's health handler: 503 with {"check name":"error"}.
    StringBuilder json = new StringBuilder("{");
    failures.forEach(
        (name, status) -> {
          if (json.length() > 1) {
            json.append(',');
          }
          GoText.appendJsonString(json, name).append(':');
          GoText.appendJsonString(json, status);
        });
    byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    send(request, response, 503, JSON_CONTENT_TYPE, body);
  }

  private void sendMetadata(
      HttpServletRequest request,
      HttpServletResponse response,
      Optional<ServedMetadata> metadata,
      String cacheControl)
      throws IOException {
    if (metadata.isEmpty()) {
      sendNotFound(request, response);
      return;
    }
    ServedMetadata served = metadata.get();
    if (cacheControl == null) {
      response.setHeader("Cache-Control", "max-age=0, no-cache, no-store");
      response.setHeader("Pragma", "no-cache");
    } else {
      response.setHeader("Cache-Control", cacheControl);
    }
    response.setHeader(
        "Last-Modified",
        served.lastModified() == null ? ZERO_TIME_RFC1123 : GoText.rfc1123(served.lastModified()));
    send(request, response, 200, METADATA_CONTENT_TYPE, served.bytes());
  }

  private static void sendNotFound(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    send(request, response, 404, JSON_CONTENT_TYPE, NotaryErrors.METADATA_NOT_FOUND_BODY);
  }

  private static void send(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String contentType,
      byte[] body)
      throws IOException {
    response.setStatus(status);
    VerbatimContentType.set(request, response, contentType);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
