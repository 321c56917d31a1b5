package dev.trustpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The AsyncAPI document describes exactly the topics and event types the code has. */
class AsyncApiDocumentTest {

  private static JsonNode document;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in =
        AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream("asyncapi.yaml")) {
      document = new YAMLMapper().readTree(in);
    }
  }

  @Test
  void isAnAsyncApi3DocumentWithTheThreeTopics() {
    assertThat(document.get("asyncapi").textValue()).isEqualTo("3.0.0");
    List<String> addresses = new ArrayList<>();
    document.get("channels").forEach(channel -> addresses.add(channel.get("address").textValue()));

    assertThat(addresses)
        .containsExactlyInAnyOrder(
            Topics.REGISTRY_EVENTS, Topics.TRUST_CHANGES, Topics.DEAD_LETTER);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void eachEventTypeIsAMessageOnItsTopicWithItsSchema(EventType type) {
    Map<String, String> topicByMessageName = new java.util.HashMap<>();
    document
        .get("channels")
        .forEach(
            channel ->
                channel
                    .get("messages")
                    .forEach(
                        reference -> {
                          JsonNode message = resolve(reference.get("$ref").textValue());
                          topicByMessageName.put(
                              message.get("name").textValue(), channel.get("address").textValue());
                        }));

    assertThat(topicByMessageName).containsEntry(type.type(), type.topic());
    JsonNode message = messageNamed(type.type());
    assertThat(message.at("/payload/schema/$ref").textValue()).isEqualTo(type.schemaResource());
    assertThat(getClass().getClassLoader().getResource(type.schemaResource())).isNotNull();
    assertThat(message.get("contentType").textValue()).isEqualTo(EventCodec.CONTENT_TYPE);
  }

  @Test
  void messagesAreKeyedByAString() {
    for (EventType type : EventType.values()) {
      JsonNode bindings = messageNamed(type.type()).get("bindings");
      if (bindings.has("$ref")) {
        bindings = resolve(bindings.get("$ref").textValue());
      }
      assertThat(bindings.at("/kafka/key/type").textValue()).as(type.type()).isEqualTo("string");
    }
  }

  @Test
  void everyOperationReferencesMessagesOfItsChannel() {
    document
        .get("operations")
        .forEach(
            operation -> {
              String channel = operation.at("/channel/$ref").textValue();
              assertThat(resolve(channel)).isNotNull();
              operation
                  .get("messages")
                  .forEach(
                      message -> {
                        String reference = message.get("$ref").textValue();
                        assertThat(reference).startsWith(channel + "/messages/");
                        assertThat(resolve(reference)).isNotNull();
                      });
            });
  }

  @Test
  void onlyTheCodesEventTypesAreDescribed() {
    List<String> described = new ArrayList<>();
    document.at("/components/messages").forEach(m -> described.add(m.get("name").textValue()));

    assertThat(described)
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(EventType.values())
                .map(EventType::type)
                .collect(Collectors.toList()));
  }

  private static JsonNode messageNamed(String name) {
    for (JsonNode message : document.at("/components/messages")) {
      if (message.get("name").textValue().equals(name)) {
        return message;
      }
    }
    throw new AssertionError("no message named " + name);
  }

  /** Follows a local {@code #/...} reference, and the reference it leads to, if any. */
  private static JsonNode resolve(String reference) {
    assertThat(reference).startsWith("#/");
    JsonNode target = document.at(reference.substring(1));
    assertThat(target.isMissingNode()).as(reference).isFalse();
    return target.has("$ref") ? resolve(target.get("$ref").textValue()) : target;
  }
}
