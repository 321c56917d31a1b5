package dev.trustpipe.custody.vault;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.custody.KeyAlgorithm;

/**
 * {@link VaultSignatures#parse} reads what a Vault server (or anything answering on its address)
 * sends: it must return a signature of exactly the algorithm's length and a version >= 1, or throw
 * {@link IllegalArgumentException}; anything else is a finding. Seeds in {@code
 * VaultSignaturesFuzzTestInputs/} replay in every build; {@code JAZZER_FUZZ=1 mvn -pl libs/custody
 * test-compile surefire:test@fuzz-regression} fuzzes for real.
 */
class VaultSignaturesFuzzTest {

  private static final KeyAlgorithm[] ALGORITHMS = KeyAlgorithm.values();

  @FuzzTest(maxDuration = "60s")
  void parseReturnsAWellFormedSignatureOrRejects(FuzzedDataProvider data) {
    KeyAlgorithm algorithm = ALGORITHMS[data.consumeInt(0, ALGORITHMS.length - 1)];
    boolean jws = data.consumeBoolean();
    String text = data.consumeRemainingAsString();
    VaultSignatures.Parsed parsed;
    try {
      parsed = VaultSignatures.parse(text, algorithm, jws);
    } catch (IllegalArgumentException rejected) {
      if (rejected.getMessage() == null
          || rejected.getMessage().contains(text) && text.length() > 8) {
        throw new IllegalStateException("rejection must explain without quoting the input");
      }
      return;
    }
    if (parsed.keyVersion() < 1 || parsed.signature().length != algorithm.signatureLength()) {
      throw new IllegalStateException("accepted a malformed signature");
    }
  }
}
