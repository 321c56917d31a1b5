package dev.trustpipe.testkit.custody;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.custody.local.LocalKeystoreCustody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

class LocalKeystoreContractTest extends KeyCustodyContract {

  private LocalKeystoreCustody custody;

  @Override
  protected void setUpBackend() throws Exception {
    Path directory = Files.createTempDirectory("local-keystore-contract");
    custody =
        new LocalKeystoreCustody(
            directory.resolve("keys"),
            "contract-passphrase".toCharArray(),
            Clock.systemUTC(),
            LocalKeystoreCustody.MIN_PBKDF2_ITERATIONS);
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
