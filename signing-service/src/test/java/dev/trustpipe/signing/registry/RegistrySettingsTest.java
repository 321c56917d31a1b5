package dev.trustpipe.signing.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrySettingsTest {

  @Test
  void loopbackRegistriesArePlainHttpOthersHttpsUnlessConfigured() {
    RegistrySettings settings =
        RegistrySettings.defaults()
            .withSchemes(
                RegistrySettings.parseSchemes("127.0.0.1:5443=https, registry.lan:5000=HTTP"));

    assertThat(settings.scheme("127.0.0.1:5000")).isEqualTo("http");
    assertThat(settings.scheme("localhost:5000")).isEqualTo("http");
    assertThat(settings.scheme("127.0.0.1:5443")).isEqualTo("https");
    assertThat(settings.scheme("registry.lan:5000")).isEqualTo("http");
    assertThat(settings.scheme("registry.example.com")).isEqualTo("https");
    assertThat(settings.scheme("localhost.example.com")).isEqualTo("https");
    assertThatThrownBy(() -> RegistrySettings.defaults().withSchemes(Map.of("a", "ftp")))
        .hasMessageContaining("http or https");
  }

  @Test
  void dockerHubIsAskedOnItsApiHostWithCredentialsUnderAnyOfItsNames() {
    RegistrySettings settings =
        RegistrySettings.defaults()
            .withCredentials(
                RegistrySettings.parseCredentials("https://index.docker.io/v1/=bot:tok"));

    assertThat(RegistrySettings.apiHost("docker.io")).isEqualTo("registry-1.docker.io");
    assertThat(RegistrySettings.apiHost("quay.io")).isEqualTo("quay.io");
    assertThat(settings.credentialsFor("docker.io"))
        .contains(new RegistryCredentials("bot", "tok"));
    assertThat(settings.credentialsFor("quay.io")).isEmpty();
  }

  @Test
  void credentialsParseHostUserPasswordAndErrorsNeverShowThePassword() {
    Map<String, RegistryCredentials> parsed =
        RegistrySettings.parseCredentials(
            "registry.example.com=ci:pa:ss=word\n127.0.0.1:5000=admin:, quay.io=robot+x:tok");

    assertThat(parsed)
        .containsEntry("registry.example.com", new RegistryCredentials("ci", "pa:ss=word"))
        .containsEntry("127.0.0.1:5000", new RegistryCredentials("admin", ""))
        .containsEntry("quay.io", new RegistryCredentials("robot+x", "tok"));
    assertThat(parsed.get("quay.io").toString()).doesNotContain("tok");
    assertThatThrownBy(() -> RegistrySettings.parseCredentials("registry.example.com=topsecret"))
        .hasMessageContaining("host=username:password")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void aDockerConfigFileProvidesAccountsForPasswordsWithAnyCharacter(@TempDir Path dir)
      throws Exception {
    String auth = Base64.getEncoder().encodeToString("ci:p a,s:s".getBytes(StandardCharsets.UTF_8));
    Path config = dir.resolve("config.json");
    Files.writeString(
        config,
        "{\"auths\":{\"https://registry.example.com\":{\"auth\":\""
            + auth
            + "\"},\"quay.io\":{\"username\":\"robot\",\"password\":\"x y\"},"
            + "\"ghcr.io\":{}},\"credsStore\":\"desktop\"}");

    assertThat(RegistrySettings.readDockerConfig(config))
        .containsOnly(
            Map.entry("registry.example.com", new RegistryCredentials("ci", "p a,s:s")),
            Map.entry("quay.io", new RegistryCredentials("robot", "x y")));
  }
}
