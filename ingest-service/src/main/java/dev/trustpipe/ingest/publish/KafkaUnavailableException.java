package dev.trustpipe.ingest.publish;

/** Kafka did not acknowledge every event of a delivery in time: the sender must retry (503). */
public final class KafkaUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
