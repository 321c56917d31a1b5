package dev.trustpipe.contracts;

/** The {@code data} of a TrustPipe CloudEvent. Closed: one record per {@link EventType}. */
public sealed interface EventData
    permits ImagePushed, TagDeleted, TrustChanged, KeyRotated, EventRejected {

  EventType eventType();

  /** The CloudEvents {@code subject} and Kafka key: the GUN, or null when there is none. */
  String subject();
}
