package dev.trustpipe.custody;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/** Verifies signatures with the JDK's own providers, independent of the code under test. */
public final class JdkVerifier {

  private JdkVerifier() {}

  public static boolean verifies(
      KeyAlgorithm algorithm, PublicKey publicKey, byte[] message, byte[] signature) {
    try {
      Signature verifier = verifierFor(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("JDK verification could not run", e);
    }
  }

  private static Signature verifierFor(KeyAlgorithm algorithm) throws GeneralSecurityException {
    return switch (algorithm) {
      case ECDSA_P256 -> Signature.getInstance("SHA256withECDSAinP1363Format");
      case ED25519 -> Signature.getInstance("Ed25519");
      case RSA_2048, RSA_3072, RSA_4096 -> {
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        yield pss;
      }
    };
  }
}
