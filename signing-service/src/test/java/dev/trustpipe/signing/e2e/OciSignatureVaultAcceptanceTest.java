package dev.trustpipe.signing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.testkit.vault.FakeVaultTransitServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * OCI signatures with {@code TRUSTPIPE_CUSTODY=vault}: the key is created and used in Vault Transit
 * (libs/testkit's in-process server, which speaks the documented API; no Vault binary runs here),
 * and the real verifiers accept the signatures the same way.
 */
class OciSignatureVaultAcceptanceTest extends OciSignatureScenarios {
  private FakeVaultTransitServer vault;

  @Override
  Map<String, Object> custody() throws Exception {
    vault = FakeVaultTransitServer.start();
    return Map.of(
        "trustpipe.custody.backend", "vault",
        "VAULT_ADDR", vault.address().toString(),
        "VAULT_TOKEN", vault.rootToken());
  }

  @Override
  String databasePrefix() {
    return "signing_oci_vault";
  }

  @Test
  @Order(5)
  void theOciKeySignedInVaultTransit() {
    assertThat(vault.requests())
        .filteredOn(r -> r.path().startsWith("transit/sign/"))
        .extracting(r -> r.path())
        .anyMatch(path -> path.contains("_sigstore_"));
  }

  @AfterAll
  void stopVault() throws Exception {
    if (vault != null) {
      vault.close();
    }
  }
}
