package dev.trustpipe.testkit.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.custody.CustodySelection;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.ServiceCustody;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.custody.pkcs11.Pkcs11Custody;
import dev.trustpipe.testkit.pkcs11.SoftHsmToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the services build their custody: root in its own backend for the signing-service only. */
class ServiceCustodyTest {
  @TempDir Path home;

  @Test
  void theSigningServiceKeepsRootInTheHsmAndOnlineKeysInTheLocalKeystore() throws Exception {
    SoftHsmToken token = SoftHsmToken.shared();
    Map<String, String> env = new HashMap<>();
    env.put("TRUSTPIPE_CUSTODY_ROOT", "PKCS11");
    env.put(
        "TRUSTPIPE_PKCS11_CONFIG",
        token.writeSunPkcs11Config(home.resolve("pkcs11.cfg")).toString());
    env.put("TRUSTPIPE_PKCS11_PIN", new String(token.pin()));

    CustodySelection selection =
        ServiceCustody.select(
            "local",
            env::get,
            home.resolve("keys"),
            home.resolve("keystore-passphrase"),
            10_000,
            Clock.systemUTC());
    SigningKey root = selection.forRole("root").create("service-root", KeyAlgorithm.ECDSA_P256);
    SigningKey rotated = selection.forRole("root").rotate("service-root");

    assertThat(selection.forRole("root")).isInstanceOf(Pkcs11Custody.class);
    assertThat(selection.forRole("timestamp")).isInstanceOf(LocalKeystoreCustody.class);
    assertThat(root.reference().backend()).isEqualTo("pkcs11");
    assertThat(rotated.reference().version()).isEqualTo(2);
    assertThat(selection.get(root.reference()).publicKey()).isEqualTo(root.publicKey());
    // the local keystore's passphrase was generated for the online keys; no root key file exists
    assertThat(Files.exists(home.resolve("keystore-passphrase"))).isTrue();
    assertThat(home.resolve("keys").toFile().list((dir, name) -> name.contains("service-root")))
        .isNullOrEmpty();

    // the timestamp- and audit-service never sign with root: they ignore the root setting
    KeyCustody online =
        ServiceCustody.create(
            "local",
            env::get,
            home.resolve("keys"),
            home.resolve("keystore-passphrase"),
            10_000,
            Clock.systemUTC());
    assertThat(online).isInstanceOf(LocalKeystoreCustody.class);
  }

  @Test
  void anUnknownRootBackendIsRefusedNamingTheVariable() {
    Map<String, String> env = Map.of("TRUSTPIPE_CUSTODY_ROOT", "floppy");
    assertThatThrownBy(
            () ->
                ServiceCustody.select(
                    "local",
                    env::get,
                    home.resolve("keys"),
                    home.resolve("keystore-passphrase"),
                    10_000,
                    Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TRUSTPIPE_CUSTODY_ROOT=floppy")
        .hasMessageContaining("use local, vault or pkcs11");
  }
}
