package dev.trustpipe.contracts;

import static dev.trustpipe.contracts.FieldChecks.quote;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event in structured JSON mode: the envelope attributes and the typed {@code
 * data}. {@code type} and {@code subject} always agree with {@code data}; {@link #of} fills them
 * in.
 *
 * <p>Extension attributes (lowercase alphanumeric names, e.g. {@code traceparent}) are accepted on
 * the wire and dropped on decode: middleware may add them, no TrustPipe logic reads them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudEvent<T extends EventData>(
    String specversion,
    String id,
    String source,
    String type,
    String subject,
    Instant time,
    String datacontenttype,
    T data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String DATA_CONTENT_TYPE = "application/json";

  public CloudEvent {
    if (!SPEC_VERSION.equals(specversion)) {
      throw new IllegalArgumentException(
          "specversion is " + quote(specversion) + "; only " + SPEC_VERSION + " is supported");
    }
    FieldChecks.requireText("id", id, FieldChecks.MAX_TEXT_CHARS);
    requireUriReference(source);
    FieldChecks.requireInstant("time", time);
    if (!DATA_CONTENT_TYPE.equals(datacontenttype)) {
      throw new IllegalArgumentException(
          "datacontenttype is " + quote(datacontenttype) + "; expected " + DATA_CONTENT_TYPE);
    }
    FieldChecks.required("data", data);
    String expectedType = data.eventType().type();
    if (!expectedType.equals(type)) {
      throw new IllegalArgumentException(
          "type is "
              + quote(type)
              + " but data is "
              + data.getClass().getSimpleName()
              + " ("
              + expectedType
              + ")");
    }
    if (!Objects.equals(subject, data.subject())) {
      throw new IllegalArgumentException(
          "subject " + quote(subject) + " differs from the data's GUN " + quote(data.subject()));
    }
  }

  /**
   * An event of {@code data}'s type about {@code data}'s GUN.
   *
   * @param id unique per event; a redelivery of the same event keeps it (see {@link EventIds})
   * @param source URI reference of the producer, e.g. {@code /trustpipe/ingest-service}
   * @param time when the event was produced; the caller's Clock decides
   */
  public static <T extends EventData> CloudEvent<T> of(
      String id, String source, Instant time, T data) {
    FieldChecks.required("data", data);
    return new CloudEvent<>(
        SPEC_VERSION,
        id,
        source,
        data.eventType().type(),
        data.subject(),
        time,
        DATA_CONTENT_TYPE,
        data);
  }

  public EventType eventType() {
    return data.eventType();
  }

  private static void requireUriReference(String source) {
    FieldChecks.requireText("source", source, FieldChecks.MAX_TEXT_CHARS);
    try {
      new URI(source);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "source " + quote(source) + " is not a URI reference: " + e.getReason());
    }
  }
}
