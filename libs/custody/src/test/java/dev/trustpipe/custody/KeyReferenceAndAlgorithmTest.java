package dev.trustpipe.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyReferenceAndAlgorithmTest {

  @Test
  void referenceRequiresAPositiveVersionAndPrintableNames() {
    assertThat(new KeyReference("local", "timestamp", 1).version()).isEqualTo(1);
    assertThatThrownBy(() -> new KeyReference("local", "timestamp", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyReference(" ", "timestamp", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyReference("local", "time\nstamp", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyReference("local", null, 1))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void algorithmIdsRoundTrip(KeyAlgorithm algorithm) {
    assertThat(KeyAlgorithm.fromId(algorithm.id())).isEqualTo(algorithm);
  }

  @Test
  void algorithmFacts() {
    assertThat(KeyAlgorithm.ECDSA_P256.id()).isEqualTo("ecdsa-p256");
    assertThat(KeyAlgorithm.RSA_3072.rsaModulusBits()).isEqualTo(3072);
    assertThat(KeyAlgorithm.RSA_4096.signatureLength()).isEqualTo(512);
    assertThat(KeyAlgorithm.ED25519.supportsDigestSigning()).isFalse();
    assertThat(KeyAlgorithm.ECDSA_P256.supportsDigestSigning()).isTrue();
    assertThat(KeyAlgorithm.rsaWithModulusBits(2048)).isEqualTo(KeyAlgorithm.RSA_2048);
    assertThatThrownBy(() -> KeyAlgorithm.rsaWithModulusBits(1024))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyAlgorithm.ED25519.rsaModulusBits())
        .isInstanceOf(IllegalStateException.class);
  }
}
