package dev.trustpipe.tuf.verify;

import static dev.trustpipe.tuf.testing.TestRepositories.NOW;
import static dev.trustpipe.tuf.testing.TestRepositories.clockAt;
import static dev.trustpipe.tuf.testing.TestRepositories.policyAt;
import static dev.trustpipe.tuf.testing.TestRepositories.put;
import static dev.trustpipe.tuf.testing.TestRepositories.signers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.tuf.model.MetadataSigner;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.model.Snapshot;
import dev.trustpipe.tuf.model.Targets;
import dev.trustpipe.tuf.model.Timestamp;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.repo.ManagedRepository;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import dev.trustpipe.tuf.testing.NotaryVectors;
import dev.trustpipe.tuf.testing.TestRepositories;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The verifier accepts what the real notary served, and each broken rule has its exception. */
class RepositoryVerifierTest {
  private static final Instant CAPTURED = Instant.parse("2026-11-22T18:05:00Z");
  private static final List<String> VECTOR_ROLES =
      List.of("root", "targets", "snapshot", "timestamp", "targets/releases", "targets/qa");

  private static CurrentMetadata notaryCurrent(String set) {
    List<SignedMetadata> files = new ArrayList<>();
    for (String role : VECTOR_ROLES) {
      files.add(SignedMetadata.parse(role, NotaryVectors.current(set, role)));
    }
    return CurrentMetadata.of(files);
  }

  private static SignedMetadata historyRoot(String set, int version) {
    return SignedMetadata.parse(
        "root", NotaryVectors.read(set + "/metadata/history/" + version + ".root.json"));
  }

  private static CurrentMetadata replace(CurrentMetadata current, String role, byte[] bytes) {
    Map<String, SignedMetadata> files = new TreeMap<>(current.byRole());
    files.put(role, SignedMetadata.parse(role, bytes));
    return new CurrentMetadata(files);
  }

  private static CurrentMetadata without(CurrentMetadata current, String role) {
    Map<String, SignedMetadata> files = new TreeMap<>(current.byRole());
    files.remove(role);
    return new CurrentMetadata(files);
  }

  @ParameterizedTest
  @MethodSource("dev.trustpipe.tuf.testing.NotaryVectors#sets")
  void acceptsWhatTheRealNotaryServedThroughTheWholeRootChain(String set) {
    List<SignedMetadata> chain = new ArrayList<>();
    for (int version = 1; version <= 5; version++) {
      chain.add(historyRoot(set, version));
    }
    VerifiedRepository verified =
        new RepositoryVerifier(clockAt(CAPTURED)).verify(chain, notaryCurrent(set));
    assertThat(verified.root().version()).isEqualTo(5);
    assertThat(verified.targetsRoles())
        .containsOnlyKeys("targets", "targets/releases", "targets/qa");
    // trust on first use of the current root works too
    new RepositoryVerifier(clockAt(CAPTURED)).verify(notaryCurrent(set));
  }

  @Test
  void rootVersionsMustFollowEachOther() {
    String set = "notary-ecdsa";
    List<SignedMetadata> gap =
        List.of(historyRoot(set, 1), historyRoot(set, 2), historyRoot(set, 4));
    assertThatThrownBy(() -> new RepositoryVerifier(clockAt(CAPTURED)).verifyRootChain(gap))
        .isInstanceOfSatisfying(
            RootChainException.class,
            e -> {
              assertThat(e.trustedVersion()).isEqualTo(2);
              assertThat(e.nextVersion()).isEqualTo(4);
            });
  }

  @Test
  void aRootNotSignedByThePreviousRootKeysIsRejected() {
    // root v1 of the other set has the same version numbers but other keys
    List<SignedMetadata> chain =
        List.of(historyRoot("notary-ecdsa", 1), historyRoot("notary-ed25519", 2));
    assertThatThrownBy(() -> new RepositoryVerifier(clockAt(CAPTURED)).verifyRootChain(chain))
        .isInstanceOfSatisfying(
            SignatureThresholdException.class,
            e -> {
              assertThat(e.role()).isEqualTo("root");
              assertThat(e.required()).isEqualTo(1);
              assertThat(e.verified()).isZero();
            });
  }

  @Test
  void anOlderCurrentRootThanTrustedIsARollback() {
    String set = "notary-ecdsa";
    CurrentMetadata older =
        replace(
            notaryCurrent(set), "root", NotaryVectors.read(set + "/metadata/history/4.root.json"));
    assertThatThrownBy(
            () ->
                new RepositoryVerifier(clockAt(CAPTURED))
                    .verify(List.of(historyRoot(set, 5)), older))
        .isInstanceOf(RollbackException.class);
    CurrentMetadata olderTimestamp =
        replace(
            notaryCurrent(set),
            "timestamp",
            NotaryVectors.read(set + "/metadata/history/11.timestamp.json"));
    assertThatThrownBy(
            () ->
                new RepositoryVerifier(clockAt(CAPTURED))
                    .checkNoRollback(notaryCurrent(set), olderTimestamp))
        .isInstanceOfSatisfying(
            RollbackException.class,
            e -> {
              assertThat(e.role()).isEqualTo("timestamp");
              assertThat(e.trustedVersion()).isEqualTo(12);
              assertThat(e.candidateVersion()).isEqualTo(11);
            });
  }

  @Test
  void expiredMetadataIsRejected() {
    Instant afterTimestampExpiry = Instant.parse("2026-12-07T00:00:00Z");
    assertThatThrownBy(
            () ->
                new RepositoryVerifier(clockAt(afterTimestampExpiry))
                    .verify(notaryCurrent("notary-ecdsa")))
        .isInstanceOfSatisfying(
            ExpiredMetadataException.class,
            e -> {
              assertThat(e.role()).isEqualTo("timestamp");
              assertThat(e.expires()).isEqualTo(Instant.parse("2026-12-06T18:03:51.746124993Z"));
            });
  }

  @Test
  void aTamperedFileOfTheSameLengthFailsItsHashes() {
    String set = "notary-ecdsa";
    // change one character of the signature: still parses, same length, other bytes
    String targets = new String(NotaryVectors.current(set, "targets"), StandardCharsets.UTF_8);
    String tampered = targets.replace("\"sig\":\"pqa4", "\"sig\":\"pqa5");
    assertThat(tampered).isNotEqualTo(targets).hasSameSizeAs(targets);
    assertThatThrownBy(
            () ->
                new RepositoryVerifier(clockAt(CAPTURED))
                    .verify(
                        replace(
                            notaryCurrent(set),
                            "targets",
                            tampered.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(
            HashMismatchException.class,
            e -> {
              assertThat(e.role()).isEqualTo("targets");
              assertThat(e.referencedBy()).isEqualTo("snapshot");
            });
  }

  @Test
  void aStaleSnapshotFailsTheTimestampsReference() {
    String set = "notary-ecdsa";
    CurrentMetadata stale =
        replace(
            notaryCurrent(set),
            "snapshot",
            NotaryVectors.read(set + "/metadata/history/12.snapshot.json"));
    assertThatThrownBy(() -> new RepositoryVerifier(clockAt(CAPTURED)).verify(stale))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> {
              assertThat(e)
                  .isInstanceOfAny(LengthMismatchException.class, HashMismatchException.class);
              assertThat(e.role()).isEqualTo("snapshot");
            });
  }

  @Test
  void lengthMismatchIsItsOwnRule() {
    CurrentMetadata created = TestRepositories.created();
    SignedMetadata snapshot = created.require("snapshot");
    Timestamp lying =
        new Timestamp(
            2,
            NOW.plusSeconds(3600),
            new dev.trustpipe.tuf.model.MetaFile(snapshot.length() + 1, snapshot.hashes()));
    CurrentMetadata current =
        created.with(
            new RepositoryUpdate(
                List.of(MetadataSigner.sign("timestamp", lying, signers().timestamp()))));
    assertThatThrownBy(() -> new RepositoryVerifier(clockAt(NOW)).verify(current))
        .isInstanceOfSatisfying(
            LengthMismatchException.class,
            e -> {
              assertThat(e.expectedLength()).isEqualTo(snapshot.length() + 1);
              assertThat(e.actualLength()).isEqualTo(snapshot.length());
            });
  }

  @Test
  void metadataSignedByAKeyRootDoesNotListIsRejected() {
    CurrentMetadata created = TestRepositories.created();
    Timestamp timestamp = created.require("timestamp").timestamp();
    SignedMetadata forged =
        MetadataSigner.sign(
            "timestamp",
            new Timestamp(2, timestamp.expires(), timestamp.snapshot()),
            TestRepositories.otherEcdsaSigner());
    assertThatThrownBy(
            () ->
                new RepositoryVerifier(clockAt(NOW))
                    .verify(created.with(new RepositoryUpdate(List.of(forged)))))
        .isInstanceOfSatisfying(
            SignatureThresholdException.class,
            e -> {
              assertThat(e.role()).isEqualTo("timestamp");
              assertThat(e.verified()).isZero();
            });
  }

  @Test
  void missingFilesAreReported() {
    CurrentMetadata created = TestRepositories.created();
    assertThatThrownBy(
            () -> new RepositoryVerifier(clockAt(NOW)).verify(without(created, "snapshot")))
        .isInstanceOfSatisfying(
            MissingMetadataException.class,
            e -> {
              assertThat(e.role()).isEqualTo("snapshot");
              assertThat(e.referencedBy()).isEqualTo("timestamp");
            });
    // the snapshot lists targets/releases, so it must be there
    assertThatThrownBy(
            () -> new RepositoryVerifier(clockAt(NOW)).verify(without(created, "targets/releases")))
        .isInstanceOf(MissingMetadataException.class);
  }

  @Test
  void aPublishedDelegationTheSnapshotDoesNotListIsRejected() {
    CurrentMetadata created = TestRepositories.created();
    Map<String, dev.trustpipe.tuf.model.MetaFile> meta =
        new TreeMap<>(created.require("snapshot").snapshot().meta());
    meta.remove("targets/releases");
    SignedMetadata snapshot =
        MetadataSigner.sign(
            "snapshot", new Snapshot(2, NOW.plusSeconds(3600), meta), signers().snapshot());
    SignedMetadata timestamp =
        MetadataSigner.sign(
            "timestamp",
            new Timestamp(2, NOW.plusSeconds(3600), snapshot.metaFile()),
            signers().timestamp());
    CurrentMetadata current = created.with(new RepositoryUpdate(List.of(snapshot, timestamp)));
    assertThatThrownBy(() -> new RepositoryVerifier(clockAt(NOW)).verify(current))
        .isInstanceOfSatisfying(
            MissingMetadataException.class,
            e -> assertThat(e.role()).isEqualTo("targets/releases"));
  }

  @Test
  void delegationsMayOnlyListTargetsInsideTheirPaths() {
    ManagedRepository repository = new ManagedRepository();
    CurrentMetadata withLatest =
        TestRepositories.created()
            .with(
                repository.applyTargetChanges(
                    TestRepositories.created(),
                    "targets/releases",
                    List.of(put("latest", "m")),
                    signers(),
                    policyAt(NOW)));
    // now restrict the delegation to release/ and re-sign snapshot and timestamp around it
    Targets targets = withLatest.require("targets").targets();
    var releases = targets.delegations().role("targets/releases").orElseThrow();
    Targets restricted =
        new Targets(
            2,
            targets.expires(),
            targets.targets(),
            new dev.trustpipe.tuf.model.Delegations(
                targets.delegations().keys(),
                List.of(
                    new dev.trustpipe.tuf.model.DelegatedRole(
                        releases.name(), releases.keyIds(), 1, List.of("release/")))));
    CurrentMetadata withRestriction =
        withLatest.with(
            new RepositoryUpdate(
                List.of(MetadataSigner.sign("targets", restricted, signers().targets()))));
    CurrentMetadata current =
        withRestriction.with(repository.renewSnapshot(withRestriction, signers(), policyAt(NOW)));
    assertThatThrownBy(() -> new RepositoryVerifier(clockAt(NOW)).verify(current))
        .isInstanceOfSatisfying(
            DelegationPathException.class,
            e -> {
              assertThat(e.role()).isEqualTo("targets/releases");
              assertThat(e.target()).isEqualTo("latest");
            });
  }

  @Test
  void metadataForARoleNobodyDelegatesIsRejected() {
    CurrentMetadata created = TestRepositories.created();
    SignedMetadata stray =
        MetadataSigner.sign(
            "targets/stray", Targets.empty(1, NOW.plusSeconds(3600)), signers().releases());
    CurrentMetadata withStray = created.with(new RepositoryUpdate(List.of(stray)));
    CurrentMetadata current =
        withStray.with(new ManagedRepository().renewSnapshot(withStray, signers(), policyAt(NOW)));
    assertThatThrownBy(() -> new RepositoryVerifier(clockAt(NOW)).verify(current))
        .isInstanceOfSatisfying(
            UndelegatedRoleException.class,
            e -> {
              assertThat(e.role()).isEqualTo("targets/stray");
              assertThat(e.parent()).isEqualTo("targets");
            });
  }
}
