package dev.trustpipe.custody.local;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PKCS#8 {@code ENCRYPTED PRIVATE KEY} PEM with PBES2 = PBKDF2-HMAC-SHA256 + AES-256-CBC, the
 * format {@code openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256} writes and reads.
 *
 * <p>Bouncy Castle builds and parses the ASN.1; the JDK does PBKDF2 and AES (its SHA-256 uses CPU
 * intrinsics, about 3x faster than BC's here, and the KDF dominates the cost of loading a key). The
 * JDK's own {@code EncryptedPrivateKeyInfo} cannot encode PBES2 parameters on Java 17.
 */
final class EncryptedPrivateKeyPem {

  static final String PEM_TYPE = "ENCRYPTED PRIVATE KEY";

  /** Refuses files that would keep a thread busy for minutes before failing. */
  static final int MAX_ITERATIONS = 10_000_000;

  private static final int SALT_BYTES = 16;
  private static final int AES_BLOCK_BYTES = 16;
  private static final int AES_256_KEY_BITS = 256;
  private static final ASN1ObjectIdentifier HMAC_SHA256 = PKCSObjectIdentifiers.id_hmacWithSHA256;
  private static final ASN1ObjectIdentifier AES_256_CBC = NISTObjectIdentifiers.id_aes256_CBC;

  private EncryptedPrivateKeyPem() {}

  static String encrypt(byte[] pkcs8, char[] passphrase, int iterations, SecureRandom random)
      throws GeneralSecurityException {
    byte[] salt = new byte[SALT_BYTES];
    byte[] iv = new byte[AES_BLOCK_BYTES];
    random.nextBytes(salt);
    random.nextBytes(iv);
    byte[] ciphertext =
        aes(Cipher.ENCRYPT_MODE, derivedKey(passphrase, salt, iterations), iv).doFinal(pkcs8);
    PBKDF2Params kdfParameters =
        new PBKDF2Params(salt, iterations, new AlgorithmIdentifier(HMAC_SHA256, DERNull.INSTANCE));
    PBES2Parameters pbes2 =
        new PBES2Parameters(
            new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, kdfParameters),
            new EncryptionScheme(AES_256_CBC, new DEROctetString(iv)));
    EncryptedPrivateKeyInfo info =
        new EncryptedPrivateKeyInfo(
            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2), ciphertext);
    try {
      StringWriter pem = new StringWriter();
      try (PemWriter writer = new PemWriter(pem)) {
        writer.writeObject(new PemObject(PEM_TYPE, info.getEncoded(ASN1Encoding.DER)));
      }
      return pem.toString();
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory cannot fail", e);
    }
  }

  /**
   * Returns the plaintext PKCS#8 {@code PrivateKeyInfo}. Every failure (not PEM, another scheme,
   * wrong passphrase, tampered bytes) is a {@link GeneralSecurityException} whose message is safe
   * but deliberately not shown to users: they cannot tell a wrong passphrase from a corrupt file.
   */
  static byte[] decrypt(String pem, char[] passphrase) throws GeneralSecurityException {
    try {
      PemObject object;
      try (PemReader reader = new PemReader(new StringReader(pem))) {
        object = reader.readPemObject();
      }
      if (object == null || !PEM_TYPE.equals(object.getType())) {
        throw new GeneralSecurityException("not an " + PEM_TYPE + " PEM");
      }
      EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(object.getContent());
      AlgorithmIdentifier scheme = info.getEncryptionAlgorithm();
      require(PKCSObjectIdentifiers.id_PBES2.equals(scheme.getAlgorithm()), "not PBES2");
      PBES2Parameters pbes2 = PBES2Parameters.getInstance(scheme.getParameters());
      KeyDerivationFunc kdf = pbes2.getKeyDerivationFunc();
      require(PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm()), "not PBKDF2");
      PBKDF2Params kdfParameters = PBKDF2Params.getInstance(kdf.getParameters());
      require(HMAC_SHA256.equals(kdfParameters.getPrf().getAlgorithm()), "PRF is not HMAC-SHA256");
      require(
          kdfParameters.getKeyLength() == null
              || kdfParameters.getKeyLength().intValueExact() == AES_256_KEY_BITS / 8,
          "unexpected key length");
      int iterations = kdfParameters.getIterationCount().intValueExact();
      require(iterations >= 1 && iterations <= MAX_ITERATIONS, "iteration count out of range");
      EncryptionScheme cipher = pbes2.getEncryptionScheme();
      require(AES_256_CBC.equals(cipher.getAlgorithm()), "not AES-256-CBC");
      byte[] iv = ASN1OctetString.getInstance(cipher.getParameters()).getOctets();
      require(iv.length == AES_BLOCK_BYTES, "bad IV length");
      SecretKeySpec key = derivedKey(passphrase, kdfParameters.getSalt(), iterations);
      return aes(Cipher.DECRYPT_MODE, key, iv).doFinal(info.getEncryptedData());
    } catch (IOException | RuntimeException e) {
      // Malformed PEM or ASN.1: report it as a security failure without the parser's details.
      throw new GeneralSecurityException("malformed encrypted private key");
    }
  }

  private static SecretKeySpec derivedKey(char[] passphrase, byte[] salt, int iterations)
      throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, AES_256_KEY_BITS);
    byte[] keyBytes = null;
    try {
      keyBytes =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return new SecretKeySpec(keyBytes, "AES");
    } finally {
      spec.clearPassword();
      if (keyBytes != null) {
        Arrays.fill(keyBytes, (byte) 0);
      }
    }
  }

  private static Cipher aes(int mode, SecretKeySpec key, byte[] iv)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
    cipher.init(mode, key, new IvParameterSpec(iv));
    return cipher;
  }

  private static void require(boolean condition, String reason) throws GeneralSecurityException {
    if (!condition) {
      throw new GeneralSecurityException("unsupported encryption: " + reason);
    }
  }
}
