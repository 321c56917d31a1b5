package dev.trustpipe.tuf.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustpipe.tuf.crypto.SignatureVerifier;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.json.CanonicalJson;
import dev.trustpipe.tuf.testing.NotaryVectors;
import dev.trustpipe.tuf.testing.NotaryVectors.VectorFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Everything the real notary wrote parses, re-serialises byte for byte and verifies. */
class NotaryVectorsTest {

  static Stream<VectorFile> files() {
    return NotaryVectors.allMetadataFiles();
  }

  @Test
  void theVectorsAreAllThere() {
    // 50 files per set: 6 current + 38 history + 6 client cache
    assertThat(files().count()).isEqualTo(100);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void parsesAndReencodesByteForByte(VectorFile file) {
    byte[] bytes = file.bytes();
    SignedMetadata metadata = SignedMetadata.parse(file.role(), bytes);

    JsonNode document = CanonicalJson.parse(bytes);
    assertThat(SignedMetadata.encodeEnvelope(document.get("signed"), metadata.signatures()))
        .isEqualTo(bytes);
    // the signed bytes are exactly what sits between {"signed": and ,"signatures":
    String text = new String(bytes, StandardCharsets.UTF_8);
    String servedSigned =
        text.substring("{\"signed\":".length(), text.lastIndexOf(",\"signatures\":["));
    assertThat(new String(metadata.signedBytes(), StandardCharsets.UTF_8)).isEqualTo(servedSigned);
    // and the typed model writes the same bytes again
    assertThat(CanonicalJson.encode(metadata.metadata().toJson()))
        .isEqualTo(metadata.signedBytes());
    assertThat(metadata.bytes()).isEqualTo(bytes);
    if (file.historyVersion() != null) {
      assertThat(metadata.version()).isEqualTo(file.historyVersion());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void keyIdsRecompute(VectorFile file) {
    JsonNode signed = CanonicalJson.parse(file.bytes()).get("signed");
    JsonNode keys =
        signed.has("keys")
            ? signed.get("keys")
            : signed.has("delegations") ? signed.get("delegations").get("keys") : null;
    if (keys == null) {
      return; // snapshot and timestamp list no keys
    }
    for (Map.Entry<String, JsonNode> entry : keys.properties()) {
      assertThat(TufKey.fromJson(entry.getValue()).keyId()).isEqualTo(entry.getKey());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everySignatureVerifiesWithAKeyListedForTheRole(VectorFile file) {
    SignedMetadata metadata = SignedMetadata.parse(file.role(), file.bytes());
    Map<String, TufKey> keys = keysListedFor(file.set(), file.role());
    assertThat(metadata.signatures()).isNotEmpty();
    for (MetadataSignature signature : metadata.signatures()) {
      TufKey key = keys.get(signature.keyId());
      assertThat(key).as("key %s listed for %s", signature.keyId(), file.role()).isNotNull();
      assertThat(
              SignatureVerifier.verify(
                  key, signature.method(), metadata.signedBytes(), signature.signature()))
          .as("signature by %s", signature.keyId())
          .isTrue();
      byte[] tampered = metadata.signedBytes();
      tampered[tampered.length / 2] ^= 1;
      assertThat(SignatureVerifier.verify(key, signature.method(), tampered, signature.signature()))
          .isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.trustpipe.tuf.testing.NotaryVectors#sets")
  void currentFilesMeetTheirThresholdsWithTheCurrentKeys(String set) {
    Root root = SignedMetadata.parse("root", NotaryVectors.current(set, "root")).root();
    Targets targets =
        SignedMetadata.parse("targets", NotaryVectors.current(set, "targets")).targets();
    for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
      SignedMetadata file = SignedMetadata.parse(role, NotaryVectors.current(set, role));
      assertThat(validSigners(file, root.keysOf(role)))
          .hasSizeGreaterThanOrEqualTo(root.role(role).threshold());
    }
    for (DelegatedRole delegation : targets.delegations().roles()) {
      SignedMetadata file =
          SignedMetadata.parse(delegation.name(), NotaryVectors.current(set, delegation.name()));
      assertThat(validSigners(file, targets.delegations().keysOf(delegation.name())))
          .hasSizeGreaterThanOrEqualTo(delegation.threshold());
      for (String target : file.targets().targets().keySet()) {
        assertThat(delegation.coversPath(target)).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.trustpipe.tuf.testing.NotaryVectors#sets")
  void snapshotAndTimestampReferenceTheExactServedBytes(String set) {
    Snapshot snapshot =
        SignedMetadata.parse("snapshot", NotaryVectors.current(set, "snapshot")).snapshot();
    assertThat(snapshot.meta().keySet())
        .containsExactlyInAnyOrder("root", "targets", "targets/releases", "targets/qa");
    snapshot
        .meta()
        .forEach(
            (role, meta) -> {
              SignedMetadata file = SignedMetadata.parse(role, NotaryVectors.current(set, role));
              assertThat(file.metaFile()).isEqualTo(meta);
              assertThat(meta.matches(file.bytes())).isTrue();
            });
    SignedMetadata snapshotFile =
        SignedMetadata.parse("snapshot", NotaryVectors.current(set, "snapshot"));
    Timestamp timestamp =
        SignedMetadata.parse("timestamp", NotaryVectors.current(set, "timestamp")).timestamp();
    assertThat(timestamp.snapshot()).isEqualTo(snapshotFile.metaFile());
  }

  @ParameterizedTest
  @MethodSource("dev.trustpipe.tuf.testing.NotaryVectors#sets")
  void serverKeyBodiesHaveTheIdsRootLists(String set) {
    Root root = SignedMetadata.parse("root", NotaryVectors.current(set, "root")).root();
    for (String role : List.of("timestamp", "snapshot")) {
      byte[] body = NotaryVectors.read(set + "/server-keys/" + role + ".key.json");
      TufKey key = TufKey.fromJson(CanonicalJson.parse(body));
      assertThat(root.role(role).keyIds()).containsExactly(key.keyId());
      assertThat(key.toNotaryKeyJson()).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.trustpipe.tuf.testing.NotaryVectors#sets")
  void x509KeysMapToTheClientsCanonicalKeyIds(String set) {
    Map<String, Set<String>> canonicalIdsByRole = new HashMap<>();
    for (String line :
        new String(NotaryVectors.read(set + "/client-keys/key-roles.txt"), StandardCharsets.UTF_8)
            .split("\n")) {
      String[] parts = line.trim().split(" ");
      canonicalIdsByRole.computeIfAbsent(parts[1], r -> new HashSet<>()).add(parts[0]);
    }
    Set<String> rootCanonicalIds = new HashSet<>();
    for (VectorFile file : NotaryVectors.metadataFiles(set).toList()) {
      if (file.role().equals("root")) {
        SignedMetadata.parse("root", file.bytes())
            .root()
            .keysOf("root")
            .forEach(k -> rootCanonicalIds.add(k.canonicalKeyId()));
      }
    }
    assertThat(rootCanonicalIds).isEqualTo(canonicalIdsByRole.get("root"));

    Targets targets =
        SignedMetadata.parse("targets", NotaryVectors.current(set, "targets")).targets();
    TufKey qa = targets.delegations().keysOf("targets/qa").get(0);
    assertThat(qa.type().wireName()).isEqualTo("rsa-x509");
    assertThat(Set.of(qa.canonicalKeyId())).isEqualTo(canonicalIdsByRole.get("targets/qa"));
  }

  @ParameterizedTest
  @MethodSource("dev.trustpipe.tuf.testing.NotaryVectors#sets")
  void certificateKeysReencodeToTheSamePemText(String set) {
    List<TufKey> x509Keys = new ArrayList<>();
    Root root = SignedMetadata.parse("root", NotaryVectors.current(set, "root")).root();
    Targets targets =
        SignedMetadata.parse("targets", NotaryVectors.current(set, "targets")).targets();
    root.keys().values().stream().filter(k -> k.type().isX509()).forEach(x509Keys::add);
    targets.delegations().keys().values().stream()
        .filter(k -> k.type().isX509())
        .forEach(x509Keys::add);
    assertThat(x509Keys).hasSize(3);
    for (TufKey key : x509Keys) {
      assertThat(TufKey.x509(key.certificate())).isEqualTo(key);
    }
  }

  private static List<String> validSigners(SignedMetadata file, List<TufKey> keys) {
    List<String> valid = new ArrayList<>();
    for (MetadataSignature signature : file.signatures()) {
      for (TufKey key : keys) {
        if (key.keyId().equals(signature.keyId())
            && SignatureVerifier.verify(
                key, signature.method(), file.signedBytes(), signature.signature())) {
          valid.add(key.keyId());
        }
      }
    }
    return valid;
  }

  private static final Map<String, Map<String, TufKey>> LISTED_KEYS = new ConcurrentHashMap<>();

  /** Keys any version of the parent (root, or the delegating targets role) lists for the role. */
  private static Map<String, TufKey> keysListedFor(String set, String role) {
    return LISTED_KEYS.computeIfAbsent(set + " " + role, k -> collectKeysListedFor(set, role));
  }

  private static Map<String, TufKey> collectKeysListedFor(String set, String role) {
    Map<String, TufKey> keys = new HashMap<>();
    for (VectorFile file : NotaryVectors.metadataFiles(set).toList()) {
      if (file.role().equals("root") && RoleName.isBaseRole(role)) {
        Root root = SignedMetadata.parse("root", file.bytes()).root();
        root.keysOf(role).forEach(k -> keys.put(k.keyId(), k));
        if (role.equals("root")) {
          // a rotated root is also signed by the previous root's keys
          root.keys().forEach(keys::put);
        }
      } else if (file.role().equals("targets") && RoleName.isDelegation(role)) {
        SignedMetadata.parse("targets", file.bytes())
            .targets()
            .delegations()
            .keysOf(role)
            .forEach(k -> keys.put(k.keyId(), k));
      }
    }
    return keys;
  }
}
