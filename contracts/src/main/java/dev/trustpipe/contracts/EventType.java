package dev.trustpipe.contracts;

import java.util.Arrays;
import java.util.Optional;

/** The closed set of event types: CloudEvents {@code type}, data record, topic and JSON Schema. */
public enum EventType {
  IMAGE_PUSHED("dev.trustpipe.image.pushed.v1", ImagePushed.class, Topics.REGISTRY_EVENTS),
  TAG_DELETED("dev.trustpipe.tag.deleted.v1", TagDeleted.class, Topics.REGISTRY_EVENTS),
  TRUST_CHANGED("dev.trustpipe.trust.changed.v1", TrustChanged.class, Topics.TRUST_CHANGES),
  KEY_ROTATED("dev.trustpipe.key.rotated.v1", KeyRotated.class, Topics.TRUST_CHANGES),
  EVENT_REJECTED("dev.trustpipe.event.rejected.v1", EventRejected.class, Topics.DEAD_LETTER);

  private final String type;
  private final Class<? extends EventData> dataClass;
  private final String topic;

  EventType(String type, Class<? extends EventData> dataClass, String topic) {
    this.type = type;
    this.dataClass = dataClass;
    this.topic = topic;
  }

  /** The CloudEvents {@code type} attribute, e.g. {@code dev.trustpipe.image.pushed.v1}. */
  public String type() {
    return type;
  }

  public Class<? extends EventData> dataClass() {
    return dataClass;
  }

  /** The topic events of this type are produced to. */
  public String topic() {
    return topic;
  }

  /** Classpath location of the JSON Schema for the whole CloudEvent of this type. */
  public String schemaResource() {
    return "schemas/" + type + ".json";
  }

  public static Optional<EventType> fromType(String type) {
    return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
  }
}
