package dev.trustpipe.ingest.adapter;

import java.util.Objects;

/**
 * An event of a delivery that produces nothing, accepted all the same (2xx) so the registry does
 * not retry it.
 *
 * @param detail for logs, e.g. the registry's action name; may quote payload text
 */
public record Ignored(IgnoreReason reason, String detail) implements WebhookOutcome {
  public Ignored {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
