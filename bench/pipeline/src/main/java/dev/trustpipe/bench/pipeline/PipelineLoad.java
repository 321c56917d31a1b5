package dev.trustpipe.bench.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.Topics;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load generator of the signing pipeline benchmark (issue 3), run against a RUNNING
 * signing-service, Kafka and PostgreSQL.
 *
 * <ol>
 *   <li>Setup: one push per GUN, waiting until each is signed. Creating a repository makes five
 *       custody keys, which is setup cost, not the throughput measured (more rounds with {@code
 *       --warmup-rounds}; the custody keeps the keys it created decrypted, so one round leaves the
 *       service warm).
 *   <li>Measurement: {@code image.pushed.v1} events keyed by GUN, either on an open-loop schedule
 *       (event i is due at start + i/R; its latency counts from that planned time, so a stalled
 *       sender or a slow broker cannot hide latency: no coordinated omission) or as fast as
 *       possible. An event is visible when the {@code trust.changed.v1} of the delegation naming it
 *       arrives on {@code trustpipe.trust.changes}; every n-th visible event, and a final sample,
 *       is also looked up in the served {@code targets/releases.json} over HTTPS.
 * </ol>
 */
public final class PipelineLoad {
  private static final String DELEGATION = "targets/releases";
  private static final Duration HTTP_CHECK_BUDGET = Duration.ofSeconds(10);

  private final LoadOptions options;
  private final ServedMetadataChecker checker;

  private PipelineLoad(LoadOptions options, ServedMetadataChecker checker) {
    this.options = options;
    this.checker = checker;
  }

  public static void main(String[] args) throws Exception {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    ServedMetadataChecker checker =
        new ServedMetadataChecker(options.notaryUrl(), options.caCertificate(), DELEGATION);
    Map<String, Object> report = new PipelineLoad(options, checker).run();
    String text =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    System.out.println(text);
    if (options.report() != null) {
      Files.writeString(options.report(), text);
    }
    boolean complete =
        ((Number) report.get("eventsMissing")).intValue() == 0
            && ((Number) report.get("httpSamplesMissing")).intValue() == 0
            && ((Number) report.get("finalSamplesMissing")).intValue() == 0;
    System.exit(complete ? 0 : 1);
  }

  private Map<String, Object> run() throws Exception {
    Clock clock = Clock.systemUTC();
    BenchEvents generator = new BenchEvents(new EventCodec(), clock.instant());
    List<String> guns = BenchEvents.guns(options.runId(), options.guns());
    log(
        "encoding %d x %d warm-up and %d measured events over %d GUNs",
        options.warmUpRounds(), guns.size(), options.events(), guns.size());
    List<BenchEvents.Push> measured =
        generator.measured(guns, options.runId(), options.scenario(), options.events());

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("scenario", options.scenario());
    report.put("runId", options.runId());
    report.put("guns", guns.size());
    report.put("mode", options.openLoop() ? "open-loop" : "max-throughput");
    report.put("targetRate", options.rate());
    report.put("events", measured.size());

    try (VisibilityTracker tracker = new VisibilityTracker(options.bootstrap(), DELEGATION);
        KafkaProducer<String, byte[]> producer = producer()) {
      producer.partitionsFor(Topics.REGISTRY_EVENTS); // metadata now, not on the first send

      AtomicReference<Exception> sendFailure = new AtomicReference<>();
      for (int round = 1; round <= options.warmUpRounds(); round++) {
        List<BenchEvents.Push> warmUp =
            generator.warmUp(guns, options.runId(), options.scenario(), round);
        long setupStart = System.nanoTime();
        VisibilityTracker.Phase setup =
            new VisibilityTracker.Phase(BenchEvents.indexById(warmUp), warmUp.size(), i -> {});
        tracker.track(setup);
        for (BenchEvents.Push push : warmUp) {
          send(producer, push, sendFailure);
        }
        producer.flush();
        String what = "warm-up round " + round;
        awaitVisible(tracker, setup, warmUp.size(), setupStart, options.setupTimeout(), what);
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        if (setup.visible() < warmUp.size()) {
          throw new IllegalStateException(
              what + ": only " + setup.visible() + " of " + warmUp.size() + " pushes signed");
        }
        report.put("warmUpRound" + round + "Seconds", round(setupSeconds));
        log("%s: %d GUNs signed in %.1f s", what, warmUp.size(), setupSeconds);
        // also opens the HTTPS connection (TLS handshake) before the measured checks need it
        if (servedWithin(warmUp.get(0), HTTP_CHECK_BUDGET) == 0) {
          throw new IllegalStateException(what + ": the first GUN's tag is not served over HTTPS");
        }
      }

      report.putAll(measure(producer, tracker, measured, sendFailure));
      report.put("trustChangesRecordsSeen", tracker.recordsSeen());
      report.put("trustChangesRecordsUnreadable", tracker.unreadableRecords());
    }
    return report;
  }

  private Map<String, Object> measure(
      KafkaProducer<String, byte[]> producer,
      VisibilityTracker tracker,
      List<BenchEvents.Push> pushes,
      AtomicReference<Exception> sendFailure)
      throws Exception {
    int n = pushes.size();
    long[] planned = new long[n];
    HttpSamples samples = new HttpSamples();
    ExecutorService sampler = Executors.newSingleThreadExecutor();
    VisibilityTracker.Phase[] phaseRef = new VisibilityTracker.Phase[1];
    VisibilityTracker.Phase phase =
        new VisibilityTracker.Phase(
            BenchEvents.indexById(pushes),
            n,
            index -> {
              if (options.sampleEvery() > 0 && index % options.sampleEvery() == 0) {
                sampler.execute(
                    () -> samples.check(pushes.get(index), phaseRef[0].visibleNanos(index)));
              }
            });
    phaseRef[0] = phase;
    tracker.track(phase);

    long cpuBefore = processCpuNanos();
    long periodNanos = options.openLoop() ? Math.round(1e9 / options.rate()) : 0;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    long maxSenderLag = 0;
    log("measuring: %d events%s", n, options.openLoop() ? " at " + options.rate() + "/s" : "");
    for (int i = 0; i < n; i++) {
      if (options.openLoop()) {
        long due = start + i * periodNanos;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        planned[i] = due;
      } else {
        planned[i] = System.nanoTime();
      }
      send(producer, pushes.get(i), sendFailure);
      maxSenderLag = Math.max(maxSenderLag, System.nanoTime() - planned[i]);
    }
    producer.flush();
    long lastSent = System.nanoTime();
    if (sendFailure.get() != null) {
      throw new IllegalStateException("producing events failed", sendFailure.get());
    }
    awaitVisible(tracker, phase, n, planned[0], options.drainTimeout(), options.scenario());
    sampler.shutdown();
    sampler.awaitTermination(HTTP_CHECK_BUDGET.toSeconds() * 2 + 30, TimeUnit.SECONDS);
    long generatorCpu = processCpuNanos() - cpuBefore;

    List<Long> latencies = new ArrayList<>(n);
    long lastVisible = 0;
    int[] visibleOrder = new int[n];
    int visibleCount = 0;
    for (int i = 0; i < n; i++) {
      long visible = phase.visibleNanos(i);
      if (visible != 0) {
        latencies.add(visible - planned[i]);
        lastVisible = Math.max(lastVisible, visible);
        visibleOrder[visibleCount++] = i;
      }
    }
    Latencies summary = Latencies.of(latencies.stream().mapToLong(Long::longValue).toArray());
    double sendSeconds = (lastSent - planned[0]) / 1e9;
    double toLastVisible = (lastVisible - planned[0]) / 1e9;

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("eventsVisible", visibleCount);
    result.put("eventsRejected", phase.rejected());
    result.put("eventsMissing", n - visibleCount);
    result.put("sendSeconds", round(sendSeconds));
    result.put("offeredRate", round(n / sendSeconds));
    result.put("maxSenderLagMs", round(maxSenderLag / 1e6));
    result.put("secondsToLastVisible", round(toLastVisible));
    // visible events / wall time from the first send until the backlog drained
    result.put("sustainedEventsPerSecond", round(visibleCount / toLastVisible));
    result.put("steadyEventsPerSecond", round(steadyRate(phase, visibleOrder, visibleCount)));
    result.put("generatorCpuSeconds", round(generatorCpu / 1e9));
    result.put("latencyMs", summary);
    result.put("latencyByPlannedSecond", timeline(planned, phase, n));
    result.put("httpSamplesChecked", samples.checked.get());
    result.put("httpSamplesMissing", samples.missing.get());
    result.put("httpSamplesServedOnFirstGet", samples.servedOnFirstGet.get());
    result.put("httpSampleExtraMs", Latencies.of(samples.extraNanos()));
    Map<String, Integer> finalCheck = finalCheck(pushes, visibleOrder, visibleCount);
    result.put("finalSamplesChecked", finalCheck.get("checked"));
    result.put("finalSamplesMissing", finalCheck.get("missing"));
    log(
        "%s: %d/%d visible, latency %s, sustained %.1f events/s",
        options.scenario(), visibleCount, n, summary.describe(), visibleCount / toLastVisible);
    return result;
  }

  /**
   * Throughput between the 10th and 90th percentile of completions: leaves out the ramp-up and the
   * tail of the last batches.
   */
  private static double steadyRate(VisibilityTracker.Phase phase, int[] visible, int count) {
    if (count < 20) {
      return Double.NaN;
    }
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      times[i] = phase.visibleNanos(visible[i]);
    }
    java.util.Arrays.sort(times);
    int from = count / 10;
    int to = count * 9 / 10;
    return (to - from) / ((times[to] - times[from]) / 1e9);
  }

  /** Latency per 10 s of the planned schedule: shows whether a backlog builds up. */
  private static List<Map<String, Object>> timeline(
      long[] planned, VisibilityTracker.Phase phase, int n) {
    List<Map<String, Object>> buckets = new ArrayList<>();
    long bucketNanos = TimeUnit.SECONDS.toNanos(10);
    int i = 0;
    while (i < n) {
      long bucketStart = planned[0] + (planned[i] - planned[0]) / bucketNanos * bucketNanos;
      List<Long> inBucket = new ArrayList<>();
      int sent = 0;
      for (; i < n && planned[i] < bucketStart + bucketNanos; i++) {
        sent++;
        if (phase.visibleNanos(i) != 0) {
          inBucket.add(phase.visibleNanos(i) - planned[i]);
        }
      }
      Latencies l = Latencies.of(inBucket.stream().mapToLong(Long::longValue).toArray());
      Map<String, Object> bucket = new LinkedHashMap<>();
      bucket.put("fromSecond", (bucketStart - planned[0]) / 1_000_000_000L);
      bucket.put("sent", sent);
      bucket.put("p50Ms", round(l.p50()));
      bucket.put("p99Ms", round(l.p99()));
      bucket.put("maxMs", round(l.max()));
      buckets.add(bucket);
    }
    return buckets;
  }

  /** After the drain: a random sample of visible events must be in the served delegation. */
  private Map<String, Integer> finalCheck(List<BenchEvents.Push> pushes, int[] visible, int count)
      throws InterruptedException {
    Random random = new Random(7);
    int checked = 0;
    int missing = 0;
    for (int s = 0; s < Math.min(options.finalSamples(), count); s++) {
      BenchEvents.Push push = pushes.get(visible[random.nextInt(count)]);
      checked++;
      if (servedWithin(push, HTTP_CHECK_BUDGET) == 0) {
        missing++;
        log("NOT SERVED: %s:%s", push.gun(), push.tag());
      }
    }
    return Map.of("checked", checked, "missing", missing);
  }

  /**
   * Polls the served delegation (a read cache may serve it up to its TTL late): how many GETs it
   * took until the tag was served, 0 when it was not within {@code budget}.
   */
  private int servedWithin(BenchEvents.Push push, Duration budget) throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        if (checker.serves(push.gun(), push.tag(), push.sha256Hex(), push.size())) {
          return attempt;
        }
      } catch (java.io.IOException e) {
        log("GET %s failed: %s", push.gun(), e);
      }
      if (System.nanoTime() > deadline) {
        return 0;
      }
      Thread.sleep(20);
    }
  }

  /** HTTPS checks made while the load runs, each right after Kafka said the event is visible. */
  private final class HttpSamples {
    final AtomicInteger checked = new AtomicInteger();
    final AtomicInteger missing = new AtomicInteger();
    final AtomicInteger servedOnFirstGet = new AtomicInteger();
    private final ConcurrentLinkedQueue<Long> extra = new ConcurrentLinkedQueue<>();

    void check(BenchEvents.Push push, long visibleNanos) {
      checked.incrementAndGet();
      try {
        int attempts = servedWithin(push, HTTP_CHECK_BUDGET);
        if (attempts == 1) {
          servedOnFirstGet.incrementAndGet();
        }
        if (attempts > 0) {
          // from the trust.changed arrival until a GET returned the tag (includes queueing here)
          extra.add(System.nanoTime() - visibleNanos);
        } else {
          missing.incrementAndGet();
          log("NOT SERVED within %s: %s:%s", HTTP_CHECK_BUDGET, push.gun(), push.tag());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    long[] extraNanos() {
      return extra.stream().mapToLong(Long::longValue).toArray();
    }
  }

  private void awaitVisible(
      VisibilityTracker tracker,
      VisibilityTracker.Phase phase,
      int expected,
      long since,
      Duration timeout,
      String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (phase.visible() + phase.rejected() < expected && System.nanoTime() < deadline) {
      tracker.checkHealthy();
      Thread.sleep(20);
      if (System.nanoTime() > nextProgress) {
        double seconds = (System.nanoTime() - since) / 1e9;
        log(
            "%s: %d/%d visible after %.0f s (%.1f/s)%s",
            what,
            phase.visible(),
            expected,
            seconds,
            phase.visible() / seconds,
            phase.rejected() > 0 ? ", " + phase.rejected() + " rejected" : "");
        nextProgress += TimeUnit.SECONDS.toNanos(10);
      }
    }
  }

  private static void send(
      KafkaProducer<String, byte[]> producer,
      BenchEvents.Push push,
      AtomicReference<Exception> failure) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(Topics.REGISTRY_EVENTS, push.gun(), push.payload());
    record
        .headers()
        .add(
            new RecordHeader(
                "content-type",
                EventCodec.CONTENT_TYPE.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    producer.send(
        record,
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            options.bootstrap(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            // open loop: every event leaves when due; max mode: let the producer batch
            ProducerConfig.LINGER_MS_CONFIG,
            options.openLoop() ? 0 : 5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            64 * 1024,
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            128L * 1024 * 1024,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class));
  }

  /** CPU time of this JVM: the generator shares the two cores with the system under test. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static void log(String format, Object... args) {
    System.err.printf("[pipeline-load] " + format + "%n", args);
  }
}
