package dev.trustpipe.testkit.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyAlreadyExistsException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.custody.KeyNotFoundException;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.tuf.crypto.SignatureMethod;
import dev.trustpipe.tuf.crypto.SignatureVerifier;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import dev.trustpipe.tuf.repo.RepositorySigners;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import dev.trustpipe.tuf.verify.RepositoryVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link KeyCustody} backend must do, as one JUnit 5 suite: a backend's test class
 * extends this and supplies the backend. Signatures are checked with libs/tuf's {@link
 * SignatureVerifier} over the {@link TufKey} of the public key, the same code that verifies served
 * metadata, so passing here means the signatures are what Notary clients accept.
 *
 * <p>Key names carry a random suffix, so the suite also runs against persistent backends (a real
 * Vault, a reused token) without collisions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KeyCustodyContract {

  private static final byte[] MESSAGE =
      "{\"signed\":{\"_type\":\"Targets\",\"version\":3}}".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String runId = HexFormat.of().formatHex(randomBytes(4));
  private ExecutorService threads;

  /** The backend under test; called once per test class, after {@link #setUpBackend()}. */
  protected abstract KeyCustody custody();

  /** The algorithms this backend supports; the others must be refused at {@code create}. */
  protected abstract Set<KeyAlgorithm> supportedAlgorithms();

  /** Adds a version to an existing key (rotation is backend-specific API). */
  protected abstract SigningKey rotate(String keyName) throws CustodyException;

  /** Starts what the backend needs (servers, tokens); the default does nothing. */
  protected void setUpBackend() throws Exception {}

  /** Stops what {@link #setUpBackend()} started. */
  protected void tearDownBackend() throws Exception {}

  @BeforeAll
  final void startBackend() throws Exception {
    setUpBackend();
    threads = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  final void stopBackend() throws Exception {
    if (threads != null) {
      threads.shutdownNow();
    }
    tearDownBackend();
  }

  protected final String keyName(String base) {
    return base + "-" + runId;
  }

  final Stream<KeyAlgorithm> algorithms() {
    return supportedAlgorithms().stream().sorted();
  }

  final Stream<KeyAlgorithm> digestAlgorithms() {
    return algorithms().filter(KeyAlgorithm::supportsDigestSigning);
  }

  private SigningKey create(String base, KeyAlgorithm algorithm) throws CustodyException {
    return custody().create(keyName(base + "-" + algorithm.id()), algorithm);
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void signaturesVerifyAsTufSignatures(KeyAlgorithm algorithm) throws CustodyException {
    SigningKey key = create("round-trip", algorithm);

    byte[] signature = key.sign(MESSAGE);

    assertThat(key.algorithm()).isEqualTo(algorithm);
    assertThat(key.reference())
        .isEqualTo(
            new KeyReference(custody().backendName(), keyName("round-trip-" + algorithm.id()), 1));
    assertThat(signature).hasSize(algorithm.signatureLength());
    assertThat(tufVerifies(key, MESSAGE, signature)).isTrue();
    byte[] tampered = MESSAGE.clone();
    tampered[5] ^= 1;
    assertThat(tufVerifies(key, tampered, signature)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("digestAlgorithms")
  void aSignedDigestVerifiesLikeASignedMessage(KeyAlgorithm algorithm) throws CustodyException {
    SigningKey key = create("digest", algorithm);

    byte[] signature = key.signDigest(sha256(MESSAGE));

    assertThat(signature).hasSize(algorithm.signatureLength());
    assertThat(tufVerifies(key, MESSAGE, signature)).isTrue();
    assertThatThrownBy(() -> key.signDigest(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ed25519KeysRefuseDigestsOrAreNotOffered() throws CustodyException {
    if (!supportedAlgorithms().contains(KeyAlgorithm.ED25519)) {
      assertThatThrownBy(() -> custody().create(keyName("no-ed25519"), KeyAlgorithm.ED25519))
          .isInstanceOfAny(IllegalArgumentException.class, CustodyException.class);
      return;
    }
    SigningKey key = custody().create(keyName("ed25519-digest"), KeyAlgorithm.ED25519);
    assertThatThrownBy(() -> key.signDigest(sha256(MESSAGE)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void aBatchSignsEveryMessageInOrder(KeyAlgorithm algorithm) throws CustodyException {
    SigningKey key = create("batch", algorithm);
    List<byte[]> messages =
        IntStream.range(0, 12)
            .mapToObj(
                i -> ("{\"signed\":{\"version\":" + i + "}}").getBytes(StandardCharsets.UTF_8))
            .toList();

    List<byte[]> signatures = key.signBatch(messages);

    assertThat(signatures).hasSize(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      assertThat(tufVerifies(key, messages.get(i), signatures.get(i))).as("item %d", i).isTrue();
      assertThat(tufVerifies(key, messages.get((i + 1) % messages.size()), signatures.get(i)))
          .as("item %d against its neighbour", i)
          .isFalse();
    }
    assertThat(key.signBatch(List.of())).isEmpty();
  }

  @Test
  void getReturnsTheCreatedKeyByReference() throws CustodyException {
    KeyAlgorithm algorithm = algorithms().findFirst().orElseThrow();
    SigningKey created = create("lookup", algorithm);

    SigningKey found = custody().get(created.reference());

    assertThat(found.reference()).isEqualTo(created.reference());
    assertThat(found.publicKey().getEncoded()).isEqualTo(created.publicKey().getEncoded());
    assertThat(tufVerifies(created, MESSAGE, found.sign(MESSAGE))).isTrue();
    assertThat(found.toString()).contains(created.reference().keyName());
  }

  @Test
  void rotationAddsAVersionAndKeepsTheOldOne() throws CustodyException {
    KeyAlgorithm algorithm = algorithms().findFirst().orElseThrow();
    SigningKey first = create("rotate", algorithm);

    SigningKey second = rotate(first.reference().keyName());

    assertThat(second.reference().version()).isEqualTo(2);
    assertThat(second.reference().keyName()).isEqualTo(first.reference().keyName());
    assertThat(second.publicKey().getEncoded()).isNotEqualTo(first.publicKey().getEncoded());
    SigningKey firstAgain = custody().get(first.reference());
    byte[] oldSignature = firstAgain.sign(MESSAGE);
    byte[] newSignature = custody().get(second.reference()).sign(MESSAGE);
    assertThat(tufVerifies(first, MESSAGE, oldSignature)).isTrue();
    assertThat(tufVerifies(second, MESSAGE, oldSignature)).isFalse();
    assertThat(tufVerifies(second, MESSAGE, newSignature)).isTrue();
    assertThat(tufVerifies(first, MESSAGE, newSignature)).isFalse();
  }

  /**
   * Names as the services build them ({@link KeyNames#forRole}, up to ~115 characters for a long
   * GUN) and the longest valid name work like short ones: a backend that puts the name into a
   * length-limited field (a file name, an X.509 common name of at most 64 characters) must cope.
   */
  @Test
  void keysWithTheLongestNamesTheServicesUseWork() throws CustodyException {
    KeyAlgorithm algorithm = algorithms().findFirst().orElseThrow();
    String longGun =
        "registry.example.com:5000/" + "very-long-organisation-name/".repeat(4) + runId;
    String roleName = KeyNames.forRole(longGun, "targets/releases");
    String longest =
        ("longest-" + runId + "-")
            .concat("x".repeat(KeyNames.MAX_LENGTH))
            .substring(0, KeyNames.MAX_LENGTH);
    assertThat(roleName.length()).isGreaterThan(64);
    for (String name : List.of(roleName, longest)) {
      SigningKey created = custody().create(name, algorithm);
      SigningKey found = custody().get(new KeyReference(custody().backendName(), name, 1));
      assertThat(found.publicKey().getEncoded()).isEqualTo(created.publicKey().getEncoded());
      assertThat(tufVerifies(created, MESSAGE, found.sign(MESSAGE))).as(name).isTrue();
    }
  }

  @Test
  void creatingAnExistingKeyFailsAndChangesNothing() throws CustodyException {
    KeyAlgorithm algorithm = algorithms().findFirst().orElseThrow();
    SigningKey first = create("exists", algorithm);

    assertThatThrownBy(() -> create("exists", algorithm))
        .isInstanceOf(KeyAlreadyExistsException.class);
    assertThat(custody().get(first.reference()).publicKey().getEncoded())
        .isEqualTo(first.publicKey().getEncoded());
  }

  @Test
  void unknownKeysAndVersionsAreNotFound() throws CustodyException {
    String backend = custody().backendName();
    assertThatThrownBy(() -> custody().get(new KeyReference(backend, keyName("missing"), 1)))
        .isInstanceOf(KeyNotFoundException.class);
    SigningKey key = create("versions", algorithms().findFirst().orElseThrow());
    assertThatThrownBy(() -> custody().get(new KeyReference(backend, key.reference().keyName(), 7)))
        .isInstanceOf(KeyNotFoundException.class);
  }

  @Test
  void referencesOfOtherBackendsAndInvalidNamesAreRefused() {
    String other = "local".equals(custody().backendName()) ? "vault" : "local";
    assertThatThrownBy(() -> custody().get(new KeyReference(other, keyName("x"), 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> custody().create("../escape", algorithms().findFirst().orElseThrow()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentSigningGivesValidSignatures() throws Exception {
    SigningKey key = create("concurrent", algorithms().findFirst().orElseThrow());
    List<Callable<byte[]>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      calls.add(() -> key.sign(MESSAGE));
    }

    List<Future<byte[]>> results = threads.invokeAll(calls);

    for (Future<byte[]> result : results) {
      assertThat(tufVerifies(key, MESSAGE, result.get())).isTrue();
    }
  }

  @Test
  void aWholeManagedRepositorySignedByThisBackendVerifies() throws CustodyException {
    Clock clock = Clock.systemUTC();
    List<TufSigner> signers = new ArrayList<>();
    for (String role : List.of("root", "targets", "releases", "snapshot", "timestamp")) {
      signers.add(
          new SigningKeyTufSigner(
              custody().create(keyName("repo-" + role), KeyAlgorithm.ECDSA_P256)));
    }
    RepositorySigners repositorySigners =
        new RepositorySigners(
            signers.get(0), signers.get(1), signers.get(2), signers.get(3), signers.get(4));

    RepositoryUpdate created =
        new ManagedRepository()
            .create(
                "registry.example.com/contract/" + runId,
                repositorySigners,
                ExpiryPolicy.defaults(clock));

    assertThat(new RepositoryVerifier(clock).verify(CurrentMetadata.of(created))).isNotNull();
  }

  /**
   * A custody key as a TUF signer (the services' adapter, repeated here: custody never sees TUF).
   */
  private record SigningKeyTufSigner(SigningKey custodyKey) implements TufSigner {
    @Override
    public TufKey key() {
      return TufKey.of(custodyKey.publicKey());
    }

    @Override
    public SignatureMethod method() {
      return SignatureMethod.ECDSA;
    }

    @Override
    public byte[] sign(byte[] message) {
      try {
        return custodyKey.sign(message);
      } catch (CustodyException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public List<byte[]> signAll(List<byte[]> messages) {
      try {
        return custodyKey.signBatch(messages);
      } catch (CustodyException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Verifies as a Notary client would: libs/tuf's verifier with the key's TUF form. */
  protected static boolean tufVerifies(SigningKey key, byte[] message, byte[] signature) {
    TufKey tufKey = TufKey.of(key.publicKey());
    String method =
        switch (key.algorithm()) {
          case ECDSA_P256 -> "ecdsa";
          case ED25519 -> "eddsa";
          case RSA_2048, RSA_3072, RSA_4096 -> "rsapss";
        };
    return SignatureVerifier.verify(tufKey, method, message, signature);
  }

  protected static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
