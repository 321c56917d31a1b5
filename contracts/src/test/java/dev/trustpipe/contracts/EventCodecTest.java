package dev.trustpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

  private static final EventCodec CODEC = new EventCodec();
  private static final String PUSH = "image-pushed-distribution.json";

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of(PUSH, Examples.distributionPush()),
        Arguments.of("image-pushed-dockerhub.json", Examples.dockerHubPush()),
        Arguments.of("tag-deleted-by-digest.json", Examples.deleteByDigest()),
        Arguments.of("trust-changed.json", Examples.releasesSigned()),
        Arguments.of("trust-changed-oci-signature.json", Examples.releasesOciSigned()),
        Arguments.of("key-rotated.json", Examples.releasesKeyRotated()),
        Arguments.of("event-rejected.json", Examples.badGunRejected()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void decodesTheHandWrittenDocument(String file, CloudEvent<?> expected) {
    DecodedEvent decoded = CODEC.decode(Examples.bytes(file));

    assertThat(decoded.event()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void encodesToTheHandWrittenDocument(String file, CloudEvent<?> event) throws IOException {
    JsonNode encoded = SchemaSupport.JSON.readTree(CODEC.encode(event));

    ObjectNode expected = Examples.tree(file);
    expected.remove("traceparent"); // extension attributes are not kept
    assertThat(encoded).isEqualTo(expected);
  }

  @Test
  void decodedEventIsTypedByItsRecord() {
    DecodedEvent decoded = CODEC.decode(Examples.bytes(PUSH));

    assertThat(decoded).isInstanceOf(DecodedEvent.ImagePushedEvent.class);
    ImagePushed push = ((DecodedEvent.ImagePushedEvent) decoded).event().data();
    assertThat(push.digest()).isEqualTo(Examples.APP_DIGEST);
    assertThat(decoded.id()).isEqualTo("5b9c6f2e-0d61-5c3e-9a4f-2f4a0a3e8b11");
    assertThat(decoded.eventType()).isEqualTo(EventType.IMAGE_PUSHED);
  }

  @Test
  void writesUtcIsoTimesAndOmitsNulls() {
    String json = new String(CODEC.encode(Examples.dockerHubPush()), StandardCharsets.UTF_8);

    assertThat(json)
        .contains("\"time\":\"2026-11-20T10:16:00Z\"")
        .doesNotContain("null")
        .doesNotContain("\"digest\"")
        .doesNotContain("\"size\"");
  }

  @Test
  void acceptsTimesWithAnOffsetAndNormalisesThemToUtc() {
    byte[] withOffset =
        edit(PUSH, document -> document.put("time", "2026-11-20T12:15:31.004+02:00"));

    assertThat(CODEC.decode(withOffset).event()).isEqualTo(Examples.distributionPush());
  }

  @Test
  void decodesToTheExpectedRecordClass() {
    CloudEvent<ImagePushed> push = CODEC.decode(Examples.bytes(PUSH), ImagePushed.class);
    assertThat(push).isEqualTo(Examples.distributionPush());

    assertThatThrownBy(() -> CODEC.decode(Examples.bytes(PUSH), TagDeleted.class))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a TagDeleted event but got dev.trustpipe.image.pushed.v1");
  }

  // --- rejected documents: the reason is what lands on the dead-letter topic ---

  @Test
  void rejectsAMissingField() {
    assertRejected(
        edit(PUSH, document -> data(document).remove("registryEventId")),
        "$.data: required property 'registryEventId' not found");
  }

  @Test
  void rejectsAMissingEnvelopeAttribute() {
    assertRejected(
        edit(PUSH, document -> document.remove("source")),
        "$: required property 'source' not found");
  }

  @Test
  void rejectsADigestWithTheWrongLength() {
    assertRejected(
        edit(PUSH, document -> data(document).put("digest", "sha256:" + "a".repeat(60))),
        "$.data.digest: digest \"sha256:"
            + "a".repeat(60)
            + "\" has 60 hex characters;"
            + " sha256 needs 64");
  }

  @Test
  void rejectsAnUppercaseDigest() {
    assertRejected(
        edit(PUSH, document -> data(document).put("digest", "sha256:" + "A".repeat(64))),
        "$.data.digest: digest \"sha256:"
            + "A".repeat(64)
            + "\" is not lowercase hex after"
            + " 'sha256:'");
  }

  @Test
  void rejectsAnUnknownDigestAlgorithm() {
    assertRejected(
        edit(PUSH, document -> data(document).put("digest", "md5:" + "a".repeat(32))),
        "$.data.digest: digest \"md5:"
            + "a".repeat(32)
            + "\" uses algorithm \"md5\"; only sha256"
            + " and sha512 are accepted");
  }

  @Test
  void rejectsAGunWithADotDotSegment() {
    String gun = "localhost:5000/demo/../app";
    assertRejected(
        edit(PUSH, document -> setGun(document, gun)),
        "$.data.gun: GUN \"localhost:5000/demo/../app\" contains a '..' path segment;"
            + " $.subject: GUN \"localhost:5000/demo/../app\" contains a '..' path segment");
  }

  @Test
  void rejectsAGunWithAControlCharacter() {
    String gun = "localhost:5000/de\u0000mo/app";
    assertRejected(
        edit(PUSH, document -> setGun(document, gun)),
        "$.data.gun: GUN \"localhost:5000/de\\u0000mo/app\" contains control character U+0000"
            + " at index 17; $.subject: GUN \"localhost:5000/de\\u0000mo/app\" contains control"
            + " character U+0000 at index 17");
  }

  @Test
  void rejectsAGunOf256Bytes() {
    String gun = "registry.example.com/" + "a".repeat(256 - "registry.example.com/".length());
    assertThat(gun.getBytes(StandardCharsets.UTF_8)).hasSize(256);

    assertRejected(
        edit(PUSH, document -> setGun(document, gun)),
        "$.data.gun: GUN is 256 bytes in UTF-8; at most 255 are allowed;"
            + " $.subject: GUN is 256 bytes in UTF-8; at most 255 are allowed");
  }

  @Test
  void acceptsAGunOf255Bytes() {
    String gun = "registry.example.com/" + "a".repeat(255 - "registry.example.com/".length());

    DecodedEvent decoded = CODEC.decode(edit(PUSH, document -> setGun(document, gun)));

    assertThat(decoded.event().subject()).isEqualTo(gun);
  }

  @Test
  void rejectsAGunWithoutARegistryHost() {
    assertRejected(
        edit(PUSH, document -> setGun(document, "library/busybox")),
        "$.data.gun: GUN \"library/busybox\" does not start with a registry host: \"library\""
            + " has no '.' or ':port' and is not localhost (write e.g."
            + " docker.io/library/busybox); $.subject: GUN \"library/busybox\" does not start with"
            + " a registry host: \"library\" has no '.' or ':port' and is not localhost (write e.g."
            + " docker.io/library/busybox)");
  }

  @Test
  void rejectsAnUnknownType() {
    assertRejected(
        edit(PUSH, document -> document.put("type", "dev.trustpipe.image.pulled.v1")),
        "unknown event type \"dev.trustpipe.image.pulled.v1\"; known types:"
            + " dev.trustpipe.image.pushed.v1, dev.trustpipe.tag.deleted.v1,"
            + " dev.trustpipe.trust.changed.v1, dev.trustpipe.key.rotated.v1,"
            + " dev.trustpipe.event.rejected.v1");
  }

  @Test
  void rejectsAMissingOrNonTextType() {
    assertRejected(
        edit(PUSH, document -> document.remove("type")),
        "$.type is missing; cannot tell which event this is");
    assertRejected(
        edit(PUSH, document -> document.put("type", 7)), "$.type is number, not a string");
  }

  @Test
  void rejectsWhatIsNotJson() {
    assertRejected(
        "not json".getBytes(StandardCharsets.UTF_8),
        "not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array,"
            + " Object or token 'null', 'true' or 'false') (line 1, column 1)");
  }

  @Test
  void rejectsTrailingContentAfterTheDocument() {
    byte[] bytes =
        (new String(Examples.bytes(PUSH), StandardCharsets.UTF_8) + "{}")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> CODEC.decode(bytes))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("not valid JSON: Trailing token (of type START_OBJECT)");
  }

  @Test
  void rejectsDuplicateKeys() {
    String json =
        new String(Examples.bytes(PUSH), StandardCharsets.UTF_8)
            .replace("\"size\": 401", "\"size\": 401, \"size\": 1");

    assertThatThrownBy(() -> CODEC.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("not valid JSON: Duplicate field 'size'");
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] bytes = Examples.bytes(PUSH);
    int at = new String(bytes, StandardCharsets.UTF_8).indexOf("demo/app");
    byte[] broken = Arrays.copyOf(bytes, bytes.length);
    broken[at] = (byte) 0xC3; // a lead byte followed by ASCII
    assertThatThrownBy(() -> CODEC.decode(broken))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("not valid JSON: Invalid UTF-8 middle byte");
  }

  @Test
  void rejectsEmptyNullNonObjectAndOversizedPayloads() {
    assertRejected(new byte[0], "empty payload");
    assertRejected(null, "no payload (null value, e.g. a Kafka tombstone)");
    assertRejected(
        "  ".getBytes(StandardCharsets.UTF_8), "not valid JSON: no value, only whitespace");
    assertRejected(
        "[1,2]".getBytes(StandardCharsets.UTF_8),
        "not a CloudEvent: the JSON document is array, expected an object");
    assertRejected(
        new byte[EventCodec.MAX_EVENT_BYTES + 1],
        "payload is 1048577 bytes; events are at most 1048576");
  }

  @Test
  void rejectsASubjectThatIsNotTheDataGun() {
    assertRejected(
        edit(PUSH, document -> document.put("subject", "localhost:5000/demo/other")),
        "$: subject \"localhost:5000/demo/other\" differs from the data's GUN"
            + " \"localhost:5000/demo/app\"");
  }

  @Test
  void rejectsADigestWhenResolutionIsRequired() {
    assertRejected(
        edit(PUSH, document -> data(document).put("digestResolution", "REQUIRED")),
        "$.data.digest: must be absent when digestResolution is REQUIRED (use RESOLVED for a"
            + " digest looked up after the event)");
  }

  @Test
  void rejectsAReportedPushWithoutDigest() {
    assertRejected(
        edit(PUSH, document -> data(document).remove("digest")),
        "$.data: digest is required unless digestResolution is REQUIRED");
  }

  @Test
  void rejectsADeleteWithNeitherTagNorDigest() {
    assertRejected(
        edit("tag-deleted-by-digest.json", document -> data(document).remove("digest")),
        "$.data: a delete needs a tag, a digest or both; neither is present");
  }

  @Test
  void rejectsAnInvalidTag() {
    assertRejected(
        edit(PUSH, document -> data(document).put("tag", "v1:latest")),
        "$.data.tag: tag \"v1:latest\" has character U+003A at index 2; only letters, digits,"
            + " '_', '.' and '-' are allowed");
  }

  @Test
  void rejectsATrailingLineBreakThatJavaRegexAnchorsWouldLetThrough() {
    assertRejected(
        edit(PUSH, document -> data(document).put("tag", "v1\n")),
        "$.data.tag: tag \"v1\\u000a\" has character U+000A at index 2; only letters, digits,"
            + " '_', '.' and '-' are allowed");
  }

  @Test
  void rejectsAValueTooDeepForTheRegexEngineInsteadOfOverflowingTheStack() {
    // was a StackOverflowError (from 3.5 KB on): the JDK engine recurses once per path component
    String repository = "a" + "/a".repeat(50_000);

    assertRejected(
        edit(PUSH, document -> data(document).put("repository", repository)),
        "$.data.repository: repository is 100001 characters long; at most 255");
  }

  @Test
  void rejectsExplicitNulls() {
    assertRejected(
        edit(PUSH, document -> data(document).putNull("tag")),
        "$.data.tag: null found, string expected");
  }

  @Test
  void rejectsUnknownDataFieldsButAcceptsExtensionAttributes() {
    assertRejected(
        edit(PUSH, document -> data(document).put("digset", "x")),
        "$.data: property 'digset' is not defined in the schema and the schema does not allow"
            + " additional properties");

    byte[] withExtension = edit(PUSH, document -> document.put("partitionkey", "x"));
    assertThat(CODEC.decode(withExtension).event()).isEqualTo(Examples.distributionPush());
  }

  @Test
  void rejectsATimeWithoutOffset() {
    assertRejected(
        edit(PUSH, document -> document.put("time", "2026-11-20T10:15:31")),
        "$.time: \"2026-11-20T10:15:31\" is not an RFC 3339 date-time with offset, e.g."
            + " 2025-01-31T12:00:00Z");
  }

  @Test
  void rejectsAnotherSpecVersion() {
    assertRejected(
        edit(PUSH, document -> document.put("specversion", "0.3")),
        "$.specversion: must be the constant value '1.0'");
  }

  @Test
  void rejectsInvariantsTheSchemaCannotExpress() {
    assertRejected(
        edit(
            "key-rotated.json",
            document -> data(document).put("newKeyId", Examples.RELEASES_KEY_ID)),
        "$.data: newKeyId equals oldKeyId; a rotation changes the key");
    assertRejected(
        edit(PUSH, document -> setGun(document, "localhost:99999/demo/app")),
        // the schema's pattern cannot count to 65535: the record's invariant finds it
        "$.data: GUN host \"localhost:99999\" has port \"99999\"; a port is 1-65535");
  }

  @Test
  void reportsTheIdAndSubjectOfARejectedDocument() {
    byte[] bytes = edit(PUSH, document -> data(document).put("digest", "sha256:abc"));

    InvalidEventException failure = rejection(bytes);

    assertThat(failure.eventId()).contains("5b9c6f2e-0d61-5c3e-9a4f-2f4a0a3e8b11");
    assertThat(failure.subject()).contains("localhost:5000/demo/app");
    EventRejected rejected = EventRejected.decodeFailure(failure, bytes);
    assertThat(rejected.originalEventId()).isEqualTo("5b9c6f2e-0d61-5c3e-9a4f-2f4a0a3e8b11");
    assertThat(rejected.gun()).isEqualTo("localhost:5000/demo/app");
    assertThat(rejected.reason()).isEqualTo(failure.reason());
    assertThat(rejected.rawPayload()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    assertThat(rejected.stage()).isEqualTo(RejectionStage.DECODE);
    // and the rejection itself is a valid event
    CloudEvent<EventRejected> event =
        CloudEvent.of("r-1", "/trustpipe/signing-service", java.time.Instant.EPOCH, rejected);
    assertThat(CODEC.decode(CODEC.encode(event)).event()).isEqualTo(event);
  }

  @Test
  void listsAtMostFiveProblems() {
    byte[] bytes =
        edit(
            PUSH,
            document -> {
              ObjectNode data = data(document);
              data.remove("gun");
              data.remove("registryHost");
              data.remove("repository");
              data.remove("source");
              data.remove("registryEventId");
              data.remove("occurredAt");
              data.remove("digestResolution");
            });

    assertThat(rejection(bytes).reason())
        .startsWith("$.data: required property 'digestResolution' not found; ")
        .endsWith("; and 2 more");
  }

  private static InvalidEventException rejection(byte[] bytes) {
    try {
      CODEC.decode(bytes);
    } catch (InvalidEventException e) {
      return e;
    }
    throw new AssertionError("the document was accepted");
  }

  private static void assertRejected(byte[] bytes, String reason) {
    InvalidEventException failure = rejection(bytes);
    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure).hasMessage(reason);
  }

  private static ObjectNode data(ObjectNode document) {
    return (ObjectNode) document.get("data");
  }

  private static void setGun(ObjectNode document, String gun) {
    document.put("subject", gun);
    data(document).put("gun", gun);
  }

  private static byte[] edit(String file, Consumer<ObjectNode> change) {
    ObjectNode document = Examples.tree(file);
    change.accept(document);
    try {
      return SchemaSupport.JSON.writeValueAsBytes(document);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
