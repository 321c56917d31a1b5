package dev.trustpipe.tuf.repo;

import static dev.trustpipe.tuf.testing.TestRepositories.GUN;
import static dev.trustpipe.tuf.testing.TestRepositories.NOW;
import static dev.trustpipe.tuf.testing.TestRepositories.clockAt;
import static dev.trustpipe.tuf.testing.TestRepositories.otherEcdsaSigner;
import static dev.trustpipe.tuf.testing.TestRepositories.policyAt;
import static dev.trustpipe.tuf.testing.TestRepositories.put;
import static dev.trustpipe.tuf.testing.TestRepositories.signers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.tuf.crypto.KeyType;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.model.MetadataSignature;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.Root;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.verify.RepositoryVerifier;
import dev.trustpipe.tuf.verify.VerificationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key rotation of every managed role, checked the way a client that trusted the repository before
 * the rotation checks it: from its old root through the root chain to the new files.
 */
class KeyRotationTest {
  private static final Instant LATER = NOW.plus(Duration.ofHours(1));

  private final ManagedRepository repository = new ManagedRepository();

  /** A repository with one signed tag, its root chain so far and its signers. */
  private record State(
      CurrentMetadata current, List<SignedMetadata> roots, RepositorySigners signers) {
    State rotate(ManagedRepository repository, String role, TufSigner newSigner) {
      RepositoryUpdate update =
          repository.rotateKey(GUN, current, role, signers, newSigner, policyAt(LATER));
      List<SignedMetadata> chain = new ArrayList<>(roots);
      update.find(RoleName.ROOT).ifPresent(chain::add);
      return new State(current.with(update), chain, signers.with(role, newSigner));
    }
  }

  private State signedRepository() {
    CurrentMetadata created = CurrentMetadata.of(repository.create(GUN, signers(), policyAt(NOW)));
    CurrentMetadata pushed =
        created.with(
            repository.applyTargetChanges(
                created, RoleName.RELEASES, List.of(put("v1", "one")), signers(), policyAt(NOW)));
    return new State(pushed, List.of(pushed.require(RoleName.ROOT)), signers());
  }

  private static void assertVerifiesFromTheOldRoot(State before, State after) {
    // a client that trusted the old root walks the chain from it (downloading each newer version)
    List<SignedMetadata> walk =
        after.roots().subList(before.roots().size() - 1, after.roots().size());
    new RepositoryVerifier(clockAt(LATER)).verify(walk, after.current());
    // ... and a new client trusts the new root on first use
    new RepositoryVerifier(clockAt(LATER)).verify(after.current());
  }

  private static List<String> signerIds(SignedMetadata file) {
    return file.signatures().stream().map(MetadataSignature::keyId).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"timestamp", "snapshot", "targets"})
  void rotatingATopLevelKeyPublishesARootListingTheNewKeySignedByTheUnchangedRootKey(String role) {
    State before = signedRepository();
    TufSigner fresh = otherEcdsaSigner();

    State after = before.rotate(repository, role, fresh);

    SignedMetadata root = after.current().require(RoleName.ROOT);
    Root oldRoot = before.current().require(RoleName.ROOT).root();
    assertThat(root.version()).isEqualTo(2);
    assertThat(root.root().role(role).keyIds()).containsExactly(fresh.key().keyId());
    assertThat(root.root().keys()).doesNotContainKey(oldRoot.role(role).keyIds().get(0));
    assertThat(root.root().role(RoleName.ROOT)).isEqualTo(oldRoot.role(RoleName.ROOT));
    assertThat(signerIds(root)).containsExactlyElementsOf(oldRoot.role(RoleName.ROOT).keyIds());
    assertThat(signerIds(after.current().require(role))).containsExactly(fresh.key().keyId());
    assertThat(after.current().require(RoleName.SNAPSHOT).snapshot().meta().get(RoleName.ROOT))
        .isEqualTo(root.metaFile());
    // the signed tag survives the rotation
    assertThat(after.current().require(RoleName.RELEASES).targets().targets()).containsKey("v1");
    assertVerifiesFromTheOldRoot(before, after);
  }

  @Test
  void rotatingTheRootKeySignsTheNewRootWithTheOldAndTheNewKey() {
    State before = signedRepository();
    TufSigner fresh = otherEcdsaSigner();

    State after = before.rotate(repository, RoleName.ROOT, fresh);

    Root oldRoot = before.current().require(RoleName.ROOT).root();
    SignedMetadata rootFile = after.current().require(RoleName.ROOT);
    Root root = rootFile.root();
    TufKey newCertificate = root.keysOf(RoleName.ROOT).get(0);
    assertThat(root.role(RoleName.ROOT).keyIds()).hasSize(1);
    assertThat(newCertificate.type()).isEqualTo(KeyType.ECDSA_X509);
    assertThat(newCertificate.holdsSamePublicKey(fresh.key())).isTrue();
    assertThat(newCertificate.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=" + GUN);
    String oldCertificateId = oldRoot.role(RoleName.ROOT).keyIds().get(0);
    assertThat(root.keys()).containsKey(oldCertificateId);
    assertThat(signerIds(rootFile)).containsExactly(oldCertificateId, newCertificate.keyId());
    assertVerifiesFromTheOldRoot(before, after);
  }

  @Test
  void aClientTwoRootRotationsBehindWalksTheChainAndOneThatSkipsAVersionCannot() {
    State before = signedRepository();
    State once = before.rotate(repository, RoleName.ROOT, otherEcdsaSigner());
    State twice = once.rotate(repository, RoleName.ROOT, otherEcdsaSigner());

    // root v3 is signed by keys 2 and 3 only: from v1, only the walk through v2 reaches it
    assertThat(twice.roots()).extracting(SignedMetadata::version).containsExactly(1, 2, 3);
    assertVerifiesFromTheOldRoot(before, twice);
    assertThatThrownBy(
            () ->
                new RepositoryVerifier(clockAt(LATER))
                    .verify(List.of(before.roots().get(0)), twice.current()))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void rotatingTheReleasesKeyRedelegatesInTargetsAndResignsTheDelegationWithoutTouchingRoot() {
    State before = signedRepository();
    TufSigner fresh = otherEcdsaSigner();

    State after = before.rotate(repository, RoleName.RELEASES, fresh);

    assertThat(after.current().require(RoleName.ROOT))
        .isEqualTo(before.current().require(RoleName.ROOT));
    var delegations = after.current().require(RoleName.TARGETS).targets().delegations();
    assertThat(delegations.role(RoleName.RELEASES).orElseThrow().keyIds())
        .containsExactly(fresh.key().keyId());
    assertThat(delegations.keys()).containsOnlyKeys(fresh.key().keyId());
    SignedMetadata releases = after.current().require(RoleName.RELEASES);
    assertThat(releases.version())
        .isEqualTo(before.current().require(RoleName.RELEASES).version() + 1);
    assertThat(signerIds(releases)).containsExactly(fresh.key().keyId());
    assertThat(releases.targets().targets()).containsKey("v1");
    assertVerifiesFromTheOldRoot(before, after);
  }

  @Test
  void pushesAfterARotationAreSignedWithTheNewKeys() {
    State rotating = signedRepository();
    for (String role : List.of("root", "targets", "targets/releases", "snapshot", "timestamp")) {
      rotating = rotating.rotate(repository, role, otherEcdsaSigner());
    }
    State state = rotating;
    RepositoryUpdate push =
        repository.applyTargetChanges(
            state.current(),
            RoleName.RELEASES,
            List.of(put("v2", "two")),
            state.signers(),
            policyAt(LATER));
    CurrentMetadata current = state.current().with(push);
    new RepositoryVerifier(clockAt(LATER)).verify(state.roots(), current);
    assertThat(current.require(RoleName.RELEASES).targets().targets()).containsKeys("v1", "v2");
    // the old signers are no longer accepted
    assertThatThrownBy(
            () ->
                repository.applyTargetChanges(
                    state.current(), RoleName.RELEASES, List.of(), signers(), policyAt(LATER)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not listed");
  }

  @Test
  void aRotationToTheCurrentKeyIsRefused() {
    State state = signedRepository();
    assertThatThrownBy(
            () ->
                repository.rotateKey(
                    GUN,
                    state.current(),
                    "timestamp",
                    signers(),
                    signers().timestamp(),
                    policyAt(LATER)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already signs timestamp");
    assertThatThrownBy(
            () ->
                repository.rotateKey(
                    GUN,
                    state.current(),
                    "targets/other",
                    signers(),
                    otherEcdsaSigner(),
                    policyAt(LATER)))
        .isInstanceOf(IllegalStateException.class);
  }
}
