package dev.trustpipe.translog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the audit log. Its {@link #canonicalBytes() canonical form} is what is hashed: the
 * entry hash is {@code SHA-256(canonical)} and, as the canonical form includes {@code prevHash},
 * each entry commits to every entry before it; the Merkle leaf is {@code SHA-256(0x00 ||
 * canonical)} (RFC 6962 §2.1).
 *
 * <p>Canonical form: one JSON object, members sorted by name, no whitespace, absent (null) values
 * and empty lists left out, strings escaped as RFC 8785 does ({@code \"}, {@code \\}, {@code \b \f
 * \n \r \t}, other controls as a backslash, 'u' and four lowercase hex digits, everything else as
 * UTF-8), integers in decimal, {@code time} as RFC 3339 UTC with exactly six fractional digits.
 * Times are truncated to microseconds on construction, the precision PostgreSQL keeps.
 *
 * @param sequence 1-based position; the Merkle leaf index is {@code sequence - 1}
 * @param time when the change happened (the event's time)
 * @param eventId the CloudEvent id of the event this entry records (unique in the log)
 * @param eventType the CloudEvent type, e.g. {@code dev.trustpipe.trust.changed.v1}
 * @param action what happened, e.g. {@code push}, {@code renewal}, {@code key-rotation}, {@code
 *     rejected}
 * @param gun the repository, when known
 * @param actor who caused it (the rotating operator, else the producing service)
 * @param source the CloudEvent source that reported it
 * @param role the TUF role changed, when one was
 * @param version the role's new version
 * @param metadataSha256 hex SHA-256 of the new metadata bytes
 * @param tag the first target (tag) changed, for display; {@code targets} has them all
 * @param digest that target's manifest digest
 * @param targets every target added or removed
 * @param keyIds signer key ids, or the old and new key id of a rotation
 * @param causeEventIds the registry event ids that caused it
 * @param detail free text: a rejection's reason and stage
 * @param prevHash hex entry hash of the previous entry ({@link #GENESIS} for the first)
 */
public record AuditEntry(
    long sequence,
    Instant time,
    String eventId,
    String eventType,
    String action,
    String gun,
    String actor,
    String source,
    String role,
    Integer version,
    String metadataSha256,
    String tag,
    String digest,
    List<TargetChange> targets,
    List<String> keyIds,
    List<String> causeEventIds,
    String detail,
    String prevHash) {

  /** The {@code prevHash} of entry 1: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** A target added ({@code digest} set) or removed. */
  public record TargetChange(String name, String digest, Change change) {
    public TargetChange {
      Objects.requireNonNull(name, "target name");
      Objects.requireNonNull(change, "change");
    }
  }

  /** How a target changed. */
  public enum Change {
    added,
    removed
  }

  public AuditEntry {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence " + sequence + " is below 1");
    }
    Objects.requireNonNull(time, "time");
    time = time.truncatedTo(ChronoUnit.MICROS);
    requireText("eventId", eventId);
    requireText("eventType", eventType);
    requireText("action", action);
    targets = targets == null ? List.of() : List.copyOf(targets);
    keyIds = keyIds == null ? List.of() : List.copyOf(keyIds);
    causeEventIds = causeEventIds == null ? List.of() : List.copyOf(causeEventIds);
    Hashes.fromHex(Objects.requireNonNull(prevHash, "prevHash"));
  }

  /** The same entry at another position after another entry: what the appender fills in. */
  public AuditEntry at(long newSequence, String newPrevHash) {
    return new AuditEntry(
        newSequence,
        time,
        eventId,
        eventType,
        action,
        gun,
        actor,
        source,
        role,
        version,
        metadataSha256,
        tag,
        digest,
        targets,
        keyIds,
        causeEventIds,
        detail,
        newPrevHash);
  }

  public long logIndex() {
    return sequence - 1;
  }

  /**
   * {@code time} as {@code yyyy-MM-ddTHH:mm:ss.ffffffZ}, formatted by hand: it is on the hot path.
   */
  public String formattedTime() {
    long seconds = time.getEpochSecond();
    if (seconds < 0 || seconds >= 253_402_300_800L) { // outside years 1970..9999
      return TIME.format(time);
    }
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
    StringBuilder out = new StringBuilder(27);
    pad(out, date.getYear(), 4).append('-');
    pad(out, date.getMonthValue(), 2).append('-');
    pad(out, date.getDayOfMonth(), 2).append('T');
    pad(out, secondOfDay / 3600, 2).append(':');
    pad(out, secondOfDay / 60 % 60, 2).append(':');
    pad(out, secondOfDay % 60, 2).append('.');
    pad(out, time.getNano() / 1000, 6).append('Z');
    return out.toString();
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }

  /** The canonical JSON bytes (see the class comment). */
  public byte[] canonicalBytes() {
    return canonicalJson().getBytes(StandardCharsets.UTF_8);
  }

  public String canonicalJson() {
    StringBuilder json = new StringBuilder(512);
    Members members = new Members(json);
    // alphabetical order of the member names
    members.string("action", action);
    members.string("actor", actor);
    members.strings("causeEventIds", causeEventIds);
    members.string("detail", detail);
    members.string("digest", digest);
    members.string("eventId", eventId);
    members.string("eventType", eventType);
    members.string("gun", gun);
    members.strings("keyIds", keyIds);
    members.string("metadataSha256", metadataSha256);
    members.string("prevHash", prevHash);
    members.string("role", role);
    members.number("sequence", sequence);
    members.string("source", source);
    members.string("tag", tag);
    if (!targets.isEmpty()) {
      members.name("targets");
      json.append('[');
      for (int i = 0; i < targets.size(); i++) {
        TargetChange target = targets.get(i);
        if (i > 0) {
          json.append(',');
        }
        Members inner = new Members(json.append('{'));
        inner.string("change", target.change().name());
        inner.string("digest", target.digest());
        inner.string("name", target.name());
        json.append('}');
      }
      json.append(']');
    }
    members.string("time", formattedTime());
    if (version != null) {
      members.number("version", version);
    }
    return json.append('}').toString();
  }

  /** Hex {@code SHA-256(canonical)}: the hash the next entry's {@code prevHash} names. */
  public String entryHash() {
    return Hashes.hex(Hashes.sha256(canonicalBytes()));
  }

  /** {@code SHA-256(0x00 || canonical)}: this entry's Merkle leaf. */
  public byte[] leafHash() {
    return Hashes.leafHash(canonicalBytes());
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " is missing");
    }
  }

  /** Writes {@code "name":value} pairs, commas between, skipping absent values. */
  private static final class Members {
    private final StringBuilder json;
    private boolean first = true;

    Members(StringBuilder json) {
      this.json = json;
      if (json.length() == 0) {
        json.append('{');
      }
    }

    void name(String name) {
      if (!first) {
        json.append(',');
      }
      first = false;
      quote(json, name);
      json.append(':');
    }

    void string(String name, String value) {
      if (value != null) {
        name(name);
        quote(json, value);
      }
    }

    void strings(String name, List<String> values) {
      if (!values.isEmpty()) {
        name(name);
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            json.append(',');
          }
          quote(json, values.get(i));
        }
        json.append(']');
      }
    }

    void number(String name, long value) {
      name(name);
      json.append(value);
    }
  }

  static void quote(StringBuilder json, String value) {
    json.append('"');
    int plain = 0;
    while (plain < value.length()) {
      char c = value.charAt(plain);
      if (c < 0x20 || c == '"' || c == '\\') {
        break;
      }
      plain++;
    }
    json.append(value, 0, plain);
    for (int i = plain; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
