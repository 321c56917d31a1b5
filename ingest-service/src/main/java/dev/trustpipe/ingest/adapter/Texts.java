package dev.trustpipe.ingest.adapter;

/** Quoting of payload text in messages: escaped and shortened, so input cannot forge log lines. */
public final class Texts {

  private static final int MAX_QUOTED_CHARS = 80;

  private Texts() {}

  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder quoted = new StringBuilder("\"");
    int limit = Math.min(value.length(), MAX_QUOTED_CHARS);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    if (value.length() > limit) {
      quoted.append("...(").append(value.length()).append(" chars)");
    }
    return quoted.append('"').toString();
  }
}
