package dev.trustpipe.testkit.custody;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.custody.pkcs11.Pkcs11Custody;
import dev.trustpipe.testkit.pkcs11.SoftHsmToken;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

/**
 * The contract against a SoftHSM2 token through SunPKCS11 (skipped, saying why, without softhsm2).
 * Ed25519 is not offered: SunPKCS11 cannot use Ed25519 keys on JDK 17 (PKCS11.md).
 */
class Pkcs11ContractTest extends KeyCustodyContract {

  private Pkcs11Custody custody;

  @Override
  protected void setUpBackend() throws Exception {
    SoftHsmToken token = SoftHsmToken.shared();
    custody = Pkcs11Custody.openConfig(token.sunPkcs11Config(), token.pin(), Clock.systemUTC());
  }

  @Override
  protected KeyCustody custody() {
    return custody;
  }

  @Override
  protected Set<KeyAlgorithm> supportedAlgorithms() {
    return EnumSet.of(
        KeyAlgorithm.ECDSA_P256,
        KeyAlgorithm.RSA_2048,
        KeyAlgorithm.RSA_3072,
        KeyAlgorithm.RSA_4096);
  }

  @Override
  protected SigningKey rotate(String keyName) throws CustodyException {
    return custody.rotate(keyName);
  }
}
