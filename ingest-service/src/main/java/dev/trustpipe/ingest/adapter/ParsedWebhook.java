package dev.trustpipe.ingest.adapter;

import java.util.List;
import java.util.Map;

/**
 * What a delivery contained.
 *
 * @param outcomes one per event of the delivery, in order
 * @param reply a JSON object the sender expects as the response body (Event Grid's subscription
 *     validation); empty for the usual summary
 */
public record ParsedWebhook(List<WebhookOutcome> outcomes, Map<String, String> reply) {

  public ParsedWebhook {
    outcomes = List.copyOf(outcomes);
    reply = Map.copyOf(reply);
  }

  public static ParsedWebhook of(List<WebhookOutcome> outcomes) {
    return new ParsedWebhook(outcomes, Map.of());
  }

  public static ParsedWebhook of(WebhookOutcome outcome) {
    return new ParsedWebhook(List.of(outcome), Map.of());
  }

  public List<RegistryEvent> events() {
    return outcomes.stream()
        .filter(RegistryEvent.class::isInstance)
        .map(RegistryEvent.class::cast)
        .toList();
  }

  public List<Ignored> ignored() {
    return outcomes.stream().filter(Ignored.class::isInstance).map(Ignored.class::cast).toList();
  }
}
