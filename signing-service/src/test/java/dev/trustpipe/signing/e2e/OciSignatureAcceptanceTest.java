package dev.trustpipe.signing.e2e;

import java.util.Map;

/** OCI signatures with the embedded default custody, the local encrypted keystore. */
class OciSignatureAcceptanceTest extends OciSignatureScenarios {
  @Override
  Map<String, Object> custody() {
    return Map.of();
  }

  @Override
  String databasePrefix() {
    return "signing_oci";
  }
}
