package dev.trustpipe.truststore;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A message written in a trust-store transaction and relayed to Kafka after it committed.
 *
 * @param id assigned by the store; {@code null} before {@link TrustStoreTransaction#appendOutbox}
 * @param key the Kafka record key (the GUN); may be {@code null}
 * @param createdAt assigned by the store; {@code null} before it was appended
 */
public record OutboxMessage(
    Long id,
    String topic,
    String key,
    byte[] payload,
    Map<String, String> headers,
    Instant createdAt) {

  public OutboxMessage {
    Require.nonBlank(topic, "topic");
    payload = Objects.requireNonNull(payload, "payload").clone();
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** A message to append; the store assigns id and creation time. */
  public static OutboxMessage of(
      String topic, String key, byte[] payload, Map<String, String> headers) {
    return new OutboxMessage(null, topic, key, payload, headers, null);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  byte[] sharedPayload() {
    return payload;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OutboxMessage that
        && Objects.equals(id, that.id)
        && topic.equals(that.topic)
        && Objects.equals(key, that.key)
        && Arrays.equals(payload, that.payload)
        && headers.equals(that.headers)
        && Objects.equals(createdAt, that.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, topic, key, Arrays.hashCode(payload), headers, createdAt);
  }

  @Override
  public String toString() {
    return "OutboxMessage[id=%s, topic=%s, key=%s, payload=%d bytes, headers=%s, createdAt=%s]"
        .formatted(id, topic, key, payload.length, headers, createdAt);
  }
}
