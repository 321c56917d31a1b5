package dev.trustpipe.translog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of an NDJSON export (and one item of the audit API): the entry's canonical members plus
 * {@code entryHash}, {@code leafHash} (hex) and {@code logIndex}, as stored. A verifier recomputes
 * the hashes from the members and compares.
 *
 * @param entry the entry the members describe
 * @param entryHash the entry hash the log stored for it (hex)
 * @param leafHash the leaf hash the line claims, or null
 * @param logIndex the leaf index the line claims, or null
 */
public record ExportLine(AuditEntry entry, String entryHash, String leafHash, Long logIndex) {
  /** Longest line {@link #parse} accepts. */
  public static final int MAX_LINE_CHARS = 1024 * 1024;

  private static final Set<String> ENTRY_FIELDS =
      Set.of(
          "sequence",
          "time",
          "eventId",
          "eventType",
          "action",
          "gun",
          "actor",
          "source",
          "role",
          "version",
          "metadataSha256",
          "tag",
          "digest",
          "targets",
          "keyIds",
          "causeEventIds",
          "detail",
          "prevHash");
  private static final Set<String> LINE_FIELDS = Set.of("entryHash", "leafHash", "logIndex");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(40).build());
  }

  /** The line for a stored entry: its members, then the stored hashes and its index. */
  public static String format(AuditEntry entry, String entryHash, byte[] leafHash) {
    String canonical = entry.canonicalJson();
    StringBuilder line = new StringBuilder(canonical.length() + 200);
    line.append(canonical, 0, canonical.length() - 1);
    line.append(",\"entryHash\":\"").append(entryHash).append('"');
    line.append(",\"leafHash\":\"").append(Hashes.hex(leafHash)).append('"');
    line.append(",\"logIndex\":").append(entry.logIndex());
    return line.append('}').toString();
  }

  /**
   * Parses one line (a streaming parse: this is the hot path of offline verification).
   *
   * @throws NoteFormatException when it is not a well-formed entry line
   */
  public static ExportLine parse(String line) {
    if (line == null || line.length() > MAX_LINE_CHARS) {
      throw new NoteFormatException("the line is missing or longer than " + MAX_LINE_CHARS);
    }
    try (JsonParser p = MAPPER.getFactory().createParser(line)) {
      return read(p);
    } catch (NoteFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new NoteFormatException("not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new NoteFormatException("not JSON");
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new NoteFormatException("invalid entry: " + e.getMessage());
    }
  }

  private static ExportLine read(JsonParser p) throws java.io.IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new NoteFormatException("an entry line is one JSON object");
    }
    Long sequence = null;
    Instant time = null;
    Integer version = null;
    Long logIndex = null;
    Map<String, String> text = new HashMap<>();
    List<AuditEntry.TargetChange> targets = List.of();
    List<String> keyIds = List.of();
    List<String> causeEventIds = List.of();
    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "sequence" -> sequence = longValue(p, value, name);
        case "logIndex" -> logIndex = longValue(p, value, name);
        case "version" -> {
          long v = longValue(p, value, name);
          if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new NoteFormatException("version is not an integer");
          }
          version = (int) v;
        }
        case "time" -> time = time(string(p, value, name));
        case "targets" -> targets = targets(p, value);
        case "keyIds" -> keyIds = strings(p, value, name);
        case "causeEventIds" -> causeEventIds = strings(p, value, name);
        default -> {
          if (!ENTRY_FIELDS.contains(name) && !LINE_FIELDS.contains(name)) {
            throw new NoteFormatException("unknown member " + quote(name));
          }
          text.put(name, string(p, value, name));
        }
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new NoteFormatException("an entry line is one JSON object");
    }
    if (p.nextToken() != null) {
      throw new NoteFormatException("text after the entry");
    }
    if (sequence == null) {
      throw new NoteFormatException("sequence is missing");
    }
    if (time == null) {
      throw new NoteFormatException("time is missing");
    }
    AuditEntry entry =
        new AuditEntry(
            sequence,
            time,
            text.get("eventId"),
            text.get("eventType"),
            text.get("action"),
            text.get("gun"),
            text.get("actor"),
            text.get("source"),
            text.get("role"),
            version,
            text.get("metadataSha256"),
            text.get("tag"),
            text.get("digest"),
            targets,
            keyIds,
            causeEventIds,
            text.get("detail"),
            text.get("prevHash"));
    String entryHash = text.get("entryHash");
    if (entryHash == null) {
      throw new NoteFormatException("entryHash is missing");
    }
    Hashes.fromHex(entryHash);
    String leafHash = text.get("leafHash");
    if (leafHash != null) {
      Hashes.fromHex(leafHash);
    }
    return new ExportLine(entry, entryHash, leafHash, logIndex);
  }

  private static long longValue(JsonParser p, JsonToken value, String name)
      throws java.io.IOException {
    if (value != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new NoteFormatException(name + " is not an integer");
    }
    return p.getLongValue();
  }

  private static String string(JsonParser p, JsonToken value, String name)
      throws java.io.IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new NoteFormatException(name + " is not a string");
    }
    return p.getText();
  }

  private static Instant time(String text) {
    Instant fast = canonicalTime(text);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new NoteFormatException("time is not an RFC 3339 UTC time");
    }
  }

  /** The canonical {@code yyyy-MM-ddTHH:mm:ss.ffffffZ} without a formatter, or null. */
  static Instant canonicalTime(String t) {
    if (t.length() != 27
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(19) != '.'
        || t.charAt(26) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    int micros = digits(t, 20, 6);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || micros < 0) {
      return null;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    try {
      long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(
          epochDay * 86_400L + hour * 3600L + minute * 60L + second, micros * 1000L);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static int digits(String t, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static List<String> strings(JsonParser p, JsonToken value, String name)
      throws java.io.IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new NoteFormatException(name + " is not an array");
    }
    List<String> out = new ArrayList<>();
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      out.add(string(p, element, name + " element"));
    }
    return out;
  }

  private static List<AuditEntry.TargetChange> targets(JsonParser p, JsonToken value)
      throws java.io.IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new NoteFormatException("targets is not an array");
    }
    List<AuditEntry.TargetChange> out = new ArrayList<>();
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      if (element != JsonToken.START_OBJECT) {
        throw new NoteFormatException("a target is not an object");
      }
      String name = null;
      String digest = null;
      String change = null;
      JsonToken member;
      while ((member = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        String text = string(p, p.nextToken(), "a target's " + field);
        switch (field) {
          case "name" -> name = text;
          case "digest" -> digest = text;
          case "change" -> change = text;
          default -> throw new NoteFormatException("unknown target member " + quote(field));
        }
      }
      if (member != JsonToken.END_OBJECT) {
        throw new NoteFormatException("a target is not an object");
      }
      if (!"added".equals(change) && !"removed".equals(change)) {
        throw new NoteFormatException("a target's change is 'added' or 'removed'");
      }
      if (name == null) {
        throw new NoteFormatException("a target has no name");
      }
      out.add(new AuditEntry.TargetChange(name, digest, AuditEntry.Change.valueOf(change)));
    }
    return out;
  }

  private static String quote(String name) {
    StringBuilder out = new StringBuilder();
    AuditEntry.quote(out, name.length() > 64 ? name.substring(0, 64) + "..." : name);
    return out.toString();
  }
}
