package dev.trustpipe.signing.notary;

/**
 * The Notary v1 routes the read API answers (NOTARY-API.md §2); anything else is {@link CatchAll}.
 */
sealed interface NotaryRoute {

  /** {@code GET /v2/}. */
  enum Ping implements NotaryRoute {
    INSTANCE
  }

  /** {@code GET /_notary_server/health}. */
  enum Health implements NotaryRoute {
    INSTANCE
  }

  /** Notary's last route: 404 {@code METADATA_NOT_FOUND} without detail. */
  enum CatchAll implements NotaryRoute {
    INSTANCE
  }

  /** {@code GET /v2/{gun}/_trust/tuf/{role}.{checksum}.json}; checksum is 64, 96 or 128 hex. */
  record MetadataByChecksum(String gun, String role, String checksum) implements NotaryRoute {}

  /**
   * {@code GET /v2/{gun}/_trust/tuf/{version}.{role}.json}; version is a non-empty digit string.
   */
  record MetadataByVersion(String gun, String role, String version) implements NotaryRoute {}

  /** {@code GET /v2/{gun}/_trust/tuf/{role}.json}. */
  record CurrentMetadata(String gun, String role) implements NotaryRoute {}

  /** {@code GET /v2/{gun}/_trust/tuf/{timestamp|snapshot}.key}. */
  record ServerKey(String gun, String role) implements NotaryRoute {}

  /** {@code GET /v2/{gun}/_trust/changefeed}; {@code gun} is null for the global feed. */
  record Changefeed(String gun) implements NotaryRoute {}
}
