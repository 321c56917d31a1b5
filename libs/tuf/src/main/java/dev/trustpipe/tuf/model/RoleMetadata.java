package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The typed content of a {@code signed} value. */
public sealed interface RoleMetadata permits Root, Targets, Snapshot, Timestamp {

  /**
   * The {@code _type} value: {@code Root}, {@code Targets}, {@code Snapshot}, {@code Timestamp}.
   */
  String type();

  int version();

  Instant expires();

  /** The {@code signed} value as Notary writes it; encode with CanonicalJson to sign. */
  ObjectNode toJson();
}
