package dev.trustpipe.audit.api;

/** A request the API cannot answer as asked: answered 400 with the message. */
public final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String message) {
    super(message);
  }
}
