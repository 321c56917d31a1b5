package dev.trustpipe.testkit.custody;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.custody.vault.VaultAuth;
import dev.trustpipe.custody.vault.VaultSettings;
import dev.trustpipe.custody.vault.VaultTransitCustody;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.vault.VaultContainer;

/**
 * The same contract against the real {@code hashicorp/vault} image, proving the in-process server
 * and the real Vault agree. Runs where a Docker engine exists; elsewhere (these project machines,
 * CI without Docker) the class is skipped with the reason in the test report.
 */
class RealVaultContractTest extends KeyCustodyContract {

  static final String IMAGE = "hashicorp/vault:1.21";
  private static final String ROOT_TOKEN = "trustpipe-root";

  private VaultContainer<?> vault;
  private VaultTransitCustody custody;

  private boolean docker;

  @Override
  protected void setUpBackend() throws Exception {
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (!docker) {
      return;
    }
    vault =
        new VaultContainer<>(IMAGE)
            .withVaultToken(ROOT_TOKEN)
            .withInitCommand("secrets enable transit");
    vault.start();
    custody =
        new VaultTransitCustody(
            VaultSettings.of(
                URI.create(vault.getHttpHostAddress()), new VaultAuth.Token(ROOT_TOKEN)),
            Clock.systemUTC());
  }

  /** Per test, so every skipped test shows the reason in the report. */
  @BeforeEach
  void requireDocker() {
    Assumptions.assumeTrue(
        docker,
        "no Docker engine here: the contract test against the real "
            + IMAGE
            + " image runs only where Docker exists (VaultTransitContractTest covers the same"
            + " contract against the in-process Transit server)");
  }

  @Override
  protected void tearDownBackend() {
    if (vault != null) {
      vault.stop();
    }
  }

  @Override
  protected KeyCustody custody() {
    return custody;
  }

  @Override
  protected Set<KeyAlgorithm> supportedAlgorithms() {
    return EnumSet.allOf(KeyAlgorithm.class);
  }

  @Override
  protected SigningKey rotate(String keyName) throws CustodyException {
    return custody.rotate(keyName);
  }
}
