package dev.trustpipe.timestamp.renewal;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.signing.keys.CustodyTufSigner;
import dev.trustpipe.truststore.KeyRecord;
import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.repo.RepositorySigners;
import java.util.Map;
import java.util.Set;

/**
 * Turns a repository's key records (public half + custody reference) into signers for just the
 * roles a renewal signs, so renewing a timestamp loads one custody key, not five.
 */
final class RenewalKeys {
  private final KeyCustody custody;

  RenewalKeys(KeyCustody custody) {
    this.custody = custody;
  }

  /**
   * @throws CustodyException when custody cannot give a key
   * @throws IllegalStateException when a needed role has no key record (not held by TrustPipe)
   */
  RepositorySigners signers(String gun, Map<String, KeyRecord> keys, Set<String> roles)
      throws CustodyException {
    return new RepositorySigners(
        null,
        roles.contains(RoleName.TARGETS) ? signer(gun, keys, RoleName.TARGETS) : null,
        roles.contains(RoleName.RELEASES) ? signer(gun, keys, RoleName.RELEASES) : null,
        roles.contains(RoleName.SNAPSHOT) ? signer(gun, keys, RoleName.SNAPSHOT) : null,
        roles.contains(RoleName.TIMESTAMP) ? signer(gun, keys, RoleName.TIMESTAMP) : null);
  }

  private TufSigner signer(String gun, Map<String, KeyRecord> keys, String role)
      throws CustodyException {
    KeyRecord record = keys.get(role);
    if (record == null) {
      throw new IllegalStateException("TrustPipe holds no " + role + " key of " + gun);
    }
    return CustodyTufSigner.of(custody.get(CustodyTufSigner.referenceOf(record)), record);
  }
}
