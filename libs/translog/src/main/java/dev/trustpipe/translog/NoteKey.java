package dev.trustpipe.translog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 signed-note verifier key (C2SP signed-note): a name, the 4-byte key hash {@code
 * SHA-256(name || 0x0A || 0x01 || public key)[:4]} and the 32-byte public key. Its text form is
 * {@code <name>+<8 hex digits>+<base64(0x01 || public key)>}.
 */
public record NoteKey(String name, byte[] keyHash, byte[] publicKey) {
  /** Signature type identifier of Ed25519 in signed notes. */
  public static final byte ED25519 = 0x01;

  private static final byte[] X509_ED25519_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  public NoteKey {
    requireName(name);
    if (publicKey == null || publicKey.length != 32) {
      throw new NoteFormatException("an Ed25519 public key is 32 bytes");
    }
    publicKey = publicKey.clone();
    byte[] expected = keyHash(name, publicKey);
    if (keyHash == null || !Arrays.equals(keyHash, expected)) {
      throw new NoteFormatException("the key hash does not match the name and public key");
    }
    keyHash = keyHash.clone();
  }

  /** The verifier key of an Ed25519 public key (X.509 form, e.g. from a PEM or a custody key). */
  public static NoteKey of(String name, PublicKey ed25519) {
    byte[] encoded = ed25519.getEncoded();
    if (!"Ed25519".equals(ed25519.getAlgorithm()) && !"EdDSA".equals(ed25519.getAlgorithm())
        || encoded.length != 44
        || !Arrays.equals(Arrays.copyOf(encoded, 12), X509_ED25519_PREFIX)) {
      throw new IllegalArgumentException("checkpoints are signed with Ed25519 keys");
    }
    byte[] raw = Arrays.copyOfRange(encoded, 12, 44);
    return new NoteKey(name, keyHash(name, raw), raw);
  }

  /** Parses {@code <name>+<hex key hash>+<base64(0x01 || key)>}. */
  public static NoteKey parse(String verifierKey) {
    int plus = verifierKey == null ? -1 : verifierKey.indexOf('+');
    if (plus < 0 || verifierKey.length() < plus + 10 || verifierKey.charAt(plus + 9) != '+') {
      throw new NoteFormatException("a verifier key is <name>+<8 hex digits>+<base64 key>");
    }
    String[] parts = {
      verifierKey.substring(0, plus),
      verifierKey.substring(plus + 1, plus + 9),
      verifierKey.substring(plus + 10)
    };
    byte[] hash;
    byte[] typedKey;
    try {
      hash = HexFormat.of().parseHex(parts[1]);
      typedKey = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new NoteFormatException("a verifier key is <name>+<8 hex digits>+<base64 key>");
    }
    if (typedKey.length != 33 || typedKey[0] != ED25519) {
      throw new NoteFormatException("only Ed25519 verifier keys (type 0x01) are supported");
    }
    return new NoteKey(parts[0], hash, Arrays.copyOfRange(typedKey, 1, 33));
  }

  public static byte[] keyHash(String name, byte[] rawPublicKey) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[nameBytes.length + 2 + rawPublicKey.length];
    System.arraycopy(nameBytes, 0, input, 0, nameBytes.length);
    input[nameBytes.length] = '\n';
    input[nameBytes.length + 1] = ED25519;
    System.arraycopy(rawPublicKey, 0, input, nameBytes.length + 2, rawPublicKey.length);
    return Arrays.copyOf(Hashes.sha256(input), 4);
  }

  @Override
  public byte[] keyHash() {
    return keyHash.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The verifier key text. */
  public String encode() {
    byte[] typed = new byte[33];
    typed[0] = ED25519;
    System.arraycopy(publicKey, 0, typed, 1, 32);
    return name
        + "+"
        + HexFormat.of().formatHex(keyHash)
        + "+"
        + Base64.getEncoder().encodeToString(typed);
  }

  public PublicKey toPublicKey() {
    byte[] encoded = new byte[44];
    System.arraycopy(X509_ED25519_PREFIX, 0, encoded, 0, 12);
    System.arraycopy(publicKey, 0, encoded, 12, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
    }
  }

  /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
  public boolean verifies(byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(toPublicKey());
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static void requireName(String name) {
    if (name == null
        || name.isEmpty()
        || name.chars().anyMatch(c -> c == '+' || Character.isWhitespace(c) || c < 0x20)
        || !Checkpoint.printable(name)) {
      throw new NoteFormatException("a key name is non-empty, without spaces or '+'");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NoteKey k
        && name.equals(k.name)
        && Arrays.equals(keyHash, k.keyHash)
        && Arrays.equals(publicKey, k.publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return encode();
  }
}
