package dev.trustpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaDocumentsTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void eachTypeHasADraft202012SchemaForItsWholeEnvelope(EventType type) {
    JsonNode schema = SchemaSupport.schemaDocument(type);

    assertThat(schema.get("$schema").textValue())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("$id").textValue())
        .isEqualTo(EventCodec.SCHEMA_ID_PREFIX + type.type() + ".json");
    assertThat(schema.at("/properties/type/const").textValue()).isEqualTo(type.type());
    assertThat(schema.at("/properties/specversion/const").textValue()).isEqualTo("1.0");
    assertThat(schema.at("/properties/data/$ref").textValue())
        .isEqualTo("#/$defs/" + type.dataClass().getSimpleName());
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void eachSchemaIsValidAgainstTheDraft202012MetaSchema(EventType type) {
    JsonSchema metaSchema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertThat(metaSchema.validate(SchemaSupport.schemaDocument(type))).isEmpty();
    // the meta-schema check can fail: a negative length is not a schema
    ObjectNode broken = SchemaSupport.schemaDocument(type).deepCopy();
    ((ObjectNode) broken.at("/$defs/gun")).put("maxLength", -1);
    assertThat(metaSchema.validate(broken)).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void dataSchemaListsExactlyTheRecordComponents(EventType type) {
    JsonNode data =
        SchemaSupport.schemaDocument(type).at("/$defs/" + type.dataClass().getSimpleName());

    List<String> components =
        Arrays.stream(type.dataClass().getRecordComponents()).map(c -> c.getName()).toList();
    assertThat(data.get("properties").fieldNames())
        .toIterable()
        .containsExactlyElementsOf(components);
    assertThat(data.get("additionalProperties").booleanValue()).isFalse();
  }

  @Test
  void sharedDefinitionsAreIdenticalInEverySchema() {
    ObjectNode reference = sharedDefinitions(EventType.IMAGE_PUSHED);

    for (EventType type : EventType.values()) {
      assertThat(sharedDefinitions(type)).as(type.type()).isEqualTo(reference);
    }
  }

  /** The {@code $defs} every schema repeats, without the type's own data definition. */
  private static ObjectNode sharedDefinitions(EventType type) {
    ObjectNode definitions = SchemaSupport.schemaDocument(type).get("$defs").deepCopy();
    definitions.remove(type.dataClass().getSimpleName());
    return definitions;
  }

  @Test
  void theSigstoreRoleAndAMissingExpiryBelongToOciSignaturesOnly() {
    ObjectNode oci = Examples.tree("trust-changed-oci-signature.json");
    assertThat(SchemaSupport.validate(EventType.TRUST_CHANGED, oci)).isEmpty();

    ObjectNode tufRole = oci.deepCopy();
    ((ObjectNode) tufRole.get("data")).put("role", "targets/releases");
    assertThat(SchemaSupport.validate(EventType.TRUST_CHANGED, tufRole)).isNotEmpty();

    ObjectNode expiring = oci.deepCopy();
    ((ObjectNode) expiring.get("data")).put("expires", "2029-11-19T10:15:32Z");
    assertThat(SchemaSupport.validate(EventType.TRUST_CHANGED, expiring)).isNotEmpty();

    ObjectNode push = Examples.tree("trust-changed.json");
    ObjectNode pushWithoutExpiry = push.deepCopy();
    ((ObjectNode) pushWithoutExpiry.get("data")).remove("expires");
    assertThat(SchemaSupport.validate(EventType.TRUST_CHANGED, pushWithoutExpiry)).isNotEmpty();
    ObjectNode pushAsSigstore = push.deepCopy();
    ((ObjectNode) pushAsSigstore.get("data")).put("role", "sigstore");
    assertThat(SchemaSupport.validate(EventType.TRUST_CHANGED, pushAsSigstore)).isNotEmpty();
  }
}
