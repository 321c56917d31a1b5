package dev.trustpipe.bench.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trustpipe.audit.store.AuditMigrations;
import dev.trustpipe.audit.store.AuditStore;
import dev.trustpipe.audit.store.EntryFilter;
import dev.trustpipe.translog.AuditEntry;
import dev.trustpipe.translog.AuditEntry.Change;
import dev.trustpipe.translog.AuditEntry.TargetChange;
import dev.trustpipe.translog.ExportVerifier;
import dev.trustpipe.translog.VerificationReport;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The audit log's three benchmark figures (issue 7) on a real PostgreSQL database:
 *
 * <ol>
 *   <li>append rate: {@code --entries} trust-change entries appended in batches of {@code --batch}
 *       (what one Kafka consumer batch becomes), one writer, as the service appends;
 *   <li>query p99: {@code --queries} queries each for a GUN, a GUN + time range and a digest filter
 *       (newest first, limit 100), through the same store code the API uses;
 *   <li>verification speed: the whole log re-verified in the database (chain, entry hashes, root),
 *       and an NDJSON export of it verified offline.
 * </ol>
 *
 * Arguments: {@code --db-url jdbc:postgresql://... --db-user postgres --entries N --batch B --guns
 * G --queries Q --out DIR}. Prints one {@code RESULT key=value} line per figure.
 */
public final class AuditLogBenchmark {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    String url = o.getOrDefault("db-url", "jdbc:postgresql://127.0.0.1:5432/audit_bench");
    String user = o.getOrDefault("db-user", "postgres");
    long entries = Long.parseLong(o.getOrDefault("entries", "10000000"));
    int batch = Integer.parseInt(o.getOrDefault("batch", "1000"));
    int guns =
        Integer.parseInt(o.getOrDefault("guns", String.valueOf(Math.max(10, entries / 100))));
    int queries = Integer.parseInt(o.getOrDefault("queries", "1000"));
    Path out = Path.of(o.getOrDefault("out", "bench/audit/target"));
    Files.createDirectories(out);

    AuditMigrations.migrate(
        new DriverManagerDataSource(url, user, ""),
        AuditMigrations.DEFAULT_SCHEMA,
        AuditMigrations.DEFAULT_WRITER_ROLE);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true");
    config.setUsername(user);
    config.setMaximumPoolSize(4);
    config.setConnectionInitSql("SET ROLE " + AuditMigrations.DEFAULT_WRITER_ROLE);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      AuditStore store =
          new AuditStore(dataSource, Clock.systemUTC(), AuditMigrations.DEFAULT_SCHEMA);
      long existing = store.size();
      System.out.printf("log has %d entries; appending up to %d%n", existing, entries);

      // 1. append rate
      java.lang.management.ThreadMXBean cpu =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long cpuStart = cpu.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long windowStart = start;
      long windowEntries = 0;
      double lastWindowRate = 0;
      for (long next = existing + 1; next <= entries; ) {
        List<AuditEntry> drafts = new ArrayList<>(batch);
        for (int i = 0; i < batch && next <= entries; i++, next++) {
          drafts.add(entry(next, guns));
        }
        store.append(drafts);
        windowEntries += drafts.size();
        long now = System.nanoTime();
        if (now - windowStart > 10_000_000_000L || next > entries) {
          lastWindowRate = windowEntries / ((now - windowStart) / 1e9);
          System.out.printf(
              "  appended %d, last window %.0f entries/s%n", next - 1, lastWindowRate);
          windowStart = now;
          windowEntries = 0;
        }
      }
      long appended = entries - existing;
      if (appended > 0) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf(
            "RESULT append_entries=%d append_seconds=%.1f append_rate=%.0f last_window_rate=%.0f"
                + " java_cpu_seconds=%.1f%n",
            appended, seconds, appended / seconds, lastWindowRate, cpuSeconds);
      }
      long size = store.size();

      // 2. query latency
      SplittableRandom random = new SplittableRandom(42);
      for (String kind : List.of("gun", "gun+time", "digest")) {
        long[] nanos = new long[queries];
        for (int q = -Math.min(100, queries); q < queries; q++) { // negative q: warm-up
          long n = 1 + random.nextLong(size);
          EntryFilter filter =
              switch (kind) {
                case "gun" -> new EntryFilter(gun(n, guns), null, null, null, null, null, null);
                case "gun+time" ->
                    new EntryFilter(
                        gun(n, guns),
                        null,
                        null,
                        null,
                        null,
                        time(n).minusSeconds(86_400 * 7L),
                        time(n));
                default -> new EntryFilter(null, null, digest(n), null, null, null, null);
              };
          long t = System.nanoTime();
          int found = store.query(filter, 100, null).size();
          if (q >= 0) {
            nanos[q] = System.nanoTime() - t;
          }
          if (found == 0 && !kind.equals("gun+time")) {
            throw new IllegalStateException(kind + " query found nothing for entry " + n);
          }
        }
        Arrays.sort(nanos);
        System.out.printf(
            "RESULT query=%s log_size=%d queries=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
            kind,
            size,
            queries,
            nanos[queries / 2] / 1e6,
            nanos[(int) Math.min(queries - 1, Math.ceil(queries * 0.99) - 1)] / 1e6,
            nanos[queries - 1] / 1e6);
      }

      // 3. verification speed
      long t = System.nanoTime();
      long c = cpu.getCurrentThreadCpuTime();
      VerificationReport online = store.verify(Map.of());
      double onlineSeconds = (System.nanoTime() - t) / 1e9;
      double onlineCpu = (cpu.getCurrentThreadCpuTime() - c) / 1e9;
      System.out.printf(
          "RESULT verify=database entries=%d ok=%s seconds=%.1f rate=%.0f java_cpu_seconds=%.2f"
              + " rate_per_java_cpu_second=%.0f%n",
          online.entries(),
          online.ok(),
          onlineSeconds,
          online.entries() / onlineSeconds,
          onlineCpu,
          online.entries() / onlineCpu);
      Path export = out.resolve("export.ndjson");
      try (BufferedWriter writer = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
        store.export(
            EntryFilter.ALL,
            e -> {
              try {
                writer.write(e.json());
                writer.write('\n');
              } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
              }
            });
      }
      t = System.nanoTime();
      c = cpu.getCurrentThreadCpuTime();
      VerificationReport offline;
      try (BufferedReader reader = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
        offline = ExportVerifier.verify(reader, null, null);
      }
      double offlineSeconds = (System.nanoTime() - t) / 1e9;
      double offlineCpu = (cpu.getCurrentThreadCpuTime() - c) / 1e9;
      System.out.printf(
          "RESULT verify=export entries=%d ok=%s seconds=%.1f rate=%.0f java_cpu_seconds=%.2f"
              + " rate_per_java_cpu_second=%.0f bytes=%d%n",
          offline.entries(),
          offline.ok(),
          offlineSeconds,
          offline.entries() / offlineSeconds,
          offlineCpu,
          offline.entries() / offlineCpu,
          Files.size(export));
      Files.delete(export);
    }
  }

  /** CPU time of the whole JVM (verification hashes on every core), not only this thread. */
  static final class ProcessCpu {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    long getCurrentThreadCpuTime() {
      return os.getProcessCpuTime();
    }
  }

  static String gun(long n, int guns) {
    return "registry.example/team" + (n % 97) + "/app" + (n % guns);
  }

  static String digest(long n) {
    return "sha256:" + String.format("%064x", n * 2654435761L);
  }

  /** One entry per second of log time: ten million entries span about 116 days. */
  static Instant time(long n) {
    return T0.plusSeconds(n);
  }

  static AuditEntry entry(long n, int guns) {
    String digest = digest(n);
    return new AuditEntry(
        1,
        time(n),
        "bench-" + n,
        "dev.trustpipe.trust.changed.v1",
        "push",
        gun(n, guns),
        "/trustpipe/signing-service",
        "/trustpipe/signing-service",
        "targets/releases",
        (int) (n / guns + 1),
        String.format("%064x", n),
        "v" + n,
        digest,
        List.of(new TargetChange("v" + n, digest, Change.added)),
        List.of("ab".repeat(32)),
        List.of("registry-" + n),
        null,
        AuditEntry.GENESIS);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }
}
