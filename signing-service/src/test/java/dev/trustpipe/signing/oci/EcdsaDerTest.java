package dev.trustpipe.signing.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EcdsaDerTest {
  private static final KeyPair KEY = p256();

  /** Custody's raw r||s (as the JDK's P1363 format gives it) becomes DER that the JDK verifies. */
  @Property(tries = 200)
  void rawSignaturesBecomeDerThatVerifies(@ForAll @Size(max = 300) byte[] message)
      throws Exception {
    Signature raw = Signature.getInstance("SHA256withECDSAinP1363Format");
    raw.initSign(KEY.getPrivate());
    raw.update(message);
    byte[] rs = raw.sign();

    byte[] der = EcdsaDer.fromRaw(rs);

    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(KEY.getPublic());
    verifier.update(message);
    assertThat(verifier.verify(der)).isTrue();
    assertThat(der[0]).isEqualTo((byte) 0x30);
    assertThat(der[1] & 0xff).isEqualTo(der.length - 2);
  }

  @Test
  void encodesHighBitAndLeadingZeroIntegersMinimally() {
    byte[] rs = new byte[64];
    rs[0] = (byte) 0x80; // r needs a 0x00 sign byte
    rs[63] = 1; // s = 1: one byte
    byte[] der = EcdsaDer.fromRaw(rs);
    assertThat(der[2]).isEqualTo((byte) 0x02);
    assertThat(der[3]).isEqualTo((byte) 33);
    assertThat(der[4]).isEqualTo((byte) 0);
    assertThat(der).endsWith(new byte[] {0x02, 0x01, 0x01});
  }

  @Test
  void refusesAnythingButSixtyFourBytes() {
    assertThatThrownBy(() -> EcdsaDer.fromRaw(new byte[70]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static KeyPair p256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
