package dev.trustpipe.contracts;

import java.util.Optional;

/**
 * An event that must not be processed: not JSON, an unknown type, a schema violation or a value
 * that breaks an invariant. Retrying cannot help, so it goes to the dead-letter topic with {@link
 * #reason()} (see {@link EventRejected#decodeFailure}).
 */
public final class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final String eventId;
  private final String subject;

  public InvalidEventException(String reason) {
    this(reason, null, null, null);
  }

  /**
   * @param eventId the document's {@code id} when it had a textual one, unvalidated
   * @param subject the document's {@code subject} when it had a textual one, unvalidated
   */
  public InvalidEventException(String reason, String eventId, String subject, Throwable cause) {
    super(reason, cause);
    this.reason = reason;
    this.eventId = eventId;
    this.subject = subject;
  }

  /** Why, for people: what is wrong and where ({@code $.data.digest: ...}). */
  public String reason() {
    return reason;
  }

  /** The rejected document's {@code id}, as written, when it could be read. */
  public Optional<String> eventId() {
    return Optional.ofNullable(eventId);
  }

  /** The rejected document's {@code subject} (its GUN), as written, when it could be read. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }
}
