package dev.trustpipe.ingest.adapter;

/**
 * A delivery that cannot be accepted as it is: answered with a 4xx and a JSON error, nothing
 * produced. The message says what is wrong and where; it never contains a credential.
 */
public final class BadWebhookException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Rejection rejection;

  public BadWebhookException(Rejection rejection, String message) {
    super(message, null, false, false);
    this.rejection = rejection;
  }

  public static BadWebhookException invalidPayload(String message) {
    return new BadWebhookException(Rejection.INVALID_PAYLOAD, message);
  }

  public static BadWebhookException malformedJson(String message) {
    return new BadWebhookException(Rejection.MALFORMED_JSON, message);
  }

  public Rejection rejection() {
    return rejection;
  }

  public int status() {
    return rejection.status();
  }
}
