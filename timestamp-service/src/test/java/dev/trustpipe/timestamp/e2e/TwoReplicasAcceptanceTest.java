package dev.trustpipe.timestamp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.signing.support.NotaryCli.ListedTarget;
import dev.trustpipe.timestamp.renewal.KillableReplica;
import dev.trustpipe.tuf.model.SignedMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 6's second acceptance statement: two timestamp-service replicas and the signing-service run
 * together for 2 minutes under pushes, on one database and one key custody: afterwards every
 * repository's timestamp (and snapshot) versions form a gapless chain 1..N with no version signed
 * twice, every timestamp names a stored snapshot, and killing one replica with SIGKILL in the
 * middle changed nothing.
 *
 * <p>Replica A is the timestamp-service's Spring Boot application in this JVM; replica B is the
 * same application in a JVM process of its own ({@link KillableReplica}, launched with this test's
 * classpath), so it can really be killed: after 1 minute B is made to hold its next batch after
 * claiming and signing it and before writing it, and is then killed with {@link
 * Process#destroyForcibly()} (SIGKILL on Linux: no shutdown hook, no rollback by the application,
 * its database connections just drop). Its claimed repositories must be taken over by A once B's
 * leases run out, and renewed before they expire.
 */
class TwoReplicasAcceptanceTest {
  private static final int REPOSITORIES = 30;
  private static final List<String> GUNS =
      IntStream.range(0, REPOSITORIES)
          .mapToObj(i -> "registry.example.com:5000/replicas/app" + i)
          .toList();
  private static final Duration EXPIRY = Duration.ofSeconds(30);
  private static final Duration RENEW_BEFORE = Duration.ofSeconds(20);
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration RUN = Duration.ofMinutes(2);
  private static final Duration KILL_AFTER = Duration.ofMinutes(1);

  @TempDir static Path home;
  static AcceptanceStack stack;
  static ConfigurableApplicationContext replicaA;
  static ReplicaProcess replicaB;

  @BeforeAll
  static void start() throws Exception {
    // B's JVM starts while Kafka and the signing-service start in this one
    stack =
        AcceptanceStack.start(
            "timestamp_replicas",
            home,
            EXPIRY,
            database -> {
              try {
                replicaB =
                    ReplicaProcess.launch(
                        AcceptanceStack.timestampServiceArgs(
                            home, database, EXPIRY, RENEW_BEFORE, INTERVAL),
                        home.resolve("hold-replica-b"),
                        Path.of("target", "replica-b.log"));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    replicaA = stack.startReplica(stack.timestampServiceArgs(EXPIRY, RENEW_BEFORE, INTERVAL));
  }

  @AfterAll
  static void stop() {
    if (replicaB != null) {
      replicaB.process.destroyForcibly();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void twoReplicasUnderPushesKeepGaplessChainsAndASigkilledReplicaChangesNothing()
      throws Exception {
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
    await()
        .atMost(2, TimeUnit.MINUTES)
        .untilAsserted(
            () -> {
              assertThat(replicaB.process.isAlive()).as("replica B runs").isTrue();
              assertThat(replicaB.holder.get()).as("replica B started").isNotNull();
            });
    String holderB = replicaB.holder.get();

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
        500,
        TimeUnit.MILLISECONDS);

    Instant started = Instant.now();
    Map<String, Integer> heldVersions = new HashMap<>();
    double renewedByABeforeKill;
    try {
      // both replicas share the work while the served timestamps stay valid
      checkServedTimestampsUntil(started.plus(KILL_AFTER), pushFailure);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(
              () -> assertThat(replicaB.signedBatches.get()).as("batches B signed").isPositive());
      assertThat(renewals(replicaA)).as("renewals by A").isPositive();

      // B claims and signs its next batch, holds it unwritten, and is SIGKILLed
      Files.createFile(replicaB.holdFile);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(
              () -> assertThat(replicaB.holding.get()).as("B holds a batch").isNotNull());
      List<String> held = List.of(replicaB.holding.get().split(","));
      for (String gun : held) {
        heldVersions.put(gun, stack.timestampVersion(gun));
      }
      List<String> leasedByB =
          stack.strings("SELECT gun FROM tuf_renewal_lease WHERE holder = ?", holderB);
      replicaB.process.destroyForcibly();
      assertThat(replicaB.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(replicaB.process.exitValue()).as("exit status of SIGKILL").isEqualTo(128 + 9);
      renewedByABeforeKill = renewals(replicaA);
      System.out.printf(
          "acceptance: replica B (%s) signed %d batches, killed holding %d repositories (leases"
              + " %d) after %s%n",
          holderB,
          replicaB.signedBatches.get(),
          held.size(),
          leasedByB.size(),
          Duration.between(started, Instant.now()));
      // killed mid-batch: its claims were live, its signatures not stored
      assertThat(leasedByB).as("repositories B had claimed").containsAll(held);

      checkServedTimestampsUntil(started.plus(RUN), pushFailure);
    } finally {
      // the push under way completes (it is then listed); no new one starts
      pusher.shutdown();
      pusher.awaitTermination(30, TimeUnit.SECONDS);
    }
    assertThat(pusher.isTerminated()).as("pushes stopped").isTrue();
    assertThat(pushFailure.get()).as("push failed").isNull();

    // A took over what B had claimed; nothing of B is left behind
    for (Map.Entry<String, Integer> held : heldVersions.entrySet()) {
      assertThat(stack.timestampVersion(held.getKey()))
          .as("%s renewed after B died", held.getKey())
          .isGreaterThan(held.getValue());
    }
    assertThat(stack.strings("SELECT gun FROM tuf_renewal_lease WHERE holder = ?", holderB))
        .as("leases of the killed replica")
        .isEmpty();
    assertThat(renewals(replicaA)).as("renewals by A").isGreaterThan(renewedByABeforeKill);
    assertThat(pushes.get()).isGreaterThanOrEqualTo((int) RUN.toSeconds());

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
    }
    assertThat(history.renewedOnRead()).as("renewed on read").isEmpty();
  }

  /** Reads every served timestamp about every second until {@code end}; none may be expired. */
  private static void checkServedTimestampsUntil(
      Instant end, AtomicReference<Throwable> pushFailure) {
    await()
        .atMost(Duration.between(Instant.now(), end).plus(Duration.ofMinutes(1)))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              for (String gun : GUNS) {
                SignedMetadata served = stack.servedTimestamp(gun);
                Instant readAt = Instant.now();
                assertThat(served.expires())
                    .as("%s: served timestamp v%d expired when read", gun, served.version())
                    .isAfter(readAt);
              }
              assertThat(pushFailure.get()).as("push failed").isNull();
              assertThat(replicaA.isRunning()).isTrue();
              return !Instant.now().isBefore(end);
            });
  }

  private static double renewals(ConfigurableApplicationContext replica) {
    return replica.getBean(MeterRegistry.class).get("trustpipe.renewal.renewals").counter().count();
  }

  /** A timestamp-service replica in a JVM process of its own, and what it reported. */
  static final class ReplicaProcess {
    final Process process;
    final Path holdFile;
    final AtomicReference<String> holder = new AtomicReference<>();
    final AtomicInteger signedBatches = new AtomicInteger();
    final AtomicReference<String> holding = new AtomicReference<>();

    private ReplicaProcess(Process process, Path holdFile) {
      this.process = process;
      this.holdFile = holdFile;
    }

    static ReplicaProcess launch(String[] args, Path holdFile, Path log) throws IOException {
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              java,
              "-Xmx384m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-D" + KillableReplica.HOLD_FILE + "=" + holdFile,
              "-cp",
              System.getProperty("java.class.path"),
              KillableReplica.class.getName()));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      ReplicaProcess replica = new ReplicaProcess(process, holdFile);
      Files.createDirectories(log.toAbsolutePath().getParent());
      Thread reader = new Thread(() -> replica.read(log), "replica-b-output");
      reader.setDaemon(true);
      reader.start();
      return replica;
    }

    /** Copies the replica's output to {@code log} and picks up its reports. */
    private void read(Path log) {
      try (BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter out =
              new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
        String line;
        while ((line = in.readLine()) != null) {
          out.println(line);
          if (!line.startsWith(KillableReplica.MARK)) {
            continue;
          }
          String[] report = line.substring(KillableReplica.MARK.length()).split(" ");
          switch (report[0]) {
            case "READY" -> holder.set(report[1]);
            case "SIGNED" -> signedBatches.incrementAndGet();
            case "HOLDING" -> holding.set(report[2]);
            default -> out.println("unknown report: " + line);
          }
        }
      } catch (IOException e) {
        // the process was killed: its output ends
      }
    }
  }
}
