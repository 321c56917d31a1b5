package dev.trustpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The invariants the records enforce on construction, whoever builds them. */
class EventRecordsTest {

  private static final String GUN = "registry.example.com/team/app";
  private static final String DIGEST = Examples.APP_DIGEST;
  private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

  private static ImagePushed push(String tag, String digest, DigestResolution resolution) {
    return new ImagePushed(
        GUN,
        "registry.example.com",
        "team/app",
        tag,
        digest,
        resolution,
        null,
        null,
        null,
        "distribution",
        "evt-1",
        AT);
  }

  @Test
  void aPushByDigestHasNoTag() {
    ImagePushed childManifest = push(null, DIGEST, DigestResolution.REPORTED);

    assertThat(childManifest.optionalTag()).isEmpty();
    assertThat(childManifest.optionalDigest()).contains(DIGEST);
  }

  @Test
  void aDigestIsMissingOnlyWhenResolutionIsRequired() {
    assertThat(push("v1", null, DigestResolution.REQUIRED).digest()).isNull();
    assertThatThrownBy(() -> push("v1", null, DigestResolution.REPORTED))
        .hasMessage("digest is required when digestResolution is REPORTED");
    assertThatThrownBy(() -> push("v1", null, DigestResolution.RESOLVED))
        .hasMessage("digest is required when digestResolution is RESOLVED");
    assertThatThrownBy(() -> push("v1", DIGEST, DigestResolution.REQUIRED))
        .hasMessage(
            "digest \""
                + DIGEST
                + "\" is present but digestResolution is REQUIRED; use REPORTED"
                + " or RESOLVED");
    assertThatThrownBy(() -> push(null, null, DigestResolution.REQUIRED))
        .hasMessage("digestResolution is REQUIRED but there is no tag to resolve the digest from");
  }

  @Test
  void pushFieldsAreChecked() {
    assertThatThrownBy(
            () ->
                new ImagePushed(
                    GUN,
                    "registry.example.com",
                    "team/app",
                    "v1",
                    DIGEST,
                    DigestResolution.REPORTED,
                    "not a media type",
                    -1L,
                    " ",
                    "Distribution",
                    "evt-1",
                    AT))
        .hasMessage(
            "mediaType \"not a media type\" is not a media type of the form type/subtype"
                + " (RFC 6838)");
    assertThatThrownBy(
            () ->
                new ImagePushed(
                    GUN,
                    "registry.example.com",
                    "team/app",
                    "v1",
                    DIGEST,
                    DigestResolution.REPORTED,
                    null,
                    -1L,
                    null,
                    "distribution",
                    "evt-1",
                    AT))
        .hasMessage("size is -1; it must not be negative");
    assertThatThrownBy(
            () ->
                new ImagePushed(
                    GUN,
                    "registry.example.com",
                    "team/app",
                    "v1",
                    DIGEST,
                    DigestResolution.REPORTED,
                    null,
                    null,
                    "  ",
                    "distribution",
                    "evt-1",
                    AT))
        .hasMessage("actor is blank");
    assertThatThrownBy(
            () ->
                new ImagePushed(
                    GUN,
                    "registry.example.com",
                    "team/app",
                    "v1",
                    DIGEST,
                    DigestResolution.REPORTED,
                    null,
                    null,
                    null,
                    "Distribution",
                    "evt-1",
                    AT))
        .hasMessageStartingWith("source \"Distribution\" is not a registry kind");
    assertThatThrownBy(
            () ->
                new ImagePushed(
                    GUN,
                    "registry.example.com",
                    "team/App",
                    "v1",
                    DIGEST,
                    DigestResolution.REPORTED,
                    null,
                    null,
                    null,
                    "distribution",
                    "evt-1",
                    AT))
        .hasMessage("repository \"team/App\" has path component \"App\" with uppercase letters");
    assertThatThrownBy(
            () ->
                new ImagePushed(
                    GUN,
                    "registry.example.com",
                    "team/app",
                    "v1",
                    DIGEST,
                    DigestResolution.REPORTED,
                    null,
                    null,
                    null,
                    "distribution",
                    null,
                    AT))
        .hasMessage("registryEventId is required");
    assertThatThrownBy(
            () ->
                new ImagePushed(
                    GUN,
                    "registry.example.com",
                    "team/app",
                    "v1",
                    DIGEST,
                    DigestResolution.REPORTED,
                    null,
                    null,
                    null,
                    "distribution",
                    "evt-1",
                    Instant.parse("+10000-01-01T00:00:00Z")))
        .hasMessage(
            "occurredAt +10000-01-01T00:00:00Z is outside years 0001-9999, which RFC 3339 cannot"
                + " express");
  }

  @Test
  void aDeleteNamesATagADigestOrBoth() {
    assertThat(tagDeleted("v1", null).tag()).isEqualTo("v1");
    assertThat(tagDeleted(null, DIGEST).digest()).isEqualTo(DIGEST);
    assertThatThrownBy(() -> tagDeleted(null, null))
        .hasMessage("a delete needs a tag, a digest or both; both are null");
  }

  private static TagDeleted tagDeleted(String tag, String digest) {
    return new TagDeleted(
        GUN, "registry.example.com", "team/app", tag, digest, null, "harbor", "h-1", AT);
  }

  private static TrustChanged trustChanged(
      List<TrustChanged.Target> added,
      List<String> removed,
      List<String> keyIds,
      ChangeCause cause,
      List<String> causeIds) {
    return new TrustChanged(
        GUN, "targets/releases", 2, "a".repeat(64), AT, added, removed, keyIds, cause, causeIds);
  }

  @Test
  void trustChangesAreConsistent() {
    TrustChanged.Target v1 = new TrustChanged.Target("v1", DIGEST, 401);
    List<String> keys = List.of(Examples.RELEASES_KEY_ID);

    assertThat(
            trustChanged(
                    List.of(v1, v1), List.of("v0", "v0"), keys, ChangeCause.PUSH, List.of("e", "e"))
                .targetsAdded())
        .containsExactly(v1);
    assertThatThrownBy(
            () ->
                trustChanged(
                    List.of(v1, new TrustChanged.Target("v1", DIGEST, 5)),
                    List.of(),
                    keys,
                    ChangeCause.PUSH,
                    List.of("e")))
        .hasMessage("targetsAdded lists target \"v1\" twice, with different content");
    assertThatThrownBy(
            () -> trustChanged(List.of(v1), List.of("v1"), keys, ChangeCause.PUSH, List.of("e")))
        .hasMessage("target \"v1\" is both in targetsAdded and targetsRemoved");
    assertThatThrownBy(
            () -> trustChanged(List.of(), List.of(), List.of(), ChangeCause.RENEWAL, List.of()))
        .hasMessage("signerKeyIds is empty; a stored version is signed");
    assertThatThrownBy(
            () ->
                trustChanged(List.of(), List.of(), List.of("ABC"), ChangeCause.RENEWAL, List.of()))
        .hasMessage("signerKeyIds key id \"ABC\" is not 64 lowercase hex characters (a SHA-256)");
    assertThatThrownBy(
            () -> trustChanged(List.of(v1), List.of(), keys, ChangeCause.PUSH, List.of()))
        .hasMessage("causeEventIds is empty; a PUSH change names the events it applied");
    assertThat(trustChanged(List.of(), List.of(), keys, ChangeCause.RENEWAL, List.of()).cause())
        .isEqualTo(ChangeCause.RENEWAL);
    assertThatThrownBy(
            () ->
                new TrustChanged(
                    GUN,
                    "targets/",
                    1,
                    "a".repeat(64),
                    AT,
                    List.of(),
                    List.of(),
                    keys,
                    ChangeCause.CREATION,
                    List.of()))
        .hasMessageStartingWith("role \"targets/\" is not a TUF role");
    assertThatThrownBy(
            () ->
                new TrustChanged(
                    GUN,
                    "targets",
                    0,
                    "a".repeat(64),
                    AT,
                    List.of(),
                    List.of(),
                    keys,
                    ChangeCause.CREATION,
                    List.of()))
        .hasMessage("version is 0; versions start at 1");
  }

  @Test
  void anOciSignatureHasTheSigstoreRoleNoExpiryAndNamesItsPush() {
    TrustChanged.Target v1 = new TrustChanged.Target("v1", DIGEST, 401);
    List<String> keys = List.of(Examples.RELEASES_KEY_ID);

    TrustChanged signature =
        new TrustChanged(
            GUN,
            TrustChanged.SIGSTORE_ROLE,
            1,
            "b".repeat(64),
            null,
            List.of(v1),
            List.of(),
            keys,
            ChangeCause.OCI_SIGNATURE,
            List.of("push-1"));
    assertThat(signature.expires()).isNull();

    assertThatThrownBy(
            () ->
                new TrustChanged(
                    GUN,
                    "targets/releases",
                    1,
                    "b".repeat(64),
                    null,
                    List.of(v1),
                    List.of(),
                    keys,
                    ChangeCause.OCI_SIGNATURE,
                    List.of("push-1")))
        .hasMessage("role is \"targets/releases\"; an OCI_SIGNATURE change has role sigstore");
    assertThatThrownBy(
            () ->
                new TrustChanged(
                    GUN,
                    TrustChanged.SIGSTORE_ROLE,
                    1,
                    "b".repeat(64),
                    AT,
                    List.of(v1),
                    List.of(),
                    keys,
                    ChangeCause.OCI_SIGNATURE,
                    List.of("push-1")))
        .hasMessage("expires is set; OCI signatures do not expire");
    assertThatThrownBy(
            () ->
                new TrustChanged(
                    GUN,
                    TrustChanged.SIGSTORE_ROLE,
                    1,
                    "b".repeat(64),
                    null,
                    List.of(v1),
                    List.of(),
                    keys,
                    ChangeCause.OCI_SIGNATURE,
                    List.of()))
        .hasMessage("causeEventIds is empty; a OCI_SIGNATURE change names the events it applied");
    // the pseudo-role belongs to OCI signatures only, and TUF changes keep their expiry
    assertThatThrownBy(
            () ->
                new TrustChanged(
                    GUN,
                    TrustChanged.SIGSTORE_ROLE,
                    1,
                    "b".repeat(64),
                    AT,
                    List.of(v1),
                    List.of(),
                    keys,
                    ChangeCause.PUSH,
                    List.of("push-1")))
        .hasMessageStartingWith("role \"sigstore\" is not a TUF role");
    assertThatThrownBy(() -> trustChangedExpiring(null, keys)).hasMessageContaining("expires");
  }

  private static TrustChanged trustChangedExpiring(Instant expires, List<String> keys) {
    return new TrustChanged(
        GUN,
        "timestamp",
        3,
        "c".repeat(64),
        expires,
        List.of(),
        List.of(),
        keys,
        ChangeCause.RENEWAL,
        List.of());
  }

  @Test
  void repeatsInTrustChangeListsAreDropped() {
    TrustChanged change =
        trustChanged(
            List.of(),
            List.of("v0", "v0"),
            List.of(Examples.RELEASES_KEY_ID, Examples.RELEASES_KEY_ID),
            ChangeCause.DELETE,
            List.of("e1", "e2", "e1"));

    assertThat(change.targetsRemoved()).containsExactly("v0");
    assertThat(change.signerKeyIds()).containsExactly(Examples.RELEASES_KEY_ID);
    assertThat(change.causeEventIds()).containsExactly("e1", "e2");
  }

  @Test
  void trustChangeListsAreImmutableCopies() {
    List<String> keyIds = new ArrayList<>(List.of(Examples.RELEASES_KEY_ID));
    TrustChanged change =
        trustChanged(List.of(), List.of(), keyIds, ChangeCause.RENEWAL, List.of());

    keyIds.add("b".repeat(64));

    assertThat(change.signerKeyIds()).containsExactly(Examples.RELEASES_KEY_ID);
    assertThatThrownBy(() -> change.signerKeyIds().add("c".repeat(64)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aRotationChangesTheKey() {
    assertThatThrownBy(
            () ->
                new KeyRotated(
                    GUN, "timestamp", Examples.RELEASES_KEY_ID, Examples.RELEASES_KEY_ID, "ops"))
        .hasMessage("newKeyId equals oldKeyId; a rotation changes the key");
  }

  @Test
  void aRejectionTruncatesItsPayloadTo64KiBOfUtf8WithoutSplittingACharacter() {
    // 3-byte characters: 65536 is not a multiple of 3, so a naive cut would split one
    String payload = "\u20ac".repeat(30_000);

    EventRejected rejected =
        new EventRejected("id", "x", "too big", payload, false, RejectionStage.INGEST);

    assertThat(rejected.rawPayloadTruncated()).isTrue();
    assertThat(rejected.rawPayload()).isEqualTo("\u20ac".repeat(65_536 / 3));
    assertThat(rejected.rawPayload().getBytes(StandardCharsets.UTF_8).length).isEqualTo(65_535);
  }

  @Test
  void aRejectionKeepsAPayloadOfExactly64KiB() {
    String payload = "a".repeat(EventRejected.MAX_RAW_PAYLOAD_BYTES);

    EventRejected rejected =
        new EventRejected(null, null, "why", payload, false, RejectionStage.POLICY);

    assertThat(rejected.rawPayloadTruncated()).isFalse();
    assertThat(rejected.rawPayload()).isEqualTo(payload);
  }

  @Test
  void aRejectionOfRawBytesAcceptsInvalidUtf8AndBadValues() {
    byte[] garbage = {(byte) 0xff, 'x', (byte) 0xc3};

    EventRejected rejected =
        EventRejected.of(
            "\ud800id", "bad/../gun\u0000", "not JSON", garbage, RejectionStage.DECODE);

    assertThat(rejected.rawPayload()).isEqualTo("\ufffdx\ufffd");
    assertThat(rejected.gun()).isEqualTo("bad/../gun\u0000");
    assertThat(rejected.originalEventId()).isEqualTo("\ufffdid");
    assertThatThrownBy(() -> new EventRejected(null, null, " ", "", false, RejectionStage.DECODE))
        .hasMessage("reason is blank; a rejection says why");
  }

  @Test
  void cloudEventAttributesAgreeWithTheData() {
    ImagePushed data = push("v1", DIGEST, DigestResolution.REPORTED);

    assertThatThrownBy(
            () ->
                new CloudEvent<>(
                    "1.0",
                    "id",
                    "/src",
                    "dev.trustpipe.tag.deleted.v1",
                    GUN,
                    AT,
                    "application/json",
                    data))
        .hasMessage(
            "type is \"dev.trustpipe.tag.deleted.v1\" but data is ImagePushed"
                + " (dev.trustpipe.image.pushed.v1)");
    assertThatThrownBy(
            () ->
                new CloudEvent<>(
                    "1.0",
                    "id",
                    "/src",
                    "dev.trustpipe.image.pushed.v1",
                    "docker.io/x/y",
                    AT,
                    "application/json",
                    data))
        .hasMessage("subject \"docker.io/x/y\" differs from the data's GUN \"" + GUN + "\"");
    assertThatThrownBy(() -> CloudEvent.of("id", "not a uri", AT, data))
        .hasMessageStartingWith("source \"not a uri\" is not a URI reference");
    assertThatThrownBy(() -> CloudEvent.of("", "/src", AT, data)).hasMessage("id is empty");
    assertThat(CloudEvent.of("id", "/src", AT, data).subject()).isEqualTo(GUN);
  }
}
