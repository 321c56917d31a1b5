package dev.trustpipe.signing.notary;

import java.nio.charset.StandardCharsets;

/**
 * Matches a decoded request path against Notary's routes exactly as notary-server's gorilla/mux
 * router does: routes are tried in registration order (checksum, version, current, key, changefeed)
 * and the GUN ({@code [^*]+}) is greedy, so for every route the longest GUN that lets the rest
 * match wins. Written by hand instead of with regular expressions because GUNs contain {@code /}
 * and {@code :} and this runs on every request.
 */
final class NotaryRouter {

  static final int MAX_GUN_BYTES = 255;

  private static final String V2 = "/v2/";
  private static final String TUF = "/_trust/tuf/";
  private static final String GUN_CHANGEFEED = "/_trust/changefeed";
  private static final String GLOBAL_CHANGEFEED = "/v2/_trust/changefeed";
  private static final String HEALTH = "/_notary_server/health";
  private static final String JSON = ".json";

  private NotaryRouter() {}

  static NotaryRoute route(String method, String path) {
    if (!"GET".equals(method)) {
      return NotaryRoute.CatchAll.INSTANCE;
    }
    if (!path.startsWith(V2)) {
      return HEALTH.equals(path) ? NotaryRoute.Health.INSTANCE : NotaryRoute.CatchAll.INSTANCE;
    }
    if (path.length() == V2.length()) {
      return NotaryRoute.Ping.INSTANCE;
    }
    NotaryRoute metadata = metadataRoute(path);
    if (metadata != null) {
      return metadata;
    }
    if (path.endsWith(GUN_CHANGEFEED)) {
      int end = path.length() - GUN_CHANGEFEED.length();
      if (end > V2.length()) {
        String gun = path.substring(V2.length(), end);
        if (gun.indexOf('*') < 0) {
          return new NotaryRoute.Changefeed(gun);
        }
      }
      if (path.equals(GLOBAL_CHANGEFEED)) {
        return new NotaryRoute.Changefeed(null);
      }
    }
    return NotaryRoute.CatchAll.INSTANCE;
  }

  private static NotaryRoute metadataRoute(String path) {
    int last = path.lastIndexOf(TUF);
    if (last < V2.length()) {
      return null;
    }
    // Every place "/_trust/tuf/" occurs, longest GUN first (almost always exactly one).
    int splits = 0;
    int[] at = new int[4];
    for (int i = last; i >= V2.length(); i = path.lastIndexOf(TUF, i - 1)) {
      if (splits == at.length) {
        at = java.util.Arrays.copyOf(at, splits * 2);
      }
      at[splits++] = i;
    }
    String[] rests = new String[splits];
    for (int i = 0; i < splits; i++) {
      rests[i] = path.substring(at[i] + TUF.length());
    }
    // Route order first, then the longest GUN: that is what "first matching route, greedy GUN"
    // means.
    for (int kind = 0; kind < 4; kind++) {
      for (int i = 0; i < splits; i++) {
        NotaryRoute route = matchFile(kind, path, at[i], rests[i]);
        if (route != null) {
          return route;
        }
      }
    }
    return null;
  }

  private static NotaryRoute matchFile(int kind, String path, int tufAt, String rest) {
    switch (kind) {
      case 0 -> {
        if (!rest.endsWith(JSON)) {
          return null;
        }
        int end = rest.length() - JSON.length();
        int dot = rest.lastIndexOf('.', end - 1);
        if (dot < 0 || !isChecksum(rest, dot + 1, end) || !isRole(rest, 0, dot)) {
          return null;
        }
        String gun = gun(path, tufAt);
        return gun == null
            ? null
            : new NotaryRoute.MetadataByChecksum(
                gun, rest.substring(0, dot), rest.substring(dot + 1, end));
      }
      case 1 -> {
        if (!rest.endsWith(JSON)) {
          return null;
        }
        int end = rest.length() - JSON.length();
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot >= end || !isDigits(rest, 0, dot) || !isRole(rest, dot + 1, end)) {
          return null;
        }
        String gun = gun(path, tufAt);
        return gun == null
            ? null
            : new NotaryRoute.MetadataByVersion(
                gun, rest.substring(dot + 1, end), rest.substring(0, dot));
      }
      case 2 -> {
        if (!rest.endsWith(JSON) || !isRole(rest, 0, rest.length() - JSON.length())) {
          return null;
        }
        String gun = gun(path, tufAt);
        return gun == null
            ? null
            : new NotaryRoute.CurrentMetadata(
                gun, rest.substring(0, rest.length() - JSON.length()));
      }
      default -> {
        String role =
            switch (rest) {
              case "timestamp.key" -> "timestamp";
              case "snapshot.key" -> "snapshot";
              default -> null;
            };
        if (role == null) {
          return null;
        }
        String gun = gun(path, tufAt);
        return gun == null ? null : new NotaryRoute.ServerKey(gun, role);
      }
    }
  }

  /**
   * The GUN of {@code /v2/{gun}/_trust/tuf/}, or null if the router pattern {@code [^*]+} fails.
   */
  private static String gun(String path, int tufAt) {
    if (tufAt <= V2.length()) {
      return null;
    }
    String gun = path.substring(V2.length(), tufAt);
    return gun.indexOf('*') >= 0 ? null : gun;
  }

  /** {@code root|targets(?:/[^/\s]+)*|snapshot|timestamp} on {@code s[from, to)}. */
  static boolean isRole(String s, int from, int to) {
    int length = to - from;
    if ((length == 4 && s.startsWith("root", from))
        || (length == 8 && s.startsWith("snapshot", from))
        || (length == 9 && s.startsWith("timestamp", from))) {
      return true;
    }
    if (length < 7 || !s.startsWith("targets", from)) {
      return false;
    }
    int i = from + 7;
    while (i < to) {
      if (s.charAt(i) != '/') {
        return false;
      }
      int segmentStart = ++i;
      while (i < to && s.charAt(i) != '/') {
        if (isRe2Space(s.charAt(i))) {
          return false;
        }
        i++;
      }
      if (i == segmentStart) {
        return false;
      }
    }
    return true;
  }

  private static boolean isRe2Space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  private static boolean isChecksum(String s, int from, int to) {
    int length = to - from;
    if (length != 64 && length != 96 && length != 128) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return to > from;
  }

  /**
   * Whether TrustPipe serves anything for this GUN at all: no control characters, no {@code ..}, at
   * most 255 bytes of UTF-8. Requests for other GUNs are answered as for a missing GUN.
   */
  static boolean isServableGun(String gun) {
    if (gun.isEmpty() || gun.contains("..")) {
      return false;
    }
    for (int i = 0; i < gun.length(); i++) {
      if (Character.isISOControl(gun.charAt(i))) {
        return false;
      }
    }
    return gun.length() <= MAX_GUN_BYTES / 3
        || gun.getBytes(StandardCharsets.UTF_8).length <= MAX_GUN_BYTES;
  }

  /**
   * Decodes {@code %XX} escapes of a raw request path the way Go's {@code URL.Path} does ({@code +}
   * stays {@code +}); returns null for a malformed escape. Characters up to U+00FF are taken as the
   * raw bytes they stand for (Tomcat hands the request target over as ISO-8859-1).
   */
  static String decodePath(String raw) {
    boolean plain = true;
    for (int i = 0; i < raw.length() && plain; i++) {
      char c = raw.charAt(i);
      plain = c != '%' && c < 0x80;
    }
    if (plain) {
      return raw;
    }
    byte[] out = new byte[raw.length() * 3];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else if (c <= 0xFF) {
        out[n++] = (byte) c;
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        byte[] encoded = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(encoded, 0, out, n, encoded.length);
        n += encoded.length;
        i = end - 1;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
