package dev.trustpipe.ingest.publish;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventData;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.ingest.adapter.BadWebhookException;
import dev.trustpipe.ingest.adapter.RegistryEvent;
import java.time.Clock;

/**
 * Turns a normalised registry event into the CloudEvent on {@code trustpipe.registry.events}: the
 * GUN from the aliased host, a deterministic id (a redelivery of the registry's event gets the same
 * id, so consumers skip it), the production time from the Clock.
 */
public final class RegistryCloudEvents {

  /** The CloudEvents {@code source} of everything this service produces. */
  public static final String CLOUD_EVENT_SOURCE = "/trustpipe/ingest-service";

  private final RegistryHostAliases aliases;
  private final Clock clock;

  public RegistryCloudEvents(RegistryHostAliases aliases, Clock clock) {
    this.aliases = aliases;
    this.clock = clock;
  }

  /**
   * @throws BadWebhookException when the aliased name is not a valid GUN (e.g. too long)
   */
  public CloudEvent<EventData> toCloudEvent(RegistryEvent event) {
    String gun = aliases.clientHost(event.host()) + "/" + event.repository();
    EventData data;
    try {
      data = event.toData(gun);
    } catch (IllegalArgumentException e) {
      throw BadWebhookException.invalidPayload(e.getMessage());
    }
    String id = EventIds.forRegistryEvent(event.source(), event.host(), event.eventId().value());
    return CloudEvent.of(id, CLOUD_EVENT_SOURCE, clock.instant(), data);
  }
}
