package dev.trustpipe.contracts;

/**
 * A decoded, validated event with its typed data: one record per {@link EventType}, so consumers
 * branch with {@code instanceof} and the compiler knows the data type.
 */
public sealed interface DecodedEvent
    permits DecodedEvent.ImagePushedEvent,
        DecodedEvent.TagDeletedEvent,
        DecodedEvent.TrustChangedEvent,
        DecodedEvent.KeyRotatedEvent,
        DecodedEvent.EventRejectedEvent {

  CloudEvent<? extends EventData> event();

  default EventData data() {
    return event().data();
  }

  default EventType eventType() {
    return event().eventType();
  }

  /** The CloudEvent id consumers deduplicate by. */
  default String id() {
    return event().id();
  }

  record ImagePushedEvent(CloudEvent<ImagePushed> event) implements DecodedEvent {}

  record TagDeletedEvent(CloudEvent<TagDeleted> event) implements DecodedEvent {}

  record TrustChangedEvent(CloudEvent<TrustChanged> event) implements DecodedEvent {}

  record KeyRotatedEvent(CloudEvent<KeyRotated> event) implements DecodedEvent {}

  record EventRejectedEvent(CloudEvent<EventRejected> event) implements DecodedEvent {}
}
