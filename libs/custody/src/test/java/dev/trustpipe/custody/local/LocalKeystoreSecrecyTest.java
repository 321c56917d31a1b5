package dev.trustpipe.custody.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing secret may appear in exception messages or toString(). */
class LocalKeystoreSecrecyTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  private static final String PASSPHRASE = "correct horse battery staple";
  private static final String WRONG_PASSPHRASE = "incorrect pony";
  private static final int ITERATIONS = LocalKeystoreCustody.MIN_PBKDF2_ITERATIONS;

  @TempDir Path directory;
  private LocalKeystoreCustody custody;
  private SigningKey key;
  private Path keyFile;

  @BeforeEach
  void createKey() throws CustodyException {
    custody = custodyWith(PASSPHRASE);
    key = custody.create("timestamp", KeyAlgorithm.ECDSA_P256);
    keyFile = directory.resolve("timestamp.v1.key");
  }

  @Test
  void wrongPassphraseFailsWithAGenericMessage() {
    Throwable failure = catchThrowable(() -> custodyWith(WRONG_PASSPHRASE).get(key.reference()));

    assertThat(failure)
        .isExactlyInstanceOf(CustodyException.class)
        .hasMessage("cannot decrypt key timestamp: wrong passphrase or corrupt file")
        .hasNoCause();
    assertThat(failure.getMessage()).doesNotContain(PASSPHRASE, WRONG_PASSPHRASE);
  }

  @Test
  void corruptFilesFailWithTheSameMessage() throws Exception {
    String pem = Files.readString(keyFile);
    List<String> corruptions =
        List.of(
            corruptCiphertext(pem),
            pem.substring(0, pem.length() / 2),
            "not a key at all\n",
            pem.replace("ENCRYPTED PRIVATE KEY", "PRIVATE KEY"),
            "");

    for (String corrupt : corruptions) {
      Files.writeString(keyFile, corrupt);
      Throwable failure = catchThrowable(() -> custodyWith(PASSPHRASE).get(key.reference()));
      assertThat(failure)
          .as("corruption %s", corruptions.indexOf(corrupt))
          .isExactlyInstanceOf(CustodyException.class)
          .hasMessage("cannot decrypt key timestamp: wrong passphrase or corrupt file")
          .hasNoCause();
    }
  }

  @Test
  void noSecretAppearsInAnyMessageOrToString() throws Exception {
    PrivateKey privateKey =
        LocalKeystoreFilesTest.decryptWithBouncyCastle(keyFile, PASSPHRASE.toCharArray());
    BigInteger scalar = ((ECPrivateKey) privateKey).getS();
    String pem = Files.readString(keyFile);
    List<String> secrets = new ArrayList<>();
    secrets.add(PASSPHRASE);
    secrets.add(WRONG_PASSPHRASE);
    secrets.add(Base64.getEncoder().encodeToString(privateKey.getEncoded()));
    secrets.add(HexFormat.of().formatHex(privateKey.getEncoded()));
    secrets.add(scalar.toString(16));
    secrets.add(scalar.toString());
    pem.lines()
        .filter(line -> !line.startsWith("-----") && line.length() >= 16)
        .forEach(secrets::add);

    List<String> shown = new ArrayList<>();
    shown.add(custody.toString());
    shown.add(key.toString());
    shown.add(key.reference().toString());
    shown.add(
        new PassphraseSource(Map.of(PassphraseSource.PASSPHRASE_VARIABLE, PASSPHRASE)).toString());
    Consumer<Throwable> collect =
        failure -> {
          for (Throwable t = failure; t != null; t = t.getCause()) {
            shown.add(String.valueOf(t.getMessage()));
            shown.add(t.toString());
          }
        };
    collect.accept(catchThrowable(() -> custodyWith(WRONG_PASSPHRASE).get(key.reference())));
    collect.accept(catchThrowable(() -> custody.create("timestamp", KeyAlgorithm.ECDSA_P256)));
    collect.accept(catchThrowable(() -> custody.get(new KeyReference("local", "timestamp", 9))));
    collect.accept(catchThrowable(() -> key.signDigest(new byte[31])));
    Files.writeString(keyFile, corruptCiphertext(pem));
    collect.accept(catchThrowable(() -> custodyWith(PASSPHRASE).get(key.reference())));

    assertThat(shown)
        .hasSizeGreaterThan(8)
        .allSatisfy(text -> assertThat(text).doesNotContain(secrets));
    assertThat(key.toString()).isEqualTo("SigningKey[" + key.reference() + "]");
  }

  private LocalKeystoreCustody custodyWith(String passphrase) {
    return new LocalKeystoreCustody(directory, passphrase.toCharArray(), CLOCK, ITERATIONS);
  }

  /**
   * Flips the lowest bit of the next-to-last ciphertext block's last byte. In CBC that flips the
   * padding length byte of the last plaintext block, so the padding check fails every time (the
   * ciphertext ends the DER structure).
   */
  private static String corruptCiphertext(String pem) throws Exception {
    byte[] der;
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      der = reader.readPemObject().getContent();
    }
    der[der.length - 17] ^= 0x01;
    StringWriter corrupt = new StringWriter();
    try (PemWriter writer = new PemWriter(corrupt)) {
      writer.writeObject(new PemObject(EncryptedPrivateKeyPem.PEM_TYPE, der));
    }
    return corrupt.toString();
  }
}
