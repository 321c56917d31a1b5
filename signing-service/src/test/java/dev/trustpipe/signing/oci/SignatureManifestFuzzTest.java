package dev.trustpipe.signing.oci;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A {@code .sig} manifest comes from the registry, written by anyone with push rights: {@link
 * SignatureManifest#parse} must answer any bytes with a manifest or {@link
 * InvalidSignatureManifestException}, never another exception, and what it accepts must survive an
 * append and a re-parse.
 *
 * <p>Runs the seeds in {@code SignatureManifestFuzzTestInputs/} (if any) in every build; {@code
 * JAZZER_FUZZ=1 mvn -pl signing-service test-compile surefire:test@fuzz-regression
 * -Dsigning.fuzz.hooks=true} fuzzes for real.
 */
class SignatureManifestFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void anyBytesParseOrAreRefusedCleanly(byte[] input) {
    SignatureManifest manifest;
    try {
      manifest = SignatureManifest.parse(input);
    } catch (InvalidSignatureManifestException refused) {
      return;
    }
    int before = manifest.signatureCount();
    SignatureManifest appended = manifest.withSignature("sha256:" + "f".repeat(64), 1, "AAAA");
    SignatureManifest reparsed = SignatureManifest.parse(appended.bytes());
    if (reparsed.signatureCount() != before + 1
        || !reparsed.hasPayload("sha256:" + "f".repeat(64))) {
      throw new IllegalStateException("an append did not survive a re-parse");
    }
  }
}
