package dev.trustpipe.signing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

class TlsConfigurationTest {

  @TempDir Path directory;

  private final TlsConfiguration configuration = new TlsConfiguration();
  private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

  @Test
  void operatorSuppliedCertificateReplacesTheLocalCa() throws Exception {
    Path certificate =
        Files.writeString(directory.resolve("my.crt"), "-----BEGIN CERTIFICATE-----");
    Path key = Files.writeString(directory.resolve("my.key"), "-----BEGIN PRIVATE KEY-----");
    Path tls = directory.resolve("tls");
    TlsProperties properties = new TlsProperties(true, tls, certificate, key, List.of());

    ServerTlsFiles files =
        configuration.serverTlsFiles(properties, beans.getBeanProvider(Clock.class));

    assertThat(files).isEqualTo(new ServerTlsFiles(null, certificate, key));
    assertThat(tls).doesNotExist();
  }

  @Test
  void operatorSuppliedFilesMustBeReadable() {
    TlsProperties properties =
        new TlsProperties(
            true, directory, directory.resolve("missing.crt"), directory.resolve("k"), List.of());
    assertThatThrownBy(
            () -> configuration.serverTlsFiles(properties, beans.getBeanProvider(Clock.class)))
        .hasMessageContaining("trustpipe.tls.certificate");
  }

  @Test
  void certificateAndKeyGoTogether() {
    assertThatThrownBy(
            () -> new TlsProperties(true, directory, directory.resolve("a.crt"), null, List.of()))
        .hasMessageContaining("must be set together");
  }

  @Test
  void withoutOperatorFilesTheLocalCaIssuesTheCertificate() throws Exception {
    ServerTlsFiles files =
        configuration.serverTlsFiles(
            new TlsProperties(true, directory, null, null, List.of("notary.internal")),
            beans.getBeanProvider(Clock.class));

    assertThat(files.caCertificate()).isEqualTo(directory.resolve("ca.crt")).exists();
    assertThat(
            LocalCertificateAuthority.subjectAlternativeNames(
                LocalCertificateAuthority.readCertificates(files.certificateChain()).get(0)))
        .contains("notary.internal");
  }
}
