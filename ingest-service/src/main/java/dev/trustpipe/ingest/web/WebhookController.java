package dev.trustpipe.ingest.web;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventData;
import dev.trustpipe.ingest.WebhookSources;
import dev.trustpipe.ingest.WebhookSources.WebhookSource;
import dev.trustpipe.ingest.adapter.BadWebhookException;
import dev.trustpipe.ingest.adapter.Ignored;
import dev.trustpipe.ingest.adapter.ParsedWebhook;
import dev.trustpipe.ingest.adapter.RegistryEvent;
import dev.trustpipe.ingest.adapter.Rejection;
import dev.trustpipe.ingest.adapter.WebhookHeaders;
import dev.trustpipe.ingest.auth.SenderCredentials;
import dev.trustpipe.ingest.publish.KafkaUnavailableException;
import dev.trustpipe.ingest.publish.RegistryCloudEvents;
import dev.trustpipe.ingest.publish.RegistryEventPublisher;
import dev.trustpipe.ingest.web.WebhookMetrics.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/{source}}: checks the sender, reads the body (bounded), lets the source's
 * adapter normalise it, and answers 2xx only after Kafka acknowledged every event. Bad input gets a
 * 4xx JSON error and produces nothing; an unreachable Kafka gets 503 so the registry retries.
 *
 * <p>The body is read from the stream, never through request parameters: for a form-encoded body
 * (GitHub) that would consume it before the signature is checked.
 */
@RestController
public class WebhookController {
  private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

  /** Seconds a registry should wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  private final WebhookSources sources;
  private final RegistryCloudEvents cloudEvents;
  private final RegistryEventPublisher publisher;
  private final WebhookMetrics metrics;
  private final int maxBodyBytes;

  public WebhookController(
      WebhookSources sources,
      RegistryCloudEvents cloudEvents,
      RegistryEventPublisher publisher,
      WebhookMetrics metrics,
      int maxBodyBytes) {
    this.sources = sources;
    this.cloudEvents = cloudEvents;
    this.publisher = publisher;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
  }

  @PostMapping(path = "/webhooks/{source}")
  public ResponseEntity<Map<String, Object>> receive(
      @PathVariable("source") String sourceName, HttpServletRequest request) {
    long start = System.nanoTime();
    WebhookSource source = sources.find(sourceName).orElse(null);
    String metricSource = source == null ? WebhookMetrics.UNKNOWN_SOURCE : sourceName;
    metrics.received(metricSource);
    try {
      if (source == null) {
        throw new BadWebhookException(
            Rejection.UNKNOWN_SOURCE,
            "no webhook source '" + sourceName + "'; known: " + sources.names());
      }
      ResponseEntity<Map<String, Object>> response = accept(source, request);
      metrics.latency(metricSource, Outcome.ACCEPTED, since(start));
      return response;
    } catch (BadWebhookException e) {
      metrics.rejected(metricSource, e.rejection());
      metrics.latency(metricSource, Outcome.REJECTED, since(start));
      log.warn(
          "rejected a {} delivery from {}: {} ({})",
          metricSource,
          request.getRemoteAddr(),
          e.getMessage(),
          e.rejection().code());
      return error(e);
    } catch (KafkaUnavailableException e) {
      metrics.unavailable(metricSource);
      metrics.latency(metricSource, Outcome.UNAVAILABLE, since(start));
      log.warn("answering 503 to a {} delivery: {}", metricSource, e.getMessage());
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
          .contentType(MediaType.APPLICATION_JSON)
          .body(
              errorBody(
                  "kafka-unavailable",
                  "the event log did not acknowledge the events; retry the delivery"));
    }
  }

  /**
   * CloudEvents webhook validation (abuse protection, used by Event Grid's CloudEvents schema): the
   * sender asks whether it may deliver to this endpoint.
   */
  @RequestMapping(path = "/webhooks/{source}", method = RequestMethod.OPTIONS)
  public ResponseEntity<Void> validate(
      @PathVariable("source") String sourceName, HttpServletRequest request) {
    if (sources.find(sourceName).isEmpty()) {
      return ResponseEntity.notFound().build();
    }
    ResponseEntity.BodyBuilder response =
        ResponseEntity.ok().header(HttpHeaders.ALLOW, "POST, OPTIONS");
    String origin = request.getHeader("WebHook-Request-Origin");
    if (origin != null) {
      response.header("WebHook-Allowed-Origin", origin);
    }
    return response.build();
  }

  private ResponseEntity<Map<String, Object>> accept(
      WebhookSource source, HttpServletRequest request) throws KafkaUnavailableException {
    // refuse before reading anything when the peer is not allowed at all
    source.authenticator().checkAddress(request.getRemoteAddr());
    WebhookHeaders headers = headers(request);
    String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
      throw new BadWebhookException(
          Rejection.UNSUPPORTED_MEDIA_TYPE,
          "Content-Encoding " + encoding.trim() + " is not accepted");
    }
    byte[] body = readBody(request);
    source
        .authenticator()
        .authenticate(
            new SenderCredentials(
                headers, request.getQueryString(), body, request.getRemoteAddr()));
    String mediaType =
        headers
            .mediaType()
            .orElseThrow(
                () ->
                    new BadWebhookException(
                        Rejection.UNSUPPORTED_MEDIA_TYPE,
                        "the Content-Type header is missing; expected one of "
                            + new java.util.TreeSet<>(source.adapter().contentTypes())));
    if (!source.adapter().contentTypes().contains(mediaType)) {
      throw new BadWebhookException(
          Rejection.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type "
              + mediaType
              + " is not one this source sends; expected one of "
              + new java.util.TreeSet<>(source.adapter().contentTypes()));
    }
    String sourceName = source.adapter().source();
    ParsedWebhook parsed = source.adapter().parse(body, headers);
    List<CloudEvent<EventData>> events = new ArrayList<>();
    for (RegistryEvent event : parsed.events()) {
      events.add(cloudEvents.toCloudEvent(event));
    }
    publisher.publish(events);
    List<String> ids = new ArrayList<>(events.size());
    for (CloudEvent<EventData> event : events) {
      metrics.produced(sourceName, event.eventType());
      ids.add(event.id());
    }
    List<Ignored> ignored = parsed.ignored();
    for (Ignored each : ignored) {
      metrics.ignored(sourceName, each.reason());
      log.debug("ignored a {} event: {} ({})", sourceName, each.detail(), each.reason().code());
    }
    if (!parsed.reply().isEmpty()) {
      return json(new LinkedHashMap<>(parsed.reply()));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("produced", events.size());
    summary.put("ignored", ignored.size());
    summary.put("eventIds", ids);
    return json(summary);
  }

  /** JSON whatever the request's Accept says: senders read the status, people the body. */
  private static ResponseEntity<Map<String, Object>> json(Map<String, Object> body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
  }

  private byte[] readBody(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
    byte[] buffer = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        if (body.size() + read > maxBodyBytes) {
          throw tooLarge();
        }
        body.write(buffer, 0, read);
      }
    } catch (IOException e) {
      throw BadWebhookException.malformedJson("the body could not be read: " + e.getMessage());
    }
    return body.toByteArray();
  }

  private BadWebhookException tooLarge() {
    return new BadWebhookException(
        Rejection.BODY_TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes");
  }

  private static WebhookHeaders headers(HttpServletRequest request) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    return WebhookHeaders.of(headers);
  }

  private static ResponseEntity<Map<String, Object>> error(BadWebhookException e) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
    if (e.rejection() == Rejection.UNAUTHENTICATED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"trustpipe-webhooks\"");
    }
    return response
        .contentType(MediaType.APPLICATION_JSON)
        .body(errorBody(e.rejection().code(), e.getMessage()));
  }

  private static Map<String, Object> errorBody(String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    return body;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
