package dev.trustpipe.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns events into bytes and back, through the one configured ObjectMapper and the JSON Schema of
 * each event type. Thread-safe; build one per application (loading the schemas takes a moment).
 *
 * <p>Wire format: CloudEvents 1.0 structured mode, UTF-8 JSON, times as RFC 3339 strings in UTC
 * ({@code 2025-01-31T12:00:00Z}, fractional seconds when non-zero), <b>null fields omitted</b>: an
 * absent optional field is left out, never written as {@code null}, and an explicit {@code null} in
 * input is a schema violation. One spelling per event keeps the contract and its schemas simple.
 *
 * <p>{@link #decode} accepts a document only if it is JSON (no duplicate keys, nothing after the
 * value), of a known {@code type}, valid against that type's schema, and its values satisfy the
 * records' invariants. Everything else is an {@link InvalidEventException} whose reason says what
 * and where. {@link #encode} validates its own output too, so a producer never emits what consumers
 * would reject.
 */
public final class EventCodec {

  /** Kafka {@code content-type} header value for structured-mode CloudEvents. */
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  /** Largest event accepted; Kafka's default message limit is about the same. */
  public static final int MAX_EVENT_BYTES = 1024 * 1024;

  /** The {@code $id} prefix of the schemas, served from the classpath (never fetched). */
  static final String SCHEMA_ID_PREFIX = "https://trustpipe.dev/schemas/";

  private static final int MAX_PROBLEMS_REPORTED = 5;

  private final ObjectMapper mapper;
  private final Map<EventType, JsonSchema> schemas;
  private final SchemaProblemExplainer explainer = new SchemaProblemExplainer();

  public EventCodec() {
    this.mapper = newObjectMapper();
    this.schemas = loadSchemas();
  }

  /** The event as UTF-8 JSON, after checking it against its schema. */
  public byte[] encode(CloudEvent<?> event) {
    Objects.requireNonNull(event, "event");
    JsonNode tree = mapper.valueToTree(event);
    Set<ValidationMessage> problems = schemas.get(event.eventType()).validate(tree);
    if (!problems.isEmpty()) {
      // The record accepted what its schema does not: the contract itself is inconsistent.
      throw new InvalidEventException(
          "refusing to encode an event its schema rejects: " + describe(problems, tree),
          event.id(),
          event.subject(),
          null);
    }
    try {
      return mapper.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** The validated event; throws {@link InvalidEventException} with the reason otherwise. */
  public DecodedEvent decode(byte[] bytes) {
    JsonNode tree = parse(bytes);
    String id = textOrNull(tree, "id");
    String subject = textOrNull(tree, "subject");
    EventType type = eventTypeOf(tree, id, subject);
    Set<ValidationMessage> problems = schemas.get(type).validate(tree);
    if (!problems.isEmpty()) {
      throw new InvalidEventException(describe(problems, tree), id, subject, null);
    }
    return wrap(bind(tree, type, id, subject));
  }

  /**
   * The validated event, which must be of {@code expected}'s type; for consumers that handle one
   * type only.
   */
  @SuppressWarnings("unchecked")
  public <T extends EventData> CloudEvent<T> decode(byte[] bytes, Class<T> expected) {
    DecodedEvent decoded = decode(bytes);
    if (!expected.isInstance(decoded.data())) {
      throw new InvalidEventException(
          "expected a " + expected.getSimpleName() + " event but got " + decoded.eventType().type(),
          decoded.id(),
          decoded.event().subject(),
          null);
    }
    return (CloudEvent<T>) decoded.event();
  }

  private JsonNode parse(byte[] bytes) {
    if (bytes == null) {
      throw new InvalidEventException("no payload (null value, e.g. a Kafka tombstone)");
    }
    if (bytes.length == 0) {
      throw new InvalidEventException("empty payload");
    }
    if (bytes.length > MAX_EVENT_BYTES) {
      throw new InvalidEventException(
          "payload is " + bytes.length + " bytes; events are at most " + MAX_EVENT_BYTES);
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          "not valid JSON: " + e.getOriginalMessage() + at(e.getLocation()), null, null, e);
    } catch (IOException e) {
      throw new InvalidEventException("not valid JSON: " + e.getMessage(), null, null, e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidEventException("not valid JSON: no value, only whitespace");
    }
    if (!tree.isObject()) {
      throw new InvalidEventException(
          "not a CloudEvent: the JSON document is "
              + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", expected an object");
    }
    return tree;
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static EventType eventTypeOf(JsonNode tree, String id, String subject) {
    JsonNode type = tree.get("type");
    if (type == null) {
      throw new InvalidEventException(
          "$.type is missing; cannot tell which event this is", id, subject, null);
    }
    if (!type.isTextual()) {
      throw new InvalidEventException(
          "$.type is "
              + type.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", not a string",
          id,
          subject,
          null);
    }
    return EventType.fromType(type.textValue())
        .orElseThrow(
            () ->
                new InvalidEventException(
                    "unknown event type "
                        + FieldChecks.quote(type.textValue())
                        + "; known types: "
                        + Arrays.stream(EventType.values())
                            .map(EventType::type)
                            .collect(Collectors.joining(", ")),
                    id,
                    subject,
                    null));
  }

  private CloudEvent<?> bind(JsonNode tree, EventType type, String id, String subject) {
    JavaType javaType =
        mapper.getTypeFactory().constructParametricType(CloudEvent.class, type.dataClass());
    try {
      return mapper.readerFor(javaType).readValue(tree);
    } catch (JsonMappingException e) {
      throw new InvalidEventException(bindingProblem(e), id, subject, e);
    } catch (IOException e) {
      throw new InvalidEventException("cannot read the event: " + e.getMessage(), id, subject, e);
    }
  }

  /** Invariant violations surface as the record constructor's message, placed at its JSON path. */
  private static String bindingProblem(JsonMappingException e) {
    StringBuilder path = new StringBuilder("$");
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append('.').append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    Throwable cause = e.getCause();
    String message =
        cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
    return path + ": " + message;
  }

  @SuppressWarnings("unchecked")
  private static DecodedEvent wrap(CloudEvent<?> event) {
    EventData data = event.data();
    if (data instanceof ImagePushed) {
      return new DecodedEvent.ImagePushedEvent((CloudEvent<ImagePushed>) event);
    } else if (data instanceof TagDeleted) {
      return new DecodedEvent.TagDeletedEvent((CloudEvent<TagDeleted>) event);
    } else if (data instanceof TrustChanged) {
      return new DecodedEvent.TrustChangedEvent((CloudEvent<TrustChanged>) event);
    } else if (data instanceof KeyRotated) {
      return new DecodedEvent.KeyRotatedEvent((CloudEvent<KeyRotated>) event);
    } else if (data instanceof EventRejected) {
      return new DecodedEvent.EventRejectedEvent((CloudEvent<EventRejected>) event);
    }
    throw new IllegalStateException("EventData is sealed; unhandled " + data.getClass());
  }

  private String describe(Set<ValidationMessage> problems, JsonNode tree) {
    List<String> reasons =
        problems.stream()
            .sorted(
                Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                    .thenComparing(ValidationMessage::getMessage))
            .map(explainer::explain)
            .distinct()
            .collect(Collectors.toList());
    String shown =
        String.join("; ", reasons.subList(0, Math.min(reasons.size(), MAX_PROBLEMS_REPORTED)));
    return reasons.size() > MAX_PROBLEMS_REPORTED
        ? shown + "; and " + (reasons.size() - MAX_PROBLEMS_REPORTED) + " more"
        : shown;
  }

  private static String textOrNull(JsonNode tree, String field) {
    JsonNode node = tree.get(field);
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  private static ObjectMapper newObjectMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // Two values for one key would let two parsers see two different events.
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .build();
  }

  private static Map<EventType, JsonSchema> loadSchemas() {
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder.schemaMappers(
                    mappers -> mappers.mapPrefix(SCHEMA_ID_PREFIX, "classpath:schemas/")));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .regularExpressionFactory(EcmaAnchoredRegularExpressions.INSTANCE)
            .pathType(PathType.LEGACY)
            .typeLoose(false)
            .build();
    Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      JsonSchema schema =
          factory.getSchema(SchemaLocation.of(SCHEMA_ID_PREFIX + type.type() + ".json"), config);
      schema.initializeValidators(); // resolve every $ref now, not on the first event
      schemas.put(type, schema);
    }
    return Map.copyOf(schemas);
  }
}
