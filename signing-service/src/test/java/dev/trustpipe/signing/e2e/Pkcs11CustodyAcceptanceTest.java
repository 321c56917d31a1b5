package dev.trustpipe.signing.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.Topics;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.KeyNames;
import dev.trustpipe.custody.pkcs11.Pkcs11Custody;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.NotaryCli.ListedTarget;
import dev.trustpipe.signing.support.NotaryHttp;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.testkit.pkcs11.SoftHsmToken;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with {@code TRUSTPIPE_CUSTODY=pkcs11} on a SoftHSM2 token (libs/testkit's {@link
 * SoftHsmToken}; skipped, saying why, where softhsm2 is not installed): every key is generated and
 * used inside the token through SunPKCS11, and the real notary CLI verifies what was signed. The
 * token itself, opened afresh, shows the five keys of the repository as non-extractable private
 * keys whose public halves are the ones the metadata publishes; no keystore file is written.
 */
class Pkcs11CustodyAcceptanceTest {
  @TempDir Path home;
  @TempDir Path config;

  @Test
  void pushesSignedWithKeysInASoftHsmTokenAreVerifiedByTheRealNotaryCli() throws Exception {
    SoftHsmToken token = SoftHsmToken.shared();
    Path sunPkcs11Config = token.writeSunPkcs11Config(config.resolve("softhsm.cfg"));
    String gun = "registry.example.com:5000/team/hsm-" + Long.toHexString(System.nanoTime());
    try (EmbeddedKafka kafka = new EmbeddedKafka(3);
        TestPostgres database = TestPostgres.create("signing_pkcs11");
        SigningServiceRunner service =
            SigningServiceRunner.start(
                kafka,
                database,
                home,
                Map.of(
                    "trustpipe.custody.backend",
                    "pkcs11",
                    "TRUSTPIPE_PKCS11_CONFIG",
                    sunPkcs11Config.toString(),
                    "TRUSTPIPE_PKCS11_PIN",
                    new String(token.pin())))) {
      assertThat(service.bean(KeyCustody.class)).isInstanceOf(Pkcs11Custody.class);
      kafka.send(
          Topics.REGISTRY_EVENTS,
          gun,
          CODEC.encode(RegistryEvents.push(gun, "v1", "hsm-one", 700, "hsm-1")));
      kafka.send(
          Topics.REGISTRY_EVENTS,
          gun,
          CODEC.encode(RegistryEvents.push(gun, "v2", "hsm-two", 800, "hsm-2")));

      NotaryCli notary = new NotaryCli(service.notaryUrl(), home.resolve("tls/ca.crt"));
      await()
          .atMost(2, TimeUnit.MINUTES)
          .untilAsserted(
              () ->
                  assertThat(notary.list(gun))
                      .containsExactlyInAnyOrder(
                          new ListedTarget(
                              "v1", RegistryEvents.sha256Hex("hsm-one"), 700, RoleName.RELEASES),
                          new ListedTarget(
                              "v2", RegistryEvents.sha256Hex("hsm-two"), 800, RoleName.RELEASES)));

      // the trust store names the token as the home of every key of the repository
      assertThat(custodyBackends(database, gun))
          .containsOnlyKeys(RepositoryKeyring.MANAGED_ROLES.toArray(String[]::new))
          .allSatisfy((role, backend) -> assertThat(backend).isEqualTo("pkcs11 v1"));

      // the token, opened afresh: each role's key pair is there, the private key a handle that
      // never gives its value, the public key the one the served metadata lists for the role
      KeyStore tokenKeys = openToken(token);
      List<String> aliases = Collections.list(tokenKeys.aliases());
      NotaryHttp http = new NotaryHttp(service.notaryUrl(), home.resolve("tls/ca.crt"));
      SignedMetadata root = SignedMetadata.parse(RoleName.ROOT, http.tuf(gun, "root.json").get());
      SignedMetadata targets =
          SignedMetadata.parse(RoleName.TARGETS, http.tuf(gun, "targets.json").get());
      for (String role : RepositoryKeyring.MANAGED_ROLES) {
        String alias = KeyNames.forRole(gun, role) + ".v1";
        assertThat(aliases).as("token aliases").contains(alias);
        Key privateKey = tokenKeys.getKey(alias, null);
        assertThat(privateKey).as("%s private key", role).isInstanceOf(PrivateKey.class);
        assertThat(privateKey.getAlgorithm()).isEqualTo("EC");
        assertThat(privateKey.getEncoded())
            .as("%s: a sensitive token key gives no encoding", role)
            .isNull();
        Certificate certificate = tokenKeys.getCertificate(alias);
        TufKey inToken = TufKey.ecdsa(certificate.getPublicKey());
        List<TufKey> published =
            role.equals(RoleName.RELEASES)
                ? targets.targets().delegations().keysOf(role)
                : root.root().keysOf(role);
        assertThat(published)
            .as("%s keys published in the metadata", role)
            .hasSize(1)
            .allSatisfy(key -> assertThat(key.holdsSamePublicKey(inToken)).isTrue());
      }

      // and nothing of it on the local disk
      Path keystore = home.resolve("keys");
      if (Files.exists(keystore)) {
        try (Stream<Path> files = Files.walk(keystore)) {
          assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
      }
      assertThat(home.resolve("keystore-passphrase")).doesNotExist();
    }
  }

  /** role -> "backend vN" of the repository's key records. */
  private static Map<String, String> custodyBackends(TestPostgres database, String gun)
      throws Exception {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT role, custody_backend, custody_key_version FROM tuf_key WHERE gun = ?")) {
      s.setString(1, gun);
      Map<String, String> backends = new TreeMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          backends.put(rs.getString(1), rs.getString(2) + " v" + rs.getInt(3));
        }
      }
      return backends;
    }
  }

  /** A second SunPKCS11 provider on the same token, logged in with its PIN. */
  private static KeyStore openToken(SoftHsmToken token) throws Exception {
    Provider provider = Security.getProvider("SunPKCS11").configure("--" + token.sunPkcs11Config());
    KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
    keyStore.load(null, token.pin());
    return keyStore;
  }
}
