package dev.trustpipe.truststore;

import java.util.List;

/**
 * Publishes a batch of outbox messages (to Kafka). It must return normally only when every message
 * was acknowledged; throwing leaves the whole batch unpublished for the next relay.
 */
@FunctionalInterface
public interface OutboxPublisher<E extends Exception> {
  void publish(List<OutboxMessage> batch) throws E;
}
