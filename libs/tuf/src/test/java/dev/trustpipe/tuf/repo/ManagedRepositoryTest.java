package dev.trustpipe.tuf.repo;

import static dev.trustpipe.tuf.testing.TestRepositories.GUN;
import static dev.trustpipe.tuf.testing.TestRepositories.NOW;
import static dev.trustpipe.tuf.testing.TestRepositories.policyAt;
import static dev.trustpipe.tuf.testing.TestRepositories.put;
import static dev.trustpipe.tuf.testing.TestRepositories.signers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustpipe.tuf.crypto.KeyType;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.json.CanonicalJson;
import dev.trustpipe.tuf.model.DelegatedRole;
import dev.trustpipe.tuf.model.Delegations;
import dev.trustpipe.tuf.model.MetadataSigner;
import dev.trustpipe.tuf.model.Root;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.model.Snapshot;
import dev.trustpipe.tuf.model.TargetFile;
import dev.trustpipe.tuf.model.Targets;
import dev.trustpipe.tuf.testing.TestRepositories;
import dev.trustpipe.tuf.verify.ExpiredMetadataException;
import dev.trustpipe.tuf.verify.RepositoryVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedRepositoryTest {
  private final ManagedRepository repository = new ManagedRepository();
  private final ExpiryPolicy policy = policyAt(NOW);

  /** The small consistency check: every file is in Notary's byte format and the repo verifies. */
  private static void assertConsistent(CurrentMetadata current, Instant at) {
    for (SignedMetadata file : current.byRole().values()) {
      JsonNode document = CanonicalJson.parse(file.bytes());
      assertThat(SignedMetadata.encodeEnvelope(document.get("signed"), file.signatures()))
          .as("%s is in Notary's canonical envelope", file.role())
          .isEqualTo(file.bytes());
    }
    new RepositoryVerifier(TestRepositories.clockAt(at)).verify(current);
  }

  @Test
  void createMakesRootTargetsReleasesSnapshotAndTimestampAtVersionOne() throws Exception {
    RepositoryUpdate update = repository.create(GUN, signers(), policy);

    assertThat(update.roles())
        .containsExactly("root", "targets", "targets/releases", "snapshot", "timestamp");
    assertThat(update.files()).allSatisfy(f -> assertThat(f.version()).isEqualTo(1));

    Root root = update.require("root").root();
    assertThat(root.consistentSnapshot()).isFalse();
    assertThat(root.expires()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
    TufKey rootKey = root.keysOf("root").get(0);
    assertThat(rootKey.type()).isEqualTo(KeyType.ECDSA_X509);
    assertThat(rootKey.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=" + GUN);
    assertThat(rootKey.holdsSamePublicKey(signers().root().key())).isTrue();
    assertThat(root.role("targets").keyIds()).containsExactly(signers().targets().key().keyId());
    assertThat(root.role("snapshot").keyIds()).containsExactly(signers().snapshot().key().keyId());
    assertThat(root.role("timestamp").keyIds())
        .containsExactly(signers().timestamp().key().keyId());
    assertThat(root.roles().values()).allSatisfy(r -> assertThat(r.threshold()).isEqualTo(1));
    assertThat(update.require("root").signatures().get(0).keyId()).isEqualTo(rootKey.keyId());

    Targets targets = update.require("targets").targets();
    assertThat(targets.targets()).isEmpty();
    assertThat(targets.expires()).isEqualTo(NOW.plus(Duration.ofDays(1095)));
    assertThat(targets.delegations().roles())
        .containsExactly(
            DelegatedRole.allPaths("targets/releases", signers().releases().key().keyId()));
    assertThat(targets.delegations().keys()).containsOnlyKeys(signers().releases().key().keyId());

    Targets releases = update.require("targets/releases").targets();
    assertThat(releases.targets()).isEmpty();
    assertThat(releases.delegations()).isEqualTo(Delegations.none());
    assertThat(update.require("snapshot").snapshot().meta())
        .containsOnlyKeys("root", "targets", "targets/releases");
    assertThat(update.require("snapshot").expires()).isEqualTo(NOW.plus(Duration.ofDays(1095)));
    assertThat(update.require("timestamp").timestamp().snapshot())
        .isEqualTo(update.require("snapshot").metaFile());
    assertThat(update.require("timestamp").expires()).isEqualTo(NOW.plus(Duration.ofDays(14)));

    String timestampText = new String(update.require("timestamp").bytes(), StandardCharsets.UTF_8);
    assertThat(timestampText)
        .startsWith(
            "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T18:03:51.746124993Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":");
    String targetsText =
        new String(update.require("targets/releases").bytes(), StandardCharsets.UTF_8);
    assertThat(targetsText)
        .startsWith(
            "{\"signed\":{\"_type\":\"Targets\",\"delegations\":{\"keys\":{},\"roles\":[]},\"expires\":\"2029-11-21T18:03:51.746124993Z\",\"targets\":{},\"version\":1},\"signatures\":[{\"keyid\":\"");
    assertConsistent(CurrentMetadata.of(update), NOW);
  }

  @Test
  void applyTargetChangesSignsOneNewVersionThenSnapshotAndTimestamp() {
    CurrentMetadata v1 = TestRepositories.created();
    RepositoryUpdate update =
        repository.applyTargetChanges(
            v1,
            "targets/releases",
            List.of(put("latest", "m1"), put("v1", "m2")),
            signers(),
            policy);

    assertThat(update.roles()).containsExactly("targets/releases", "snapshot", "timestamp");
    assertThat(update.files()).allSatisfy(f -> assertThat(f.version()).isEqualTo(2));
    SignedMetadata releases = update.require("targets/releases");
    assertThat(releases.targets().targets()).containsOnlyKeys("latest", "v1");
    TargetFile latest = releases.targets().targets().get("latest");
    assertThat(latest.length()).isEqualTo(2);
    assertThat(latest.hashes()).isEqualTo(put("latest", "m1").toTargetFile().hashes());
    Snapshot snapshot = update.require("snapshot").snapshot();
    assertThat(snapshot.meta().get("targets/releases")).isEqualTo(releases.metaFile());
    assertThat(snapshot.meta().get("root")).isEqualTo(v1.require("root").metaFile());
    assertThat(snapshot.meta().get("targets")).isEqualTo(v1.require("targets").metaFile());
    assertThat(update.require("timestamp").timestamp().snapshot())
        .isEqualTo(update.require("snapshot").metaFile());

    CurrentMetadata v2 = v1.with(update);
    assertConsistent(v2, NOW);

    // removing what is absent and putting what is there change no entry, but still re-sign
    RepositoryUpdate again =
        repository.applyTargetChanges(
            v2,
            "targets/releases",
            List.of(new TargetChange.Remove("absent"), put("latest", "m1")),
            signers(),
            policyAt(NOW.plusSeconds(60)));
    assertThat(again.files()).allSatisfy(f -> assertThat(f.version()).isEqualTo(3));
    assertThat(again.require("targets/releases").targets().targets())
        .isEqualTo(releases.targets().targets());
    assertThat(again.require("targets/releases").expires())
        .isEqualTo(NOW.plusSeconds(60).plus(Duration.ofDays(1095)));
    CurrentMetadata v3 = v2.with(again);
    assertConsistent(v3, NOW.plusSeconds(60));

    RepositoryUpdate removal =
        repository.applyTargetChanges(
            v3,
            "targets/releases",
            List.of(new TargetChange.Remove("latest"), put("v1", "changed")),
            signers(),
            policy);
    Map<String, TargetFile> entries = removal.require("targets/releases").targets().targets();
    assertThat(entries).containsOnlyKeys("v1");
    assertThat(entries.get("v1").hashes()).isEqualTo(put("v1", "changed").toTargetFile().hashes());
    assertConsistent(v3.with(removal), NOW);
  }

  @Test
  void targetsWithoutSha512AreWrittenWithSha256Only() {
    byte[] sha256 = new byte[32];
    sha256[0] = 1;
    RepositoryUpdate update =
        repository.applyTargetChanges(
            TestRepositories.created(),
            "targets/releases",
            List.of(new TargetChange.Put("tag", 10, sha256, null)),
            signers(),
            policy);
    String text = new String(update.require("targets/releases").bytes(), StandardCharsets.UTF_8);
    assertThat(text)
        .contains(
            "\"targets\":{\"tag\":{\"hashes\":{\"sha256\":\"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":10}}");
  }

  @Test
  void changesToTheTopLevelTargetsKeepItsDelegations() {
    CurrentMetadata v1 = TestRepositories.created();
    RepositoryUpdate update =
        repository.applyTargetChanges(v1, "targets", List.of(put("base", "m")), signers(), policy);
    Targets targets = update.require("targets").targets();
    assertThat(targets.version()).isEqualTo(2);
    assertThat(targets.targets()).containsOnlyKeys("base");
    assertThat(targets.delegations()).isEqualTo(v1.require("targets").targets().delegations());
    assertConsistent(v1.with(update), NOW);
  }

  @Test
  void renewTimestampMakesOnlyANewTimestampForTheSameSnapshot() {
    CurrentMetadata v1 = TestRepositories.created();
    Instant later = NOW.plus(Duration.ofDays(20));
    assertThatThrownBy(() -> new RepositoryVerifier(TestRepositories.clockAt(later)).verify(v1))
        .isInstanceOf(ExpiredMetadataException.class)
        .satisfies(e -> assertThat(((ExpiredMetadataException) e).role()).isEqualTo("timestamp"));

    RepositoryUpdate update =
        repository.renewTimestamp(
            v1, RepositorySigners.timestampOnly(signers().timestamp()), policyAt(later));
    assertThat(update.roles()).containsExactly("timestamp");
    SignedMetadata timestamp = update.require("timestamp");
    assertThat(timestamp.version()).isEqualTo(2);
    assertThat(timestamp.expires()).isEqualTo(later.plus(Duration.ofDays(14)));
    assertThat(timestamp.timestamp().snapshot()).isEqualTo(v1.require("snapshot").metaFile());
    assertConsistent(v1.with(update), later);
  }

  @Test
  void renewSnapshotMakesSnapshotAndTimestamp() {
    CurrentMetadata v1 = TestRepositories.created();
    RepositoryUpdate update =
        repository.renewSnapshot(
            v1,
            RepositorySigners.snapshotAndTimestamp(signers().snapshot(), signers().timestamp()),
            policyAt(NOW.plusSeconds(5)));
    assertThat(update.roles()).containsExactly("snapshot", "timestamp");
    assertThat(update.require("snapshot").version()).isEqualTo(2);
    assertThat(update.require("snapshot").snapshot().meta())
        .isEqualTo(v1.require("snapshot").snapshot().meta());
    assertConsistent(v1.with(update), NOW.plusSeconds(5));
  }

  @Test
  void versionsOnlyEverGoUpByOne() {
    CurrentMetadata current = TestRepositories.created();
    for (int i = 0; i < 3; i++) {
      RepositoryUpdate update =
          i % 2 == 0
              ? repository.applyTargetChanges(
                  current, "targets/releases", List.of(put("t" + i, "m" + i)), signers(), policy)
              : repository.renewTimestamp(current, signers(), policy);
      for (SignedMetadata file : update.files()) {
        assertThat(file.version()).isEqualTo(current.require(file.role()).version() + 1);
      }
      current = current.with(update);
    }
    assertThat(current.require("timestamp").version()).isEqualTo(4);
    assertThat(current.require("snapshot").version()).isEqualTo(3);
    assertThat(current.require("targets/releases").version()).isEqualTo(3);
    assertConsistent(current, NOW);
  }

  @Test
  void rejectsBadTargetNamesAndRoles() {
    CurrentMetadata v1 = TestRepositories.created();
    assertThatThrownBy(() -> put("", "m")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> put("a\nb", "m")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TargetChange.Remove("x\u0000"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TargetChange.Put("a", 1, new byte[31], null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> repository.applyTargetChanges(v1, "snapshot", List.of(), signers(), policy))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> repository.applyTargetChanges(v1, "targets/other", List.of(), signers(), policy))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> repository.create("bad gun", signers(), policy))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesSignersTheParentDoesNotList() {
    CurrentMetadata v1 = TestRepositories.created();
    RepositorySigners wrongReleases =
        new RepositorySigners(
            null,
            null,
            TestRepositories.otherEcdsaSigner(),
            signers().snapshot(),
            signers().timestamp());
    assertThatThrownBy(
            () ->
                repository.applyTargetChanges(
                    v1, "targets/releases", List.of(), wrongReleases, policy))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not listed");
    assertThatThrownBy(
            () ->
                repository.renewTimestamp(
                    v1, RepositorySigners.timestampOnly(signers().snapshot()), policy))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> repository.renewTimestamp(v1, RepositorySigners.timestampOnly(null), policy))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no signer");
  }

  @Test
  void delegationsOnlyAcceptTargetsInsideTheirPaths() {
    CurrentMetadata restricted = withReleasesPaths(TestRepositories.created(), List.of("release/"));
    assertThatThrownBy(
            () ->
                repository.applyTargetChanges(
                    restricted, "targets/releases", List.of(put("latest", "m")), signers(), policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the paths");
    RepositoryUpdate update =
        repository.applyTargetChanges(
            restricted, "targets/releases", List.of(put("release/1", "m")), signers(), policy);
    assertConsistent(restricted.with(update), NOW);
  }

  @Test
  void aDelegationWithoutMetadataYetStartsAtVersionOne() {
    CurrentMetadata created = TestRepositories.created();
    Map<String, SignedMetadata> files = new java.util.TreeMap<>(created.byRole());
    files.remove("targets/releases");
    RepositoryUpdate update =
        repository.applyTargetChanges(
            new CurrentMetadata(files),
            "targets/releases",
            List.of(put("a", "m")),
            signers(),
            policy);
    assertThat(update.require("targets/releases").version()).isEqualTo(1);
    assertThat(update.require("snapshot").version()).isEqualTo(2);
  }

  /** targets v2 whose releases delegation only covers {@code paths}; snapshot/timestamp follow. */
  static CurrentMetadata withReleasesPaths(CurrentMetadata current, List<String> paths) {
    Targets targets = current.require("targets").targets();
    DelegatedRole releases = targets.delegations().role("targets/releases").orElseThrow();
    Targets restricted =
        new Targets(
            2,
            targets.expires(),
            targets.targets(),
            new Delegations(
                targets.delegations().keys(),
                List.of(
                    new DelegatedRole(
                        releases.name(), releases.keyIds(), releases.threshold(), paths))));
    SignedMetadata targetsFile = MetadataSigner.sign("targets", restricted, signers().targets());
    CurrentMetadata withTargets = current.with(new RepositoryUpdate(List.of(targetsFile)));
    return withTargets.with(
        new ManagedRepository().renewSnapshot(withTargets, signers(), policyAt(NOW)));
  }
}
