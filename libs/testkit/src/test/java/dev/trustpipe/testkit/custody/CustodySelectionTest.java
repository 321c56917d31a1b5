package dev.trustpipe.testkit.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.CustodySelection;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.custody.pkcs11.Pkcs11Custody;
import dev.trustpipe.custody.vault.VaultTransitCustody;
import dev.trustpipe.testkit.pkcs11.SoftHsmToken;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-role backend selection from the INTERFACES.md settings. */
class CustodySelectionTest {

  @TempDir Path directory;
  private FakeVaultTransitServer vault;

  @BeforeEach
  void start() throws Exception {
    vault = FakeVaultTransitServer.start();
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private Map<String, String> vaultEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("TRUSTPIPE_CUSTODY", "vault");
    env.put("VAULT_ADDR", vault.address().toString());
    env.put("VAULT_TOKEN", vault.rootToken());
    return env;
  }

  @Test
  void theDefaultIsTheLocalKeystoreForEveryRole() throws CustodyException {
    CustodySelection selection =
        CustodySelection.fromEnvironment(
            Map.of("TRUSTPIPE_KEYSTORE_PASSPHRASE", "pass"), directory, Clock.systemUTC());

    assertThat(selection.forRole("root")).isInstanceOf(LocalKeystoreCustody.class);
    assertThat(selection.forRole("timestamp")).isSameAs(selection.forRole("root"));
    assertThat(selection.backendNames()).containsExactly("local");
  }

  @Test
  void rootInAnHsmAndOnlineKeysInVault() throws Exception {
    SoftHsmToken token = SoftHsmToken.shared();
    Map<String, String> env = vaultEnvironment();
    env.put("TRUSTPIPE_CUSTODY_ROOT", "pkcs11");
    env.put(
        "TRUSTPIPE_PKCS11_CONFIG",
        token.writeSunPkcs11Config(directory.resolve("pkcs11.cfg")).toString());
    env.put("TRUSTPIPE_PKCS11_PIN", new String(token.pin()));

    CustodySelection selection =
        CustodySelection.fromEnvironment(env, directory, Clock.systemUTC());
    SigningKey root = selection.forRole("root").create("selection-root", KeyAlgorithm.ECDSA_P256);
    SigningKey targets =
        selection.forRole("targets").create("selection-targets", KeyAlgorithm.ECDSA_P256);

    assertThat(selection.forRole("root")).isInstanceOf(Pkcs11Custody.class);
    assertThat(selection.forRole("snapshot")).isInstanceOf(VaultTransitCustody.class);
    assertThat(selection.get(root.reference()).publicKey()).isEqualTo(root.publicKey());
    assertThat(selection.get(targets.reference()).publicKey()).isEqualTo(targets.publicKey());
    assertThat(selection.toString()).isEqualTo("CustodySelection[default=vault, root=pkcs11]");
  }

  @Test
  void misconfigurationsNameTheVariableButNoSecret() {
    Map<String, String> twoAuthMethods = vaultEnvironment();
    twoAuthMethods.put("VAULT_ROLE_ID", "role");
    twoAuthMethods.put("VAULT_SECRET_ID", "secret-id-value");
    Map<String, String> noAddress = vaultEnvironment();
    noAddress.remove("VAULT_ADDR");

    assertThatThrownBy(
            () -> CustodySelection.fromEnvironment(twoAuthMethods, directory, Clock.systemUTC()))
        .isInstanceOf(CustodyException.class)
        .hasMessageContaining("exactly one Vault auth method")
        .hasMessageNotContaining(vault.rootToken())
        .hasMessageNotContaining("secret-id-value");
    assertThatThrownBy(
            () -> CustodySelection.fromEnvironment(noAddress, directory, Clock.systemUTC()))
        .hasMessage("VAULT_ADDR must be set for the vault custody backend");
    assertThatThrownBy(
            () ->
                CustodySelection.fromEnvironment(
                    Map.of("TRUSTPIPE_CUSTODY", "hsm"), directory, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use local, vault or pkcs11");
  }

  @Test
  void referencesOfUnconfiguredBackendsAreRefused() throws CustodyException {
    CustodySelection selection =
        CustodySelection.fromEnvironment(vaultEnvironment(), directory, Clock.systemUTC());

    assertThatThrownBy(
            () -> selection.get(new dev.trustpipe.custody.KeyReference("pkcs11", "root-key", 1)))
        .isInstanceOf(CustodyException.class)
        .hasMessageContaining("not configured");
  }
}
