package dev.trustpipe.signing.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235 section 4.1), e.g. Distribution's
 * token auth {@code Bearer realm="https://auth.example/token",service="registry",
 * scope="repository:team/app:pull"} or {@code Basic realm="Registry Realm"}.
 *
 * @param scheme the auth scheme, lowercased ({@code bearer}, {@code basic})
 * @param params the auth-params with lowercased names and unquoted values
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

  /** Longer headers are not parsed: no registry sends one, and the input is from the network. */
  public static final int MAX_HEADER_CHARS = 8192;

  public AuthChallenge {
    params = Map.copyOf(params);
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * Every challenge in one header value. Never throws: a malformed tail is dropped and what was
   * parsed before it is kept (a token68 such as {@code Negotiate abc==} yields the bare scheme).
   */
  public static List<AuthChallenge> parse(String header) {
    List<AuthChallenge> challenges = new ArrayList<>();
    if (header == null || header.length() > MAX_HEADER_CHARS) {
      return challenges;
    }
    Cursor in = new Cursor(header);
    while (true) {
      in.skipSeparators();
      String scheme = in.token();
      if (scheme.isEmpty()) {
        return challenges; // end, or a character no challenge starts with
      }
      Map<String, String> params = new LinkedHashMap<>();
      boolean more = readParams(in, params);
      challenges.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), params));
      if (!more) {
        return challenges;
      }
    }
  }

  /**
   * Reads {@code name=value} pairs after a scheme. Returns whether another challenge may follow
   * (the cursor then stands at its scheme).
   */
  private static boolean readParams(Cursor in, Map<String, String> params) {
    boolean first = true; // only directly after the scheme may a token68 stand
    while (true) {
      in.skipWhitespace();
      int start = in.position;
      String name = in.token();
      in.skipWhitespace();
      if (name.isEmpty()) {
        if (in.peek() == ',') {
          in.position++;
          first = false;
          continue;
        }
        return false; // end, or a character no parameter starts with
      }
      if (in.peek() != '=' || in.isToken68Padding()) {
        in.position = start;
        if (first) {
          in.skipToken68(); // e.g. "Negotiate abc==": a token68, not a parameter
          first = false;
          continue;
        }
        return true; // the scheme of the next challenge
      }
      first = false;
      in.position++; // '='
      in.skipWhitespace();
      String value = in.peek() == '"' ? in.quoted() : in.token();
      if (value == null) {
        return false; // unterminated quoted-string
      }
      params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      in.skipWhitespace();
      if (in.peek() != ',') {
        return false; // end, or garbage after the value
      }
      in.position++;
    }
  }

  private static final class Cursor {
    private static final String TCHAR_SPECIALS = "!#$%&'*+-.^_`|~";
    private final String text;
    private int position;

    Cursor(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return position >= text.length();
    }

    char peek() {
      return atEnd() ? '\0' : text.charAt(position);
    }

    void skipWhitespace() {
      while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
        position++;
      }
    }

    void skipSeparators() {
      while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ',')) {
        position++;
      }
    }

    String token() {
      int start = position;
      while (!atEnd() && isTchar(peek())) {
        position++;
      }
      return text.substring(start, position);
    }

    /**
     * At '=': whether it is a token68's padding ("abc==", "abc=" at the end) rather than "=value".
     */
    boolean isToken68Padding() {
      int next = position + 1;
      return next >= text.length() || text.charAt(next) == '=' || text.charAt(next) == ',';
    }

    void skipToken68() {
      while (!atEnd() && (isTchar(peek()) || peek() == '/' || peek() == '=')) {
        position++;
      }
    }

    /** A quoted-string with backslash escapes, unquoted; null when it is not terminated. */
    String quoted() {
      StringBuilder value = new StringBuilder();
      position++; // opening quote
      while (!atEnd()) {
        char c = text.charAt(position++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\' && !atEnd()) {
          c = text.charAt(position++);
        }
        value.append(c);
      }
      return null;
    }

    private static boolean isTchar(char c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || TCHAR_SPECIALS.indexOf(c) >= 0;
    }
  }
}
