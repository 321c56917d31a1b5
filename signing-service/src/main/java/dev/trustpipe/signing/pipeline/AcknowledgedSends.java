package dev.trustpipe.signing.pipeline;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Produces records and waits until Kafka acknowledged every one, before offsets may move. */
public final class AcknowledgedSends {
  private static final long TIMEOUT_SECONDS = 30;

  private AcknowledgedSends() {}

  /**
   * @param what what the records are, for the exception (e.g. "the dead-letter topic")
   * @throws IllegalStateException when any send failed or was not acknowledged in 30 s
   */
  public static void sendAll(
      KafkaTemplate<String, byte[]> kafka,
      List<ProducerRecord<String, byte[]>> records,
      String what) {
    if (records.isEmpty()) {
      return;
    }
    CompletableFuture<?>[] sends =
        records.stream().map(kafka::send).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(sends).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing to " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(what + " did not acknowledge", e);
    }
  }
}
