package dev.trustpipe.contracts;

/** Kafka topic names. Every message is keyed by the GUN it is about, so one GUN = one partition. */
public final class Topics {

  /** {@link ImagePushed} and {@link TagDeleted}, produced by ingest-service. */
  public static final String REGISTRY_EVENTS = "trustpipe.registry.events";

  /** {@link TrustChanged} and {@link KeyRotated}, produced through the outbox after commit. */
  public static final String TRUST_CHANGES = "trustpipe.trust.changes";

  /** {@link EventRejected}: what a stage could not process, with why. */
  public static final String DEAD_LETTER = "trustpipe.dead-letter";

  private Topics() {}
}
