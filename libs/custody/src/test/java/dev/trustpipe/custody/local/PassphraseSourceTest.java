package dev.trustpipe.custody.local;

import static dev.trustpipe.custody.local.PassphraseSource.PASSPHRASE_FILE_VARIABLE;
import static dev.trustpipe.custody.local.PassphraseSource.PASSPHRASE_VARIABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.custody.CustodyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PassphraseSourceTest {

  @TempDir Path directory;

  @Test
  void readsThePassphraseVariable() throws CustodyException {
    PassphraseSource source = new PassphraseSource(Map.of(PASSPHRASE_VARIABLE, "from env"));

    assertThat(source.resolve()).containsExactly("from env".toCharArray());
    assertThat(source.isConfigured()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3cret passphrase", "s3cret passphrase\n", "s3cret passphrase\r\n"})
  void readsThePassphraseFileWithoutItsTrailingNewline(String content) throws Exception {
    Path file = directory.resolve("passphrase");
    Files.writeString(file, content);

    char[] passphrase =
        new PassphraseSource(Map.of(PASSPHRASE_FILE_VARIABLE, file.toString())).resolve();

    assertThat(new String(passphrase)).isEqualTo("s3cret passphrase");
  }

  @Test
  void keepsInnerWhitespaceAndNonAsciiCharacters() throws Exception {
    Path file = directory.resolve("passphrase");
    Files.writeString(file, " p\u00e4ss phr\u00e4se \n");

    char[] passphrase =
        new PassphraseSource(Map.of(PASSPHRASE_FILE_VARIABLE, file.toString())).resolve();

    assertThat(new String(passphrase)).isEqualTo(" p\u00e4ss phr\u00e4se ");
  }

  @Test
  void neitherVariableIsAClearError() {
    PassphraseSource source = new PassphraseSource(Map.of("HOME", "/root"));

    assertThat(source.isConfigured()).isFalse();
    assertThatThrownBy(source::resolve)
        .isInstanceOf(CustodyException.class)
        .hasMessageContaining(PASSPHRASE_VARIABLE)
        .hasMessageContaining(PASSPHRASE_FILE_VARIABLE);
  }

  @Test
  void anEmptyVariableCountsAsUnset() {
    assertThatThrownBy(() -> new PassphraseSource(Map.of(PASSPHRASE_VARIABLE, "")).resolve())
        .isInstanceOf(CustodyException.class)
        .hasMessageStartingWith("no keystore passphrase");
  }

  @Test
  void bothVariablesAreAmbiguous() throws Exception {
    Path file = directory.resolve("passphrase");
    Files.writeString(file, "from file");
    PassphraseSource source =
        new PassphraseSource(
            Map.of(PASSPHRASE_VARIABLE, "from env", PASSPHRASE_FILE_VARIABLE, file.toString()));

    assertThatThrownBy(source::resolve)
        .isInstanceOf(CustodyException.class)
        .hasMessageContaining("set only one")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("from env", "from file"));
  }

  @Test
  void missingOrEmptyFilesAreNamedInTheError() throws Exception {
    Path missing = directory.resolve("missing");
    Path empty = directory.resolve("empty");
    Files.writeString(empty, "\n");

    assertThatThrownBy(
            () ->
                new PassphraseSource(Map.of(PASSPHRASE_FILE_VARIABLE, missing.toString()))
                    .resolve())
        .isInstanceOf(CustodyException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(
            () ->
                new PassphraseSource(Map.of(PASSPHRASE_FILE_VARIABLE, empty.toString())).resolve())
        .isInstanceOf(CustodyException.class)
        .hasMessageContaining("is empty");
  }

  @Test
  void generatesAnOwnerOnlyRandomPassphraseOnce() throws Exception {
    Path file = directory.resolve("home").resolve("keystore.passphrase");

    char[] generated = PassphraseSource.generateIfAbsent(file);

    assertThat(Base64.getDecoder().decode(new String(generated))).hasSize(32);
    assertThat(Files.readString(file)).isEqualTo(new String(generated) + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(PassphraseSource.generateIfAbsent(file)).containsExactly(generated);
    assertThat(PassphraseSource.generateIfAbsent(directory.resolve("other")))
        .isNotEqualTo(generated);
    assertThat(new PassphraseSource(Map.of(PASSPHRASE_FILE_VARIABLE, file.toString())).resolve())
        .containsExactly(generated);
  }

  @Test
  void configuredPassphraseWinsOverTheGeneratedFile() throws Exception {
    Path defaultFile = directory.resolve("keystore.passphrase");

    char[] configured =
        new PassphraseSource(Map.of(PASSPHRASE_VARIABLE, "operator chosen"))
            .resolveOrGenerate(defaultFile);
    char[] generated = new PassphraseSource(Map.of()).resolveOrGenerate(defaultFile);

    assertThat(new String(configured)).isEqualTo("operator chosen");
    assertThat(defaultFile).exists();
    assertThat(generated).containsExactly(PassphraseSource.generateIfAbsent(defaultFile));
  }

  @Test
  void toStringNamesTheSourceNotTheSecret() {
    assertThat(new PassphraseSource(Map.of(PASSPHRASE_VARIABLE, "hunter2")).toString())
        .contains(PASSPHRASE_VARIABLE)
        .doesNotContain("hunter2");
  }
}
