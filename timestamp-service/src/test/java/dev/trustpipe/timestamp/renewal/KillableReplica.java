package dev.trustpipe.timestamp.renewal;

import dev.trustpipe.timestamp.TimestampServiceApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A timestamp-service replica for a JVM process of its own ({@code e2e.TwoReplicasAcceptanceTest}):
 * the production application, started as its {@code main} does, plus one test seam so the test can
 * SIGKILL it exactly mid-batch. Once the file named by the system property {@value #HOLD_FILE}
 * exists, the next batch this replica has claimed (its leases committed) and signed is held before
 * it is written, and announced; the test then kills the process.
 *
 * <p>It reports on stdout, in lines starting with {@value #MARK}: {@code READY <holder>} once
 * started, {@code SIGNED <repositories>} before writing each batch, {@code HOLDING <holder>
 * <gun>,<gun>...} when it holds one. It exits when the JVM that launched it ends.
 */
public final class KillableReplica {
  public static final String HOLD_FILE = "trustpipe.test.hold-file";
  public static final String MARK = "@@replica ";

  private KillableReplica() {}

  public static void main(String[] args) {
    // never outlive the test JVM that launched us, however it ends
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
    Path hold = Path.of(System.getProperty(HOLD_FILE));
    ConfigurableApplicationContext context = TimestampServiceApplication.builder().run(args);
    RenewalEngine engine = context.getBean(RenewalEngine.class);
    engine.beforeWrite(
        guns -> {
          if (guns.isEmpty()) {
            return;
          }
          if (Files.exists(hold)) {
            announce("HOLDING " + engine.holder() + " " + String.join(",", guns));
            holdUntilKilled();
          }
          announce("SIGNED " + guns.size());
        });
    announce("READY " + engine.holder());
  }

  /** Blocks the renewal thread between signing and writing until the process is killed. */
  private static void holdUntilKilled() {
    CountDownLatch never = new CountDownLatch(1);
    while (true) {
      try {
        never.await();
      } catch (InterruptedException e) {
        // stays held: only SIGKILL ends this replica
      }
    }
  }

  private static synchronized void announce(String line) {
    System.out.println(MARK + line);
    System.out.flush();
  }
}
