package dev.trustpipe.audit.api;

import dev.trustpipe.audit.checkpoint.CheckpointSigner;
import dev.trustpipe.audit.store.AuditStore;
import dev.trustpipe.audit.store.EntryFilter;
import dev.trustpipe.audit.store.StoredCheckpoint;
import dev.trustpipe.audit.store.StoredEntry;
import dev.trustpipe.translog.Checkpoint;
import dev.trustpipe.translog.Hashes;
import dev.trustpipe.translog.NoteFormatException;
import dev.trustpipe.translog.SignedNote;
import dev.trustpipe.translog.VerificationReport;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The audit API of INTERFACES.md under {@code /api/v1/audit} (OpenAPI: {@code /openapi.yaml}). */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

  private final AuditStore store;
  private final CheckpointSigner signer;

  public AuditController(AuditStore store, CheckpointSigner signer) {
    this.store = store;
    this.signer = signer;
  }

  @GetMapping(value = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> events(
      @RequestParam(required = false) String gun,
      @RequestParam(required = false) String tag,
      @RequestParam(required = false) String digest,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    EntryFilter filter = filter(gun, tag, digest, actor, action, from, to);
    int pageSize = limit == null ? DEFAULT_LIMIT : limit;
    if (pageSize < 1 || pageSize > MAX_LIMIT) {
      throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT);
    }
    Long before = cursor == null || cursor.isEmpty() ? null : decodeCursor(cursor);
    List<StoredEntry> page = store.query(filter, pageSize + 1, before);
    boolean more = page.size() > pageSize;
    if (more) {
      page = page.subList(0, pageSize);
    }
    StringBuilder json = new StringBuilder("{\"items\":[");
    for (int i = 0; i < page.size(); i++) {
      json.append(i == 0 ? "" : ",").append(page.get(i).json());
    }
    json.append("],\"nextCursor\":");
    if (more) {
      json.append('"')
          .append(encodeCursor(page.get(page.size() - 1).entry().sequence()))
          .append('"');
    } else {
      json.append("null");
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(json.append('}').toString());
  }

  @GetMapping(value = "/events/{sequence}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> event(@PathVariable long sequence) {
    return store
        .get(sequence)
        .map(e -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(e.json()))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(
                        "{\"error\":\"not_found\",\"message\":\"no entry with sequence "
                            + sequence
                            + "\"}"));
  }

  /** NDJSON, one entry per line, oldest first (sequence order), so it verifies as it streams. */
  @GetMapping(value = "/export")
  public ResponseEntity<StreamingResponseBody> export(
      @RequestParam(required = false) String gun,
      @RequestParam(required = false) String tag,
      @RequestParam(required = false) String digest,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    EntryFilter filter = filter(gun, tag, digest, actor, action, from, to);
    StreamingResponseBody body =
        out -> {
          BufferedWriter writer =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
          store.export(
              filter,
              entry -> {
                try {
                  writer.write(entry.json());
                  writer.write('\n');
                } catch (java.io.IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
          writer.flush();
        };
    return ResponseEntity.ok().contentType(NDJSON).body(body);
  }

  @GetMapping(value = "/verify", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> verify() {
    List<StoredCheckpoint> checkpoints = store.allCheckpoints();
    TreeMap<Long, byte[]> roots = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (StoredCheckpoint stored : checkpoints) {
      try {
        SignedNote note = SignedNote.parse(stored.note());
        Checkpoint body = Checkpoint.parse(note.text());
        if (!note.verifiedBy(signer.noteKey())) {
          problems.add("the checkpoint of size " + stored.treeSize() + " has no valid signature");
        } else if (body.size() != stored.treeSize()
            || !Arrays.equals(body.rootHash(), stored.rootHash())) {
          problems.add(
              "the checkpoint row of size " + stored.treeSize() + " differs from its signed note");
          roots.put(body.size(), body.rootHash());
        } else {
          roots.put(body.size(), body.rootHash());
        }
      } catch (NoteFormatException e) {
        problems.add(
            "the checkpoint of size " + stored.treeSize() + " is malformed: " + e.getMessage());
      }
    }
    VerificationReport report = store.verify(roots);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ok", report.ok() && problems.isEmpty());
    out.put("entries", report.entries());
    out.put("firstBadSequence", report.firstBadSequence());
    out.put("treeSize", report.treeSize());
    out.put("rootHash", report.rootHash());
    out.put("checkpoints", checkpoints.size());
    out.put("latestCheckpointVerified", report.checkpointSize());
    List<String> reasons = new ArrayList<>(problems);
    if (report.reason() != null) {
      reasons.add(0, report.reason());
    }
    out.put("reason", reasons.isEmpty() ? null : String.join("; ", reasons));
    return out;
  }

  @GetMapping(value = "/checkpoint", produces = "text/plain;charset=UTF-8")
  public ResponseEntity<String> checkpoint() {
    return store
        .latestCheckpoint()
        .map(
            c ->
                ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("text/plain;charset=UTF-8"))
                    .body(c.note()))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("no checkpoint has been signed yet\n"));
  }

  @GetMapping(value = "/checkpoint/key")
  public ResponseEntity<String> checkpointKey() {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-pem-file"))
        .header("X-Trustpipe-Verifier-Key", signer.noteKey().encode())
        .body(signer.publicKeyPem());
  }

  @GetMapping(value = "/proof/inclusion", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> inclusion(@RequestParam long logIndex, @RequestParam long treeSize) {
    long size = store.size();
    if (treeSize < 1 || treeSize > size) {
      throw new BadRequestException("treeSize must be between 1 and the log size " + size);
    }
    if (logIndex < 0 || logIndex >= treeSize) {
      throw new BadRequestException("logIndex must be between 0 and treeSize - 1");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("logIndex", logIndex);
    out.put("treeSize", treeSize);
    out.put("rootHash", Hashes.hex(store.rootHash(treeSize)));
    out.put("hashes", hex(store.inclusionProof(logIndex, treeSize)));
    return out;
  }

  @GetMapping(value = "/proof/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> consistency(@RequestParam long from, @RequestParam long to) {
    long size = store.size();
    if (from < 1 || from > to || to > size) {
      throw new BadRequestException("sizes must satisfy 1 <= from <= to <= the log size " + size);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", from);
    out.put("to", to);
    out.put("hashes", hex(store.consistencyProof(from, to)));
    return out;
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(Hashes::hex).toList();
  }

  static EntryFilter filter(
      String gun, String tag, String digest, String actor, String action, String from, String to) {
    Instant fromTime = time("from", from);
    Instant toTime = time("to", to);
    if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
      throw new BadRequestException("from must be before to");
    }
    return new EntryFilter(
        blankToNull(gun),
        blankToNull(tag),
        blankToNull(digest),
        blankToNull(actor),
        blankToNull(action),
        fromTime,
        toTime);
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static Instant time(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequestException(name + " is not an RFC 3339 time, e.g. 2026-11-23T12:00:00Z");
    }
  }

  static String encodeCursor(long sequence) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("before:" + sequence).getBytes(StandardCharsets.UTF_8));
  }

  static long decodeCursor(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith("before:")) {
        throw new IllegalArgumentException();
      }
      long sequence = Long.parseLong(text.substring(7));
      if (sequence < 1) {
        throw new IllegalArgumentException();
      }
      return sequence;
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("cursor is not a cursor this API returned");
    }
  }
}
