package dev.trustpipe.custody.local;

import static dev.trustpipe.custody.JdkVerifier.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyAlreadyExistsException;
import dev.trustpipe.custody.KeyNotFoundException;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeystoreFilesTest {

  private static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(CREATED, ZoneOffset.UTC);
  private static final char[] PASSPHRASE = "files-test passphrase".toCharArray();
  private static final int ITERATIONS = LocalKeystoreCustody.MIN_PBKDF2_ITERATIONS;
  private static final byte[] MESSAGE = "signed bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path home;

  private LocalKeystoreCustody custodyIn(Path directory) {
    return new LocalKeystoreCustody(directory, PASSPHRASE, CLOCK, ITERATIONS);
  }

  @Test
  void keysSurviveANewInstanceWithDefaultIterations() throws Exception {
    Path directory = home.resolve("keys");
    SigningKey created =
        new LocalKeystoreCustody(directory, PASSPHRASE, CLOCK)
            .create("timestamp", KeyAlgorithm.ECDSA_P256);

    SigningKey reread =
        new LocalKeystoreCustody(directory, PASSPHRASE, CLOCK).get(created.reference());

    assertThat(reread.algorithm()).isEqualTo(KeyAlgorithm.ECDSA_P256);
    assertThat(reread.publicKey().getEncoded()).isEqualTo(created.publicKey().getEncoded());
    assertThat(
            verifies(KeyAlgorithm.ECDSA_P256, created.publicKey(), MESSAGE, reread.sign(MESSAGE)))
        .isTrue();
    assertThat(iterationCount(directory.resolve("timestamp.v1.key")))
        .isEqualTo(LocalKeystoreCustody.DEFAULT_PBKDF2_ITERATIONS);
  }

  @Test
  void everyAlgorithmIsReadBackWithItsAlgorithm() throws Exception {
    Path directory = home.resolve("keys");
    List<SigningKey> created = new ArrayList<>();
    for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.ED25519, KeyAlgorithm.RSA_2048)) {
      created.add(custodyIn(directory).create("key-" + algorithm.id(), algorithm));
    }
    LocalKeystoreCustody fresh = custodyIn(directory);

    for (SigningKey original : created) {
      SigningKey reread = fresh.get(original.reference());
      assertThat(reread.algorithm()).isEqualTo(original.algorithm());
      assertThat(reread.publicKey()).isEqualTo(original.publicKey());
      assertThat(
              verifies(original.algorithm(), original.publicKey(), MESSAGE, reread.sign(MESSAGE)))
          .isTrue();
    }
  }

  @Test
  void keyFileIsAnOwnerOnlyEncryptedPkcs8PemInAnOwnerOnlyDirectory() throws Exception {
    Path directory = home.resolve("new").resolve("keys");
    custodyIn(directory).create("releases", KeyAlgorithm.ECDSA_P256);

    Path file = directory.resolve("releases.v1.key");
    assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
        .isEqualTo("rwx------");
    assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(CREATED);
    try (Stream<Path> entries = Files.list(directory)) {
      assertThat(entries).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void keyFileUsesPbes2WithPbkdf2HmacSha256AndAes256Cbc() throws Exception {
    custodyIn(home).create("snapshot", KeyAlgorithm.ECDSA_P256);

    EncryptedPrivateKeyInfo info = encryptedInfo(home.resolve("snapshot.v1.key"));

    assertThat(info.getEncryptionAlgorithm().getAlgorithm())
        .isEqualTo(PKCSObjectIdentifiers.id_PBES2);
    PBES2Parameters pbes2 =
        PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
    assertThat(pbes2.getKeyDerivationFunc().getAlgorithm())
        .isEqualTo(PKCSObjectIdentifiers.id_PBKDF2);
    PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
    assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
    assertThat(kdf.getIterationCount().intValue()).isEqualTo(ITERATIONS);
    assertThat(kdf.getSalt()).hasSize(16);
    assertThat(pbes2.getEncryptionScheme().getAlgorithm())
        .isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
  }

  @Test
  void anIndependentPkcs8ReaderDecryptsTheKeyFile() throws Exception {
    SigningKey key = custodyIn(home).create("targets", KeyAlgorithm.ECDSA_P256);

    PrivateKey decrypted = decryptWithBouncyCastle(home.resolve("targets.v1.key"), PASSPHRASE);
    Signature jdkSigner = Signature.getInstance("SHA256withECDSAinP1363Format");
    jdkSigner.initSign(decrypted);
    jdkSigner.update(MESSAGE);

    assertThat(verifies(KeyAlgorithm.ECDSA_P256, key.publicKey(), MESSAGE, jdkSigner.sign()))
        .isTrue();
  }

  @Test
  void readsAKeyEncryptedByAnotherPkcs8Writer() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    // what `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256` writes
    PemObject pem =
        new JcaPKCS8Generator(
                pair.getPrivate(),
                new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(20_000)
                    .setProvider(new BouncyCastleProvider())
                    .setPassword(PASSPHRASE)
                    .build())
            .generate();
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(pem);
    }
    Files.writeString(home.resolve("imported.v1.key"), text.toString());

    SigningKey imported = custodyIn(home).get(new KeyReference("local", "imported", 1));

    assertThat(imported.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    assertThat(verifies(KeyAlgorithm.ECDSA_P256, pair.getPublic(), MESSAGE, imported.sign(MESSAGE)))
        .isTrue();
  }

  @Test
  void creatingAnExistingNameFailsAndKeepsTheFile() throws Exception {
    LocalKeystoreCustody custody = custodyIn(home);
    SigningKey original = custody.create("root", KeyAlgorithm.ECDSA_P256);
    byte[] before = Files.readAllBytes(home.resolve("root.v1.key"));

    assertThatThrownBy(() -> custodyIn(home).create("root", KeyAlgorithm.ED25519))
        .isInstanceOf(KeyAlreadyExistsException.class)
        .hasMessageContaining("root");

    assertThat(Files.readAllBytes(home.resolve("root.v1.key"))).isEqualTo(before);
    assertThat(custodyIn(home).get(original.reference()).publicKey())
        .isEqualTo(original.publicKey());
  }

  @Test
  void concurrentCreatorsOfOneNameProduceExactlyOneKey() throws Exception {
    int creators = 6;
    ExecutorService threads = Executors.newFixedThreadPool(creators);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<SigningKey>> attempts = new ArrayList<>();
      for (int i = 0; i < creators; i++) {
        // separate instances, as separate services sharing one directory would have
        LocalKeystoreCustody custody = custodyIn(home);
        Callable<SigningKey> create =
            () -> {
              start.await();
              return custody.create("contended", KeyAlgorithm.ECDSA_P256);
            };
        attempts.add(threads.submit(create));
      }
      start.countDown();

      List<SigningKey> winners = new ArrayList<>();
      int refused = 0;
      for (Future<SigningKey> attempt : attempts) {
        try {
          winners.add(attempt.get());
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(KeyAlreadyExistsException.class);
          refused++;
        }
      }

      assertThat(winners).hasSize(1);
      assertThat(refused).isEqualTo(creators - 1);
      SigningKey stored = custodyIn(home).get(new KeyReference("local", "contended", 1));
      assertThat(stored.publicKey()).isEqualTo(winners.get(0).publicKey());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void missingKeysAndVersionsAreNotFound() throws Exception {
    LocalKeystoreCustody custody = custodyIn(home);
    custody.create("timestamp", KeyAlgorithm.ECDSA_P256);

    assertThatThrownBy(() -> custody.get(new KeyReference("local", "absent", 1)))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageContaining("absent");
    assertThatThrownBy(() -> custody.get(new KeyReference("local", "timestamp", 2)))
        .isInstanceOf(KeyNotFoundException.class);
    assertThatThrownBy(() -> custodyIn(home.resolve("nothing-here")).latestVersion("timestamp"))
        .isInstanceOf(KeyNotFoundException.class);
  }

  @Test
  void referencesOfAnotherBackendAreRejected() {
    assertThatThrownBy(() -> custodyIn(home).get(new KeyReference("vault", "timestamp", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vault");
  }

  @Test
  void invalidKeyNamesAreRejectedBeforeTouchingTheDisk() throws Exception {
    Path directory = home.resolve("keys");
    LocalKeystoreCustody custody = custodyIn(directory);

    for (String name : List.of("../outside", "a/b", "..", ".hidden", "", "x".repeat(129))) {
      assertThatThrownBy(() -> custody.create(name, KeyAlgorithm.ED25519))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> custody.get(new KeyReference("local", "../outside", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(directory).doesNotExist();
    try (Stream<Path> entries = Files.list(home)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void decryptedKeysAreCached() throws Exception {
    LocalKeystoreCustody custody = custodyIn(home);
    KeyReference reference = custody.create("cached", KeyAlgorithm.ED25519).reference();
    LocalKeystoreCustody reader = custodyIn(home);
    SigningKey first = reader.get(reference);

    Files.delete(home.resolve("cached.v1.key"));

    assertThat(reader.get(reference)).isSameAs(first);
  }

  @Test
  void concurrentFirstUsesShareOneDecryptedKey() throws Exception {
    KeyReference reference = custodyIn(home).create("shared", KeyAlgorithm.ECDSA_P256).reference();
    LocalKeystoreCustody reader = custodyIn(home);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<SigningKey>> loads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        loads.add(threads.submit(() -> reader.get(reference)));
      }
      SigningKey first = loads.get(0).get();
      for (Future<SigningKey> load : loads) {
        assertThat(load.get()).isSameAs(first);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void rotationAddsANewVersionAndKeepsTheOldOne() throws Exception {
    LocalKeystoreCustody custody = custodyIn(home);
    SigningKey first = custody.create("targets", KeyAlgorithm.ED25519);

    SigningKey second = custody.rotate("targets");

    assertThat(second.reference()).isEqualTo(new KeyReference("local", "targets", 2));
    assertThat(second.algorithm()).isEqualTo(KeyAlgorithm.ED25519);
    assertThat(second.publicKey()).isNotEqualTo(first.publicKey());
    assertThat(custody.latestVersion("targets")).isEqualTo(2);
    LocalKeystoreCustody fresh = custodyIn(home);
    assertThat(fresh.get(first.reference()).publicKey()).isEqualTo(first.publicKey());
    assertThat(fresh.get(second.reference()).publicKey()).isEqualTo(second.publicKey());
    assertThat(fresh.rotate("targets").reference().version()).isEqualTo(3);
  }

  @Test
  void rejectsTooFewIterationsAndEmptyPassphrases() {
    assertThatThrownBy(() -> new LocalKeystoreCustody(home, PASSPHRASE, CLOCK, 1000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LocalKeystoreCustody(home, new char[0], CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wipingTheCallersPassphraseDoesNotAffectTheKeystore() throws Exception {
    char[] passphrase = "caller owned".toCharArray();
    LocalKeystoreCustody custody = new LocalKeystoreCustody(home, passphrase, CLOCK, ITERATIONS);
    KeyReference reference = custody.create("wiped", KeyAlgorithm.ED25519).reference();
    Arrays.fill(passphrase, '\0');

    SigningKey reread =
        new LocalKeystoreCustody(home, "caller owned".toCharArray(), CLOCK, ITERATIONS)
            .get(reference);

    assertThat(reread.reference()).isEqualTo(reference);
    assertThat(custody.create("after-wipe", KeyAlgorithm.ED25519)).isNotNull();
    assertThat(
            new LocalKeystoreCustody(home, "caller owned".toCharArray(), CLOCK, ITERATIONS)
                .get(new KeyReference("local", "after-wipe", 1)))
        .isNotNull();
  }

  static EncryptedPrivateKeyInfo encryptedInfo(Path file) throws Exception {
    try (PemReader reader = new PemReader(new StringReader(Files.readString(file)))) {
      return EncryptedPrivateKeyInfo.getInstance(reader.readPemObject().getContent());
    }
  }

  private static int iterationCount(Path file) throws Exception {
    PBES2Parameters pbes2 =
        PBES2Parameters.getInstance(encryptedInfo(file).getEncryptionAlgorithm().getParameters());
    return PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters())
        .getIterationCount()
        .intValueExact();
  }

  static PrivateKey decryptWithBouncyCastle(Path file, char[] passphrase) throws Exception {
    BouncyCastleProvider provider = new BouncyCastleProvider();
    try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
      PKCS8EncryptedPrivateKeyInfo info = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
      return new JcaPEMKeyConverter()
          .getPrivateKey(
              info.decryptPrivateKeyInfo(
                  new JceOpenSSLPKCS8DecryptorProviderBuilder()
                      .setProvider(provider)
                      .build(passphrase)));
    }
  }
}
