package dev.trustpipe.signing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {

  private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  @TempDir Path directory;

  private ServerTlsFiles ensure(Instant now, List<String> extraSans) throws Exception {
    return new LocalCertificateAuthority(directory, Clock.fixed(now, ZoneOffset.UTC))
        .ensureServerCertificate(extraSans);
  }

  private static X509Certificate first(Path file) throws Exception {
    return LocalCertificateAuthority.readCertificates(file).get(0);
  }

  @Test
  void createsACaAndAServerCertificateWithPrivateKeysReadableByTheOwnerOnly() throws Exception {
    ServerTlsFiles files = ensure(NOW, List.of());

    assertThat(files.caCertificate()).isEqualTo(directory.resolve("ca.crt"));
    assertThat(files.certificateChain()).isEqualTo(directory.resolve("server.crt"));
    assertThat(files.privateKey()).isEqualTo(directory.resolve("server.key"));
    for (String key : List.of("ca.key", "server.key")) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(key))))
          .isEqualTo("rw-------");
      assertThat(Files.readString(directory.resolve(key)))
          .startsWith("-----BEGIN PRIVATE KEY-----\n");
    }
    assertThat(Files.readString(directory.resolve("ca.crt")))
        .startsWith("-----BEGIN CERTIFICATE-----\n");
  }

  @Test
  void caIsAP256CertificateAuthorityAllowedToSignCertificates() throws Exception {
    ensure(NOW, List.of());
    X509Certificate ca = first(directory.resolve("ca.crt"));

    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0); // CA:true
    assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
    ca.verify(ca.getPublicKey());
    assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(ca.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(3000)));
  }

  @Test
  void serverCertificateIsALeafForLocalhostSignedByTheCa() throws Exception {
    ensure(NOW, List.of());
    List<X509Certificate> chain =
        LocalCertificateAuthority.readCertificates(directory.resolve("server.crt"));
    X509Certificate leaf = chain.get(0);
    X509Certificate ca = first(directory.resolve("ca.crt"));

    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(ca);
    assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(LocalCertificateAuthority.subjectAlternativeNames(leaf))
        .containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    Duration validity =
        Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    assertThat(validity).isLessThan(Duration.ofDays(398));
    assertThat(leaf.getNotBefore().toInstant()).isBefore(NOW);
    assertThat(leaf.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(396)));

    // what a TLS client does: build the path to the CA as trust anchor (PKIX, like Go's x509)
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(NOW));
    CertPathValidator.getInstance("PKIX")
        .validate(
            CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }

  @Test
  void reusesExistingMaterialOnRestart() throws Exception {
    ensure(NOW, List.of("trustpipe.example"));
    byte[] ca = Files.readAllBytes(directory.resolve("ca.crt"));
    byte[] caKey = Files.readAllBytes(directory.resolve("ca.key"));
    byte[] server = Files.readAllBytes(directory.resolve("server.crt"));
    byte[] serverKey = Files.readAllBytes(directory.resolve("server.key"));

    ensure(NOW.plus(Duration.ofDays(100)), List.of(" trustpipe.example ", ""));

    assertThat(Files.readAllBytes(directory.resolve("ca.crt"))).isEqualTo(ca);
    assertThat(Files.readAllBytes(directory.resolve("ca.key"))).isEqualTo(caKey);
    assertThat(Files.readAllBytes(directory.resolve("server.crt"))).isEqualTo(server);
    assertThat(Files.readAllBytes(directory.resolve("server.key"))).isEqualTo(serverKey);
  }

  @Test
  void reissuesTheServerCertificateWhenTheNamesChangeKeepingTheCa() throws Exception {
    ensure(NOW, List.of());
    byte[] ca = Files.readAllBytes(directory.resolve("ca.crt"));
    X509Certificate before = first(directory.resolve("server.crt"));

    ensure(NOW, List.of("notary.example.com", "10.1.2.3", "fd00::1"));

    X509Certificate after = first(directory.resolve("server.crt"));
    assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
    assertThat(LocalCertificateAuthority.subjectAlternativeNames(after))
        .containsExactly(
            "localhost",
            "127.0.0.1",
            "0:0:0:0:0:0:0:1",
            "notary.example.com",
            "10.1.2.3",
            "fd00:0:0:0:0:0:0:1");
    assertThat(Files.readAllBytes(directory.resolve("ca.crt"))).isEqualTo(ca);
    after.verify(first(directory.resolve("ca.crt")).getPublicKey());
  }

  @Test
  void renewsTheServerCertificateThirtyDaysBeforeItExpires() throws Exception {
    ensure(NOW, List.of());
    X509Certificate first = first(directory.resolve("server.crt"));
    Instant expiry = first.getNotAfter().toInstant();

    ensure(expiry.minus(Duration.ofDays(31)), List.of());
    assertThat(first(directory.resolve("server.crt"))).isEqualTo(first);

    Instant renewal = expiry.minus(Duration.ofDays(29));
    ensure(renewal, List.of());
    X509Certificate renewed = first(directory.resolve("server.crt"));
    assertThat(renewed).isNotEqualTo(first);
    assertThat(renewed.getNotAfter().toInstant()).isAfter(renewal.plus(Duration.ofDays(396)));
  }

  @Test
  void replacesAServerKeyThatDoesNotMatchItsCertificate() throws Exception {
    ensure(NOW, List.of());
    X509Certificate before = first(directory.resolve("server.crt"));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    String otherKey =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(directory.resolve("server.key"), otherKey);

    ensure(NOW, List.of());

    assertThat(first(directory.resolve("server.crt"))).isNotEqualTo(before);
    assertThat(Files.readString(directory.resolve("server.key"))).isNotEqualTo(otherKey);
  }

  @Test
  void refusesACaCertificateWithoutItsKeyAndNamesOnlyPaths() throws Exception {
    ensure(NOW, List.of());
    String caKey = Files.readString(directory.resolve("ca.key"));
    Files.delete(directory.resolve("ca.key"));

    assertThatThrownBy(() -> ensure(NOW, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ca.crt exists without")
        .hasMessageNotContaining(caKey.substring(30, 60));
  }

  @Test
  void opensslAcceptsTheChainForTlsServers() throws Exception {
    Path openssl = Path.of("/usr/bin/openssl");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(openssl), "no openssl");
    ensure(Instant.now(), List.of());
    Process process =
        new ProcessBuilder(
                openssl.toString(),
                "verify",
                "-purpose",
                "sslserver",
                "-x509_strict",
                "-CAfile",
                directory.resolve("ca.crt").toString(),
                directory.resolve("server.crt").toString())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains(": OK");
  }
}
