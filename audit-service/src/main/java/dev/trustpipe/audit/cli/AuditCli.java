package dev.trustpipe.audit.cli;

import dev.trustpipe.translog.Checkpoint;
import dev.trustpipe.translog.ExportVerifier;
import dev.trustpipe.translog.NoteFormatException;
import dev.trustpipe.translog.NoteKey;
import dev.trustpipe.translog.SignedNote;
import dev.trustpipe.translog.VerificationReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code trustpipe audit ...}: the security team's command line for the audit log.
 *
 * <pre>
 * query  [filters] [--limit N] [--all]     entries as JSON lines, newest first
 * export [filters] [--out FILE]            NDJSON export, oldest first
 * checkpoint [--out FILE]                  the latest signed checkpoint
 * key [--out FILE]                         the PEM public key that verifies checkpoints
 * verify --export FILE --checkpoint FILE --key FILE    offline: no server is contacted
 * verify --online                          asks the server to re-check its database
 * filters: --gun G --tag T --digest D --actor A --action X --from RFC3339 --to RFC3339
 * server:  --url (TRUSTPIPE_AUDIT_URL, default http://127.0.0.1:8083)
 *          --token / --token-file (TRUSTPIPE_AUDIT_TOKEN, default $TRUSTPIPE_HOME/auditor-token)
 * </pre>
 *
 * Exit status: 0 success (and a verification that passed), 1 a verification that failed, 2 usage or
 * connection errors.
 */
public final class AuditCli {
  private static final List<String> FILTERS =
      List.of("gun", "tag", "digest", "actor", "action", "from", "to");

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  public AuditCli(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(new AuditCli(System.out, System.err, System.getenv()).run(args));
  }

  /** Runs one command; returns the exit status. */
  public int run(String... args) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      usage(out);
      return args.length == 0 ? 2 : 0;
    }
    Map<String, String> options;
    try {
      options = options(args);
    } catch (IllegalArgumentException e) {
      err.println("trustpipe audit: " + e.getMessage());
      usage(err);
      return 2;
    }
    if (options.containsKey("help")) {
      usage(out);
      return 0;
    }
    try {
      return switch (args[0]) {
        case "query" -> query(options);
        case "export" -> download("/api/v1/audit/export" + filterQuery(options, null), options);
        case "checkpoint" -> download("/api/v1/audit/checkpoint", options);
        case "key" -> download("/api/v1/audit/checkpoint/key", options);
        case "verify" ->
            options.containsKey("online") ? verifyOnline(options) : verifyOffline(options);
        default -> {
          err.println("trustpipe audit: unknown command " + args[0]);
          usage(err);
          yield 2;
        }
      };
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("trustpipe audit " + args[0] + ": no such file: " + e.getFile());
      return 2;
    } catch (IOException | IllegalStateException | NoteFormatException e) {
      err.println("trustpipe audit " + args[0] + ": " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  private int query(Map<String, String> options) throws IOException, InterruptedException {
    boolean all = options.containsKey("all");
    String cursor = null;
    do {
      String path = "/api/v1/audit/events" + filterQuery(options, cursor);
      HttpResponse<String> response = get(path, options, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        err.println(
            "trustpipe audit query: HTTP " + response.statusCode() + ": " + response.body());
        return 2;
      }
      Page page = Page.parse(response.body());
      page.items().forEach(out::println);
      cursor = page.nextCursor();
    } while (all && cursor != null);
    return 0;
  }

  private int download(String path, Map<String, String> options)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        get(path, options, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        err.println(
            "trustpipe audit: HTTP "
                + response.statusCode()
                + ": "
                + new String(body.readAllBytes(), StandardCharsets.UTF_8));
        return 2;
      }
      String file = options.get("out");
      if (file == null) {
        body.transferTo(out);
        out.flush();
      } else {
        try (OutputStream target = Files.newOutputStream(Path.of(file))) {
          body.transferTo(target);
        }
      }
    }
    return 0;
  }

  private int verifyOnline(Map<String, String> options) throws IOException, InterruptedException {
    HttpResponse<String> response =
        get("/api/v1/audit/verify", options, HttpResponse.BodyHandlers.ofString());
    out.println(response.body());
    if (response.statusCode() != 200) {
      return 2;
    }
    return response.body().contains("\"ok\":true") ? 0 : 1;
  }

  private int verifyOffline(Map<String, String> options) throws IOException {
    String export = require(options, "export");
    SignedNote checkpoint = null;
    NoteKey key = null;
    if (options.containsKey("checkpoint")) {
      checkpoint =
          SignedNote.parse(
              Files.readString(Path.of(options.get("checkpoint")), StandardCharsets.UTF_8));
      Checkpoint body = Checkpoint.parse(checkpoint.text());
      key = NoteKey.of(body.origin(), readPem(Path.of(require(options, "key"))));
    }
    VerificationReport report;
    try (BufferedReader reader = Files.newBufferedReader(Path.of(export), StandardCharsets.UTF_8)) {
      report = ExportVerifier.verify(reader, checkpoint, key);
    }
    out.println(json(report));
    return report.ok() ? 0 : 1;
  }

  static String json(VerificationReport report) {
    StringBuilder json = new StringBuilder("{");
    json.append("\"ok\":").append(report.ok());
    json.append(",\"entries\":").append(report.entries());
    json.append(",\"firstBadSequence\":").append(report.firstBadSequence());
    json.append(",\"treeSize\":").append(report.treeSize());
    json.append(",\"rootHash\":\"").append(report.rootHash()).append('"');
    json.append(",\"checkpointSize\":").append(report.checkpointSize());
    json.append(",\"reason\":");
    if (report.reason() == null) {
      json.append("null");
    } else {
      json.append('"')
          .append(report.reason().replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return json.append('}').toString();
  }

  static PublicKey readPem(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
    int end = pem.indexOf("-----END PUBLIC KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(file + " is not a PEM public key");
    }
    String base64 = pem.substring(begin + 26, end).replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(file + " is not an Ed25519 public key", e);
    }
  }

  private <T> HttpResponse<T> get(
      String path, Map<String, String> options, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    String base =
        options.getOrDefault(
            "url", env.getOrDefault("TRUSTPIPE_AUDIT_URL", "http://127.0.0.1:8083"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path))
            .timeout(Duration.ofMinutes(10))
            .header("Authorization", "Bearer " + token(options))
            .GET()
            .build();
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .build()
        .send(request, handler);
  }

  private String token(Map<String, String> options) throws IOException {
    if (options.containsKey("token")) {
      return options.get("token");
    }
    if (env.containsKey("TRUSTPIPE_AUDIT_TOKEN")) {
      return env.get("TRUSTPIPE_AUDIT_TOKEN");
    }
    Path file =
        Path.of(
            options.getOrDefault(
                "token-file",
                Path.of(env.getOrDefault("TRUSTPIPE_HOME", ".trustpipe"), "auditor-token")
                    .toString()));
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          "no token: pass --token, --token-file or set TRUSTPIPE_AUDIT_TOKEN (looked for "
              + file
              + ")");
    }
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  private static String filterQuery(Map<String, String> options, String cursor) {
    List<String> parts = new ArrayList<>();
    for (String name : FILTERS) {
      if (options.containsKey(name)) {
        parts.add(name + "=" + URLEncoder.encode(options.get(name), StandardCharsets.UTF_8));
      }
    }
    if (options.containsKey("limit")) {
      parts.add("limit=" + URLEncoder.encode(options.get("limit"), StandardCharsets.UTF_8));
    }
    if (cursor != null) {
      parts.add("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  private static final List<String> FLAGS = List.of("all", "online", "help");

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg);
      }
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        options.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (FLAGS.contains(name)) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
    return options;
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalStateException("--" + name + " is required");
    }
    return value;
  }

  private static void usage(PrintStream to) {
    to.println(
        """
        usage: trustpipe audit <command> [options]
          query  [filters] [--limit N] [--all]    entries as JSON lines, newest first
          export [filters] [--out FILE]           NDJSON export, oldest first
          checkpoint [--out FILE]                 the latest signed checkpoint (C2SP signed note)
          key [--out FILE]                        the PEM public key that verifies checkpoints
          verify --export FILE [--checkpoint FILE --key FILE]
                                                  offline: checks the hash chain, every entry hash
                                                  and the Merkle root at the checkpoint's size
          verify --online                         asks the server to re-check its database
        filters: --gun G --tag T --digest D --actor A --action X --from RFC3339 --to RFC3339
        server:  --url URL (TRUSTPIPE_AUDIT_URL, default http://127.0.0.1:8083)
                 --token T | --token-file F (TRUSTPIPE_AUDIT_TOKEN, default $TRUSTPIPE_HOME/auditor-token)
        exit status: 0 ok, 1 verification failed, 2 usage or connection error""");
  }

  /** The {@code items} (raw JSON objects) and {@code nextCursor} of an events page. */
  record Page(List<String> items, String nextCursor) {
    static Page parse(String json) {
      try {
        com.fasterxml.jackson.databind.ObjectMapper mapper =
            new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode node = mapper.readTree(json);
        List<String> items = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode item : node.get("items")) {
          items.add(mapper.writeValueAsString(item));
        }
        com.fasterxml.jackson.databind.JsonNode cursor = node.get("nextCursor");
        return new Page(items, cursor == null || cursor.isNull() ? null : cursor.asText());
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("the server's answer is not an events page", e);
      }
    }
  }
}
