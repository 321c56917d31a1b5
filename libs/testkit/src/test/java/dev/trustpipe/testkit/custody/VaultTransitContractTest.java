package dev.trustpipe.testkit.custody;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.custody.vault.VaultAuth;
import dev.trustpipe.custody.vault.VaultSettings;
import dev.trustpipe.custody.vault.VaultTransitCustody;
import dev.trustpipe.testkit.vault.FakeVaultTransitServer;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

/** The contract against the in-process Transit server, with real keys behind its HTTP API. */
class VaultTransitContractTest extends KeyCustodyContract {

  private FakeVaultTransitServer server;
  private VaultTransitCustody custody;

  @Override
  protected void setUpBackend() throws Exception {
    server = FakeVaultTransitServer.start();
    custody =
        new VaultTransitCustody(
            VaultSettings.of(server.address(), new VaultAuth.Token(server.rootToken())),
            Clock.systemUTC());
  }

  @Override
  protected void tearDownBackend() {
    if (server != null) {
      server.close();
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
