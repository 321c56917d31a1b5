package dev.trustpipe.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The schema files, loaded independently of {@link EventCodec}: tests check documents against the
 * published schemas, not against whatever the codec happens to use.
 */
final class SchemaSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<EventType, JsonSchema> SCHEMAS = load();

  private SchemaSupport() {}

  static Set<ValidationMessage> validate(EventType type, JsonNode document) {
    return SCHEMAS.get(type).validate(document);
  }

  static JsonNode schemaDocument(EventType type) {
    return readResource(type.schemaResource());
  }

  static JsonNode readResource(String resource) {
    try (InputStream in = SchemaSupport.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<EventType, JsonSchema> load() {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      schemas.put(
          type, factory.getSchema(SchemaLocation.of("classpath:" + type.schemaResource()), config));
    }
    return schemas;
  }
}
