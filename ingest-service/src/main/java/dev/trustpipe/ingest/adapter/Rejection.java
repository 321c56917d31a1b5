package dev.trustpipe.ingest.adapter;

/** Why a delivery was refused: the HTTP status, and the code in the error body and metrics. */
public enum Rejection {
  UNKNOWN_SOURCE(404, "unknown-source"),
  UNAUTHENTICATED(401, "unauthenticated"),
  ADDRESS_NOT_ALLOWED(403, "address-not-allowed"),
  BODY_TOO_LARGE(413, "body-too-large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type"),
  MALFORMED_JSON(400, "malformed-json"),
  INVALID_PAYLOAD(400, "invalid-payload");

  private final int status;
  private final String code;

  Rejection(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  /** Stable, low-cardinality name: the {@code error} field and the metrics tag. */
  public String code() {
    return code;
  }
}
