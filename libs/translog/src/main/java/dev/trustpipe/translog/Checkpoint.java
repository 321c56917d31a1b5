package dev.trustpipe.translog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The body of a C2SP {@code tlog-checkpoint}: origin line, decimal tree size, base64 root hash,
 * then optional extension lines; every line ends with a newline. TrustPipe adds one extension line,
 * {@code time <RFC 3339>}, saying when the checkpoint was signed.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

  public Checkpoint {
    if (origin == null || origin.isEmpty() || !printable(origin)) {
      throw new NoteFormatException("the origin line is empty or not printable");
    }
    if (size < 0) {
      throw new NoteFormatException("the tree size is negative");
    }
    if (rootHash == null || rootHash.length != Hashes.SIZE) {
      throw new NoteFormatException("the root hash is not " + Hashes.SIZE + " bytes");
    }
    rootHash = rootHash.clone();
    extensions = List.copyOf(extensions == null ? List.of() : extensions);
    for (String line : extensions) {
      if (line.isEmpty() || !printable(line)) {
        throw new NoteFormatException("an extension line is empty or not printable");
      }
    }
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The note text that is signed. */
  public String body() {
    StringBuilder text = new StringBuilder();
    text.append(origin).append('\n');
    text.append(size).append('\n');
    text.append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    extensions.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  /**
   * Parses a checkpoint body (the text of a signed note).
   *
   * @throws NoteFormatException when it is not exactly that
   */
  public static Checkpoint parse(String body) {
    if (body == null || body.isEmpty() || !body.endsWith("\n")) {
      throw new NoteFormatException("a checkpoint body ends with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new NoteFormatException("a checkpoint has an origin, a size and a root hash line");
    }
    long size = parseSize(lines[1]);
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new NoteFormatException("the root hash line is not base64");
    }
    if (!Base64.getEncoder().encodeToString(root).equals(lines[2])) {
      throw new NoteFormatException("the root hash line is not canonical base64");
    }
    List<String> extensions = new ArrayList<>(Arrays.asList(lines).subList(3, lines.length));
    return new Checkpoint(lines[0], size, root, extensions);
  }

  private static long parseSize(String line) {
    if (line.isEmpty()
        || line.length() > 19
        || !line.chars().allMatch(c -> c >= '0' && c <= '9')
        || (line.length() > 1 && line.charAt(0) == '0')) {
      throw new NoteFormatException("the size line is not a decimal number without leading zeros");
    }
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw new NoteFormatException("the tree size is too large");
    }
  }

  static boolean printable(String line) {
    return line.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f)
        && StandardCharsets.UTF_8.newEncoder().canEncode(line);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint c
        && origin.equals(c.origin)
        && size == c.size
        && Arrays.equals(rootHash, c.rootHash)
        && extensions.equals(c.extensions);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(rootHash);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + ", size " + size + ", root " + Hashes.hex(rootHash) + "]";
  }
}
