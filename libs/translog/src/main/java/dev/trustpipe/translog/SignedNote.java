package dev.trustpipe.translog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A C2SP signed note: the text (newline-terminated lines, no blank line), a blank line, then one or
 * more signature lines {@code — <key name> <base64(4-byte key hash || signature)>}.
 */
public record SignedNote(String text, List<Signature> signatures) {
  /** Largest note accepted by {@link #parse}. */
  public static final int MAX_NOTE_BYTES = 64 * 1024;

  /** Most signature lines accepted by {@link #parse}. */
  public static final int MAX_SIGNATURES = 100;

  private static final String SIGNATURE_PREFIX = "\u2014 ";

  /** One signature line. */
  public record Signature(String keyName, byte[] keyHash, byte[] signature) {
    public Signature {
      NoteKey.requireName(keyName);
      if (keyHash == null || keyHash.length != 4) {
        throw new NoteFormatException("a key hash is 4 bytes");
      }
      if (signature == null || signature.length == 0) {
        throw new NoteFormatException("the signature is empty");
      }
      keyHash = keyHash.clone();
      signature = signature.clone();
    }

    @Override
    public byte[] keyHash() {
      return keyHash.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    String line() {
      byte[] payload = new byte[4 + signature.length];
      System.arraycopy(keyHash, 0, payload, 0, 4);
      System.arraycopy(signature, 0, payload, 4, signature.length);
      return SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(payload) + "\n";
    }
  }

  public SignedNote {
    requireText(text);
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty()) {
      throw new NoteFormatException("a signed note has at least one signature");
    }
  }

  /**
   * Signs {@code text} with an Ed25519 key.
   *
   * @param ed25519 signs a message with the private key of {@code key} (pure Ed25519, 64 bytes)
   */
  public static SignedNote sign(String text, NoteKey key, UnaryOperator<byte[]> ed25519) {
    requireText(text);
    byte[] signature = ed25519.apply(text.getBytes(StandardCharsets.UTF_8));
    if (!key.verifies(text.getBytes(StandardCharsets.UTF_8), signature)) {
      throw new IllegalStateException("the signer does not hold the private key of " + key.name());
    }
    return new SignedNote(text, List.of(new Signature(key.name(), key.keyHash(), signature)));
  }

  /** The whole note as served. */
  public String encode() {
    StringBuilder out = new StringBuilder(text).append('\n');
    signatures.forEach(s -> out.append(s.line()));
    return out.toString();
  }

  /**
   * Whether a signature line of {@code key} (same name and key hash) verifies over the text.
   * Signatures by other keys are ignored, as the spec asks.
   */
  public boolean verifiedBy(NoteKey key) {
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    for (Signature signature : signatures) {
      if (signature.keyName().equals(key.name())
          && Arrays.equals(signature.keyHash(), key.keyHash())
          && key.verifies(message, signature.signature())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Parses a signed note.
   *
   * @throws NoteFormatException when it is not one
   */
  public static SignedNote parse(String note) {
    if (note == null) {
      throw new NoteFormatException("no note");
    }
    if (note.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE_BYTES) {
      throw new NoteFormatException("the note is larger than " + MAX_NOTE_BYTES + " bytes");
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new NoteFormatException("a signed note has a blank line before its signatures");
    }
    String text = note.substring(0, split + 1);
    String block = note.substring(split + 2);
    if (block.isEmpty() || !block.endsWith("\n")) {
      throw new NoteFormatException("the signature lines end with a newline");
    }
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new NoteFormatException("more than " + MAX_SIGNATURES + " signatures");
    }
    List<Signature> signatures = new ArrayList<>(lines.length);
    for (String line : lines) {
      signatures.add(parseSignature(line));
    }
    return new SignedNote(text, signatures);
  }

  private static Signature parseSignature(String line) {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw new NoteFormatException("a signature line starts with an em dash and a space");
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
      throw new NoteFormatException("a signature line is '\u2014 <name> <base64>'");
    }
    byte[] payload;
    try {
      payload = Base64.getDecoder().decode(rest.substring(space + 1));
    } catch (IllegalArgumentException e) {
      throw new NoteFormatException("the signature is not base64");
    }
    if (payload.length < 5) {
      throw new NoteFormatException("the signature is shorter than a key hash");
    }
    return new Signature(
        rest.substring(0, space),
        Arrays.copyOf(payload, 4),
        Arrays.copyOfRange(payload, 4, payload.length));
  }

  private static void requireText(String text) {
    if (text == null || text.isEmpty() || !text.endsWith("\n")) {
      throw new NoteFormatException("the note text is non-empty and ends with a newline");
    }
    if (text.contains("\n\n") || text.startsWith("\n")) {
      throw new NoteFormatException("the note text has no blank line");
    }
    if (!text.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c != 0x7f))
        || !StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
      throw new NoteFormatException("the note text has control characters or is not UTF-8");
    }
  }
}
