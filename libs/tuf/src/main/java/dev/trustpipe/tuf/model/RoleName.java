package dev.trustpipe.tuf.model;

import java.util.regex.Pattern;

/**
 * Role names as Notary accepts them: the four base roles, and delegations {@code targets/<seg>[/
 * <seg>...]} where every segment is non-empty and made of {@code [-a-z0-9_]} (Notary's {@code
 * IsDelegation}: whitelisted characters, {@code path.Clean}-clean, shorter than 256 bytes).
 */
public final class RoleName {
  public static final String ROOT = "root";
  public static final String TARGETS = "targets";
  public static final String SNAPSHOT = "snapshot";
  public static final String TIMESTAMP = "timestamp";

  /** The delegation TrustPipe signs pushed tags into (what {@code docker trust sign} uses). */
  public static final String RELEASES = "targets/releases";

  private static final Pattern DELEGATION = Pattern.compile("targets(/[-a-z0-9_]+)+");
  private static final int MAX_LENGTH = 255;

  private RoleName() {}

  public static boolean isBaseRole(String role) {
    return ROOT.equals(role)
        || TARGETS.equals(role)
        || SNAPSHOT.equals(role)
        || TIMESTAMP.equals(role);
  }

  public static boolean isDelegation(String role) {
    return role != null && role.length() <= MAX_LENGTH && DELEGATION.matcher(role).matches();
  }

  public static boolean isValid(String role) {
    return isBaseRole(role) || isDelegation(role);
  }

  /** {@code targets} or one of its delegations: metadata of {@code _type} Targets. */
  public static boolean isTargetsRole(String role) {
    return TARGETS.equals(role) || isDelegation(role);
  }

  public static String requireValid(String role) {
    if (!isValid(role)) {
      throw new IllegalArgumentException("invalid role name: " + describe(role));
    }
    return role;
  }

  /** The role whose metadata lists this delegation's keys: {@code targets/a/b -> targets/a}. */
  public static String parentOf(String delegation) {
    if (!isDelegation(delegation)) {
      throw new IllegalArgumentException("not a delegation role: " + describe(delegation));
    }
    return delegation.substring(0, delegation.lastIndexOf('/'));
  }

  /** The {@code _type} value metadata of this role carries. */
  public static String typeOf(String role) {
    requireValid(role);
    return switch (role) {
      case ROOT -> Root.TYPE;
      case SNAPSHOT -> Snapshot.TYPE;
      case TIMESTAMP -> Timestamp.TYPE;
      default -> Targets.TYPE;
    };
  }

  // Role names come from URLs and events; keep messages short and printable.
  static String describe(String role) {
    if (role == null) {
      return "null";
    }
    String shown = role.length() > 64 ? role.substring(0, 64) + "..." : role;
    return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
  }
}
