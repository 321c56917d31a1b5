package dev.trustpipe.custody.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.custody.KeyAlgorithm;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class VaultSignaturesTest {

  private static final byte[] RAW = new byte[64];

  static {
    for (int i = 0; i < RAW.length; i++) {
      RAW[i] = (byte) (0xf0 + i);
    }
  }

  @Test
  void jwsPayloadsAreBase64UrlWithoutPadding() {
    String text = "vault:v12:" + Base64.getUrlEncoder().withoutPadding().encodeToString(RAW);

    VaultSignatures.Parsed parsed = VaultSignatures.parse(text, KeyAlgorithm.ECDSA_P256, true);

    assertThat(parsed.keyVersion()).isEqualTo(12);
    assertThat(parsed.signature()).isEqualTo(RAW);
  }

  @Test
  void asn1PayloadsAreStandardBase64() {
    String text = "vault:v1:" + Base64.getEncoder().encodeToString(RAW);

    assertThat(VaultSignatures.parse(text, KeyAlgorithm.ED25519, false).signature()).isEqualTo(RAW);
  }

  @Test
  void malformedSignaturesAreRejectedWithoutQuotingThem() {
    String der = "vault:v1:" + Base64.getEncoder().encodeToString(new byte[71]);
    for (String text :
        new String[] {
          "",
          "vault:",
          "vault:v:AA",
          "vault:v0:AA",
          "vault:vx:AA",
          "vault:v1",
          "vault:v1:!!",
          der,
          "vault:v99999999999:AA"
        }) {
      assertThatThrownBy(() -> VaultSignatures.parse(text, KeyAlgorithm.ECDSA_P256, false))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> VaultSignatures.parse(der, KeyAlgorithm.ECDSA_P256, false))
        .hasMessageContaining("71")
        .hasMessageContaining("jws");
  }
}
