package dev.trustpipe.custody.local;

import static dev.trustpipe.custody.JdkVerifier.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalKeystoreSigningTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  private static final byte[] MESSAGE =
      "{\"signed\":{\"_type\":\"Timestamp\",\"version\":7}}".getBytes(StandardCharsets.UTF_8);

  // static: JUnit injects static @TempDir fields before @BeforeAll
  @TempDir static Path directory;
  private LocalKeystoreCustody custody;
  private final Map<KeyAlgorithm, SigningKey> keys = new EnumMap<>(KeyAlgorithm.class);
  private ExecutorService threads;

  @BeforeAll
  void createOneKeyPerAlgorithm() throws CustodyException {
    custody =
        new LocalKeystoreCustody(
            directory,
            "signing-test".toCharArray(),
            CLOCK,
            LocalKeystoreCustody.MIN_PBKDF2_ITERATIONS);
    for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
      keys.put(algorithm, custody.create(algorithm.id(), algorithm));
    }
    threads = Executors.newFixedThreadPool(8);
  }

  @AfterAll
  void stopThreads() {
    threads.shutdownNow();
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void signaturesVerifyWithTheJdk(KeyAlgorithm algorithm) throws CustodyException {
    SigningKey key = keys.get(algorithm);

    byte[] signature = key.sign(MESSAGE);

    assertThat(key.algorithm()).isEqualTo(algorithm);
    assertThat(key.reference()).isEqualTo(new KeyReference("local", algorithm.id(), 1));
    assertThat(signature).hasSize(algorithm.signatureLength());
    assertThat(verifies(algorithm, key.publicKey(), MESSAGE, signature)).isTrue();
    byte[] tampered = MESSAGE.clone();
    tampered[3] ^= 1;
    assertThat(verifies(algorithm, key.publicKey(), tampered, signature)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void publicKeyHasTheJdkAlgorithmName(KeyAlgorithm algorithm) {
    String expected =
        switch (algorithm) {
          case ECDSA_P256 -> "EC";
          case ED25519 -> "EdDSA";
          case RSA_2048, RSA_3072, RSA_4096 -> "RSA";
        };
    assertThat(keys.get(algorithm).publicKey().getAlgorithm()).isEqualTo(expected);
    assertThat(keys.get(algorithm).publicKey().getFormat()).isEqualTo("X.509");
  }

  @Test
  void ecdsaDigestSigningEqualsMessageSigning() throws Exception {
    SigningKey key = keys.get(KeyAlgorithm.ECDSA_P256);

    byte[] fromDigest = key.signDigest(sha256(MESSAGE));

    assertThat(verifies(KeyAlgorithm.ECDSA_P256, key.publicKey(), MESSAGE, fromDigest)).isTrue();
    // RFC 6979 nonces: the same key and digest always give the same signature
    assertThat(fromDigest).isEqualTo(key.sign(MESSAGE));
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyAlgorithm.class,
      names = {"RSA_2048", "RSA_3072", "RSA_4096"})
  void rsaDigestSigningVerifiesAsMessageSigning(KeyAlgorithm algorithm) throws Exception {
    SigningKey key = keys.get(algorithm);

    byte[] fromDigest = key.signDigest(sha256(MESSAGE));

    assertThat(verifies(algorithm, key.publicKey(), MESSAGE, fromDigest)).isTrue();
  }

  @Test
  void ed25519RefusesDigestSigning() {
    SigningKey key = keys.get(KeyAlgorithm.ED25519);

    assertThatThrownBy(() -> key.signDigest(new byte[32]))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void digestSigningRequiresThirtyTwoBytes() {
    SigningKey key = keys.get(KeyAlgorithm.ECDSA_P256);

    assertThatThrownBy(() -> key.signDigest(new byte[20]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyAlgorithm.class,
      names = {"ECDSA_P256", "ED25519", "RSA_2048"})
  void batchReturnsOneSignaturePerMessageInOrder(KeyAlgorithm algorithm) throws Exception {
    SigningKey key = keys.get(algorithm);
    List<byte[]> messages =
        IntStream.range(0, 5)
            .mapToObj(i -> ("metadata " + i).getBytes(StandardCharsets.UTF_8))
            .toList();

    List<byte[]> signatures = key.signBatch(messages);

    assertThat(signatures).hasSize(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      for (int j = 0; j < messages.size(); j++) {
        assertThat(verifies(algorithm, key.publicKey(), messages.get(j), signatures.get(i)))
            .as("signature %d over message %d", i, j)
            .isEqualTo(i == j);
      }
    }
    assertThat(key.signBatch(List.of())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyAlgorithm.class,
      names = {"ECDSA_P256", "ED25519"})
  void concurrentSigningWithOneKeyGivesTheSequentialResults(KeyAlgorithm algorithm)
      throws Exception {
    SigningKey key = keys.get(algorithm);
    int threadCount = 8;
    int perThread = 100;
    List<List<byte[]>> messages = new ArrayList<>();
    List<List<byte[]>> expected = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      List<byte[]> mine = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        mine.add(("thread " + t + " message " + i).getBytes(StandardCharsets.UTF_8));
      }
      messages.add(mine);
      expected.add(key.signBatch(mine));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<byte[]>>> results = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      List<byte[]> mine = messages.get(t);
      Callable<List<byte[]>> signAll =
          () -> {
            start.await();
            List<byte[]> signatures = new ArrayList<>();
            for (byte[] message : mine) {
              signatures.add(key.sign(message));
            }
            return signatures;
          };
      results.add(threads.submit(signAll));
    }
    start.countDown();

    for (int t = 0; t < threadCount; t++) {
      List<byte[]> signatures = results.get(t).get();
      // both algorithms are deterministic, so any interference between threads would show here
      assertThat(signatures).containsExactlyElementsOf(expected.get(t));
      assertThat(verifies(algorithm, key.publicKey(), messages.get(t).get(0), signatures.get(0)))
          .isTrue();
    }
  }

  @Test
  void rsaSigningIsCorrectUnderConcurrency() throws Exception {
    SigningKey key = keys.get(KeyAlgorithm.RSA_2048);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      byte[] message = ("rsa thread " + t).getBytes(StandardCharsets.UTF_8);
      results.add(
          threads.submit(
              () -> {
                boolean allVerify = true;
                for (int i = 0; i < 10; i++) {
                  allVerify &=
                      verifies(KeyAlgorithm.RSA_2048, key.publicKey(), message, key.sign(message));
                }
                return allVerify;
              }));
    }
    for (Future<Boolean> result : results) {
      assertThat(result.get()).isTrue();
    }
  }

  private static byte[] sha256(byte[] message) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(message);
  }
}
