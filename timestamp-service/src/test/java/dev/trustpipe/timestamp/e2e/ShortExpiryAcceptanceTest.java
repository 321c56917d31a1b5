package dev.trustpipe.timestamp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.signing.support.NotaryCli.ListedTarget;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 6's first acceptance statement: with {@code TRUSTPIPE_TIMESTAMP_EXPIRY=PT30S} and {@code
 * TRUSTPIPE_TIMESTAMP_RENEW_BEFORE=PT20S}, 50 repositories pushed through real Kafka into the real
 * signing-service stay verifiable by the real {@code notary} CLI for 3 minutes while pushes
 * continue, and no served timestamp is ever expired. The timestamp-service runs as in production
 * (its Spring Boot application).
 *
 * <p>Every few seconds, for all 50 repositories, the served {@code timestamp.json} is read over TLS
 * and its {@code expires} must lie after the moment it was read, and {@code notary list} must
 * succeed. The Notary API would re-sign an expired timestamp on read (notary-server's behaviour),
 * which would hide a renewal that came too late; so the test also proves that never happened (no
 * renewal from anyone but the timestamp-service) and that the store never held an expired current
 * timestamp (each version was succeeded before it expired).
 */
class ShortExpiryAcceptanceTest {
  private static final int REPOSITORIES = 50;
  private static final List<String> GUNS =
      IntStream.range(0, REPOSITORIES)
          .mapToObj(i -> "registry.example.com:5000/renew/app" + i)
          .toList();
  private static final Duration EXPIRY = Duration.ofSeconds(30);
  private static final Duration RENEW_BEFORE = Duration.ofSeconds(20);
  private static final Duration RUN = Duration.ofMinutes(3);

  /** Renewals each repository gets at least in {@link #RUN} (one about every 10 s is due). */
  private static final int RENEWALS = 8;

  /** Longest a repository may go unchecked: well below the 10 s a timestamp stays un-renewed. */
  private static final Duration MAX_SWEEP = Duration.ofSeconds(10);

  @TempDir static Path home;
  static AcceptanceStack stack;
  static ConfigurableApplicationContext timestamp;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    stack = AcceptanceStack.start("timestamp_e2e", home, EXPIRY);
    timestamp =
        stack.startReplica(stack.timestampServiceArgs(EXPIRY, RENEW_BEFORE, Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void fiftyRepositoriesStayVerifiableByTheRealNotaryCliWhilePushesContinue() throws Exception {
    GUNS.forEach(gun -> stack.push(gun, "v1"));
    await()
        .atMost(2, TimeUnit.MINUTES)
        .until(
            () -> {
              for (String gun : GUNS) {
                if (stack.timestampVersion(gun) == 0) {
                  return false;
                }
              }
              return true;
            });
    Map<String, Integer> first = new HashMap<>();
    for (String gun : GUNS) {
      first.put(gun, stack.timestampVersion(gun));
    }

    // pushes continue: a new tag into the next repository every second
    Map<String, Set<String>> pushed = new ConcurrentHashMap<>();
    GUNS.forEach(gun -> pushed.put(gun, ConcurrentHashMap.newKeySet()));
    GUNS.forEach(gun -> pushed.get(gun).add("v1"));
    AtomicInteger pushes = new AtomicInteger();
    AtomicReference<Throwable> pushFailure = new AtomicReference<>();
    ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
    pusher.scheduleWithFixedDelay(
        () -> {
          try {
            int n = pushes.getAndIncrement();
            String gun = GUNS.get((n * 7) % REPOSITORIES);
            stack.push(gun, "p" + n);
            pushed.get(gun).add("p" + n);
          } catch (Throwable e) {
            pushFailure.compareAndSet(null, e);
          }
        },
        0,
        1,
        TimeUnit.SECONDS);

    // sweep all 50 repositories again and again for 3 minutes; any expired served timestamp or
    // failing `notary list` fails the test at once
    ExecutorService checkers = Executors.newFixedThreadPool(4);
    Instant end = Instant.now().plus(RUN);
    AtomicInteger sweeps = new AtomicInteger();
    AtomicReference<Duration> longestSweep = new AtomicReference<>(Duration.ZERO);
    AtomicReference<Duration> leastHeadroom = new AtomicReference<>(EXPIRY);
    try {
      await()
          .atMost(RUN.plus(Duration.ofMinutes(1)))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                Instant started = Instant.now();
                List<Future<Duration>> checks = new ArrayList<>();
                for (String gun : GUNS) {
                  checks.add(checkers.submit(() -> verify(gun)));
                }
                for (Future<Duration> check : checks) {
                  Duration headroom = AcceptanceStack.outcome(check);
                  leastHeadroom.accumulateAndGet(headroom, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
                Duration took = Duration.between(started, Instant.now());
                longestSweep.accumulateAndGet(took, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                sweeps.incrementAndGet();
                assertThat(pushFailure.get()).as("push failed").isNull();
                return !Instant.now().isBefore(end);
              });
    } finally {
      // the push under way completes (it is then listed); no new one starts
      pusher.shutdown();
      pusher.awaitTermination(30, TimeUnit.SECONDS);
      checkers.shutdownNow();
    }
    System.out.printf(
        "acceptance: %d sweeps of %d repositories in %s, longest %s; least headroom of a served"
            + " timestamp %s; %d pushes%n",
        sweeps.get(), REPOSITORIES, RUN, longestSweep.get(), leastHeadroom.get(), pushes.get());
    assertThat(pusher.isTerminated()).as("pushes stopped").isTrue();
    assertThat(pushFailure.get()).as("push failed").isNull();
    assertThat(longestSweep.get()).as("longest sweep").isLessThan(MAX_SWEEP);
    assertThat(pushes.get()).isGreaterThanOrEqualTo((int) RUN.toSeconds() / 2);

    // every push arrived and is listed by the real CLI
    await()
        .atMost(1, TimeUnit.MINUTES)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              for (String gun : GUNS) {
                assertThat(stack.notary.list(gun))
                    .as("notary list %s", gun)
                    .extracting(ListedTarget::name)
                    .containsExactlyInAnyOrderElementsOf(pushed.get(gun));
              }
            });

    AcceptanceStack.History history = stack.history(GUNS);
    for (String gun : GUNS) {
      history.assertConsistent(gun);
      assertThat(history.renewedTimestamps(gun))
          .as("timestamp renewals of %s", gun)
          .isGreaterThanOrEqualTo(RENEWALS);
      assertThat(history.stored(gun, RoleName.TIMESTAMP))
          .hasSizeGreaterThan(first.get(gun) + RENEWALS);
    }
    // the renewals came from the timestamp-service, never from the API's renew-on-read
    assertThat(history.renewedOnRead()).as("renewed on read").isEmpty();

    // operator API and readiness
    HttpResponse<String> expiring = get("/api/v1/expiring?within=PT1M");
    assertThat(expiring.statusCode()).isEqualTo(200);
    assertThat(expiring.body()).contains(GUNS.get(0)).contains("\"renewable\":true");
    assertThat(get("/api/v1/expiring?within=yesterday").statusCode()).isEqualTo(400);
    int before = stack.timestampVersion(GUNS.get(1));
    HttpResponse<String> forced = post("/api/v1/renew/" + GUNS.get(1));
    assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
    assertThat(stack.timestampVersion(GUNS.get(1))).isGreaterThan(before);
    assertThat(post("/api/v1/renew/registry.example.com/nothing").statusCode()).isEqualTo(404);
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () -> assertThat(get("/actuator/health/readiness").body()).contains("\"UP\""));
    assertThat(get("/actuator/prometheus").body())
        .contains("trustpipe_renewal_renewals_total")
        .contains("trustpipe_renewal_earliest_expiry_seconds")
        .contains("trustpipe_renewal_backlog")
        .contains("trustpipe_renewal_offline_expiring");
  }

  /**
   * The served timestamp is unexpired when read, and the real CLI verifies the repository; returns
   * how long the served timestamp had left.
   */
  private static Duration verify(String gun) throws Exception {
    SignedMetadata served = stack.servedTimestamp(gun);
    Instant readAt = Instant.now();
    assertThat(served.expires())
        .as("%s: served timestamp v%d expired when read", gun, served.version())
        .isAfter(readAt);
    assertThat(stack.notary.list(gun))
        .as("notary list %s", gun)
        .extracting(ListedTarget::name)
        .contains("v1");
    return Duration.between(readAt, served.expires());
  }

  private static String baseUrl() {
    return "http://127.0.0.1:"
        + ((ServletWebServerApplicationContext) timestamp).getWebServer().getPort();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> post(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
