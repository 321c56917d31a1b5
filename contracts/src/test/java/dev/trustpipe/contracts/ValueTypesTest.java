package dev.trustpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "docker.io/library/busybox",
        "registry.example.com/team/app",
        "127.0.0.1:5000/demo/app",
        "localhost/app",
        "localhost:5000/a",
        "registry:5000/app",
        "Registry.Example.com/app",
        "registry.example.com/a.b/c_d/e__f/g---h",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app"
      })
  void acceptsFullyQualifiedRepositoryNames(String gun) {
    assertThat(Gun.of(gun).value()).isEqualTo(gun);
    assertThat(Gun.isValid(gun)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| is empty",
        "registry.example.com/a/../b| \"registry.example.com/a/../b\" contains a '..' path segment",
        "../etc/passwd| \"../etc/passwd\" contains a '..' path segment",
        "registry.example.com/a/./b| repository path \"a/./b\" has a \".\" path segment",
        "registry.example.com/*| \"registry.example.com/*\" contains '*'; a GUN names one"
            + " repository, not a pattern",
        "/registry.example.com/app| \"/registry.example.com/app\" must not start or end with '/'",
        "registry.example.com/app/| \"registry.example.com/app/\" must not start or end with '/'",
        "registry.example.com//app| repository path \"/app\" must not start or end with '/'",
        "registry.example.com/a//b| repository path \"a//b\" has an empty path segment ('//')",
        "registry.example.com| \"registry.example.com\" has no repository path; expected"
            + " host/path, e.g. registry.example.com/app",
        "team/app| \"team/app\" does not start with a registry host: \"team\" has no '.' or"
            + " ':port' and is not localhost (write e.g. docker.io/team/app)",
        "registry.example.com/Team/app| repository path \"Team/app\" has path component \"Team\""
            + " with uppercase letters",
        "registry.example.com/a___b| repository path \"a___b\" has path component \"a___b\":"
            + " lowercase letters and digits, separated by one '.', '_', '__' or any run of '-'",
        "registry.example.com/-app| repository path \"-app\" has path component \"-app\":"
            + " lowercase letters and digits, separated by one '.', '_', '__' or any run of '-'",
        "registry.example.com:0/app| host \"registry.example.com:0\" has port \"0\"; a port is"
            + " 1-65535",
        "registry.exa_mple.com/app| host \"registry.exa_mple.com\" is not a registry host: label"
            + " \"exa_mple\" is not letters, digits and inner '-' (IPv6 literals are not"
            + " supported)",
        "registry..com/app| host \"registry..com\" is not a registry host: it has an empty label"
            + " letters, digits and inner '-' (IPv6 literals are not supported)",
        "registry.example.com/app@sha256| repository path \"app@sha256\" has path component"
            + " \"app@sha256\": lowercase letters and digits, separated by one '.', '_', '__' or"
            + " any run of '-'",
      })
  void explainsWhyANameIsNotAGun(String gun, String problem) {
    assertThat(Gun.problem(gun)).contains(problem.strip());
    assertThatThrownBy(() -> Gun.of(gun))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GUN " + problem.strip());
  }

  @Test
  void countsGunLengthInUtf8Bytes() {
    String base = "registry.example.com/";
    assertThat(Gun.isValid(base + "a".repeat(255 - base.length()))).isTrue();
    assertThat(Gun.problem(base + "a".repeat(256 - base.length())))
        .contains("is 256 bytes in UTF-8; at most 255 are allowed");
    // 254 characters, 256 bytes: the byte count decides (and is checked first)
    String multiByte = base + "éé" + "a".repeat(231);
    assertThat(multiByte).hasSize(254);
    assertThat(Gun.problem(multiByte)).contains("is 256 bytes in UTF-8; at most 255 are allowed");
  }

  @Test
  void namesControlCharactersAndEscapesThemInMessages() {
    assertThat(Gun.problem("registry.example.com/a\nb"))
        .contains(
            "\"registry.example.com/a\\u000ab\" contains control character U+000A at index 22");
    assertThat(Gun.problem("registry.example.com/a\u0085b"))
        .contains(
            "\"registry.example.com/a\\u0085b\" contains control character U+0085 at index 22");
  }

  @Test
  void splitsAGunIntoHostAndPath() {
    Gun gun = Gun.of("127.0.0.1:5000/demo/app");
    assertThat(gun.host()).isEqualTo("127.0.0.1:5000");
    assertThat(gun.path()).isEqualTo("demo/app");
    assertThat(gun).hasToString("127.0.0.1:5000/demo/app");
  }

  @Test
  void acceptsSha256AndSha512Digests() {
    Digest sha256 = Digest.of("sha256:" + "0123456789abcdef".repeat(4));
    assertThat(sha256.algorithm()).isEqualTo("sha256");
    assertThat(sha256.hex()).hasSize(64);
    assertThat(Digest.isValid("sha512:" + "f".repeat(128))).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "af9fcbdd| \"af9fcbdd\" is not algorithm:hex (e.g. sha256:<64 hex>)",
        "sha256:abc| \"sha256:abc\" has 3 hex characters; sha256 needs 64",
        "sha512:abcd| \"sha512:abcd\" has 4 hex characters; sha512 needs 128",
        "sha256:xxxx| \"sha256:xxxx\" is not lowercase hex after 'sha256:'",
        "sha256:| \"sha256:\" is not lowercase hex after 'sha256:'",
        "SHA256:abcd| \"SHA256:abcd\" uses algorithm \"SHA256\"; only sha256 and sha512 are"
            + " accepted",
      })
  void explainsWhyAStringIsNotADigest(String digest, String problem) {
    assertThat(Digest.problem(digest)).contains(problem.strip());
    assertThatThrownBy(() -> Digest.of(digest)).hasMessage("digest " + problem.strip());
  }

  @Test
  void rejectsDigestsOfTheWrongLengthFromRegistryExamples() {
    // AWS's sample has 60 hex, GitHub's 40: neither may become a signed digest
    assertThat(Digest.isValid("sha256:" + "a".repeat(60))).isFalse();
    assertThat(Digest.isValid("sha256:" + "a".repeat(40))).isFalse();
    assertThat(Digest.isValid("sha256:" + "a".repeat(65))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "v1.2.3", "_", "1.0.0-rc.1", "sha256-abc.sig", "A_b-c.D"})
  void acceptsDockerTags(String tag) {
    assertThat(Tag.of(tag).value()).isEqualTo(tag);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| is empty",
        ".hidden| \".hidden\" must start with a letter, digit or '_'",
        "-x| \"-x\" must start with a letter, digit or '_'",
        "v1/beta| \"v1/beta\" has character U+002F at index 2; only letters, digits, '_', '.' and"
            + " '-' are allowed",
        "café| \"café\" has character U+00E9 at index 3; only letters, digits, '_', '.' and '-'"
            + " are allowed",
      })
  void explainsWhyAStringIsNotATag(String tag, String problem) {
    assertThat(Tag.problem(tag)).contains(problem.strip());
  }

  @Test
  void limitsTagsTo128Characters() {
    assertThat(Tag.isValid("a".repeat(128))).isTrue();
    assertThat(Tag.problem("a".repeat(129)))
        .hasValueSatisfying(
            problem -> assertThat(problem).endsWith("is 129 characters long; at most 128"));
  }
}
