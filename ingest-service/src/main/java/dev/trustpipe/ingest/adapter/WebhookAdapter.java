package dev.trustpipe.ingest.adapter;

import java.util.Set;

/**
 * Turns one registry's webhook deliveries into normalised events. One small implementation per
 * payload format; adding a registry means adding an adapter and its fixtures.
 *
 * <p>Implementations are stateless and thread-safe, read nothing but the delivery (and a Clock for
 * the receipt time), and throw nothing but {@link BadWebhookException} whatever the bytes: the
 * bodies come from the network, and each adapter has a fuzz test holding it to that.
 */
public interface WebhookAdapter {

  /**
   * The source name: the {@code {source}} of {@code POST /webhooks/{source}} and the {@code source}
   * field of the events, e.g. {@code distribution}.
   */
  String source();

  /** Media types (lowercase, without parameters) this sender uses for its deliveries. */
  Set<String> contentTypes();

  /**
   * The outcome of every event in the delivery, in delivery order.
   *
   * @param body the raw request body, at most the configured limit
   * @param headers the request headers
   * @throws BadWebhookException when the body is not a delivery of this format or a value in it is
   *     invalid; then nothing of the delivery may be produced
   */
  ParsedWebhook parse(byte[] body, WebhookHeaders headers) throws BadWebhookException;
}
