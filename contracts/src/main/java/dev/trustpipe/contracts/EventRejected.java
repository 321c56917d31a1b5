package dev.trustpipe.contracts;

import java.nio.charset.StandardCharsets;

/**
 * An event a stage could not process ({@code dev.trustpipe.event.rejected.v1}), on the dead-letter
 * topic.
 *
 * <p>The diagnostic fields come from input that was just found to be wrong, so construction never
 * fails because of them: {@code gun} and {@code originalEventId} are kept as they were (not
 * validated; unpaired UTF-16 surrogates, which JSON text cannot carry, become U+FFFD) and shortened
 * to {@link #MAX_GUN_CHARS}/{@link #MAX_ID_CHARS}, {@code reason} to {@link #MAX_REASON_CHARS}, and
 * {@code rawPayload} to {@link #MAX_RAW_PAYLOAD_BYTES} of UTF-8 ({@code rawPayloadTruncated} then
 * says so). Only a missing or blank reason, or a missing payload or stage, is an error.
 *
 * @param originalEventId the rejected event's id, when it could be read
 * @param gun the rejected event's GUN as it was given (possibly the invalid value), when known
 * @param reason why, for people
 * @param rawPayload the rejected bytes as UTF-8 text (malformed sequences replaced), maybe cut
 * @param rawPayloadTruncated whether {@code rawPayload} was cut
 * @param stage which step rejected it
 */
public record EventRejected(
    String originalEventId,
    String gun,
    String reason,
    String rawPayload,
    boolean rawPayloadTruncated,
    RejectionStage stage)
    implements EventData {

  public static final int MAX_RAW_PAYLOAD_BYTES = 64 * 1024;
  public static final int MAX_REASON_CHARS = 4096;
  public static final int MAX_GUN_CHARS = 1024;
  public static final int MAX_ID_CHARS = 1024;

  public EventRejected {
    if (originalEventId != null) {
      originalEventId = diagnostic(originalEventId, MAX_ID_CHARS);
    }
    if (gun != null) {
      gun = diagnostic(gun, MAX_GUN_CHARS);
    }
    FieldChecks.required("reason", reason);
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason is blank; a rejection says why");
    }
    reason = diagnostic(reason, MAX_REASON_CHARS);
    FieldChecks.required("rawPayload", rawPayload);
    String kept =
        FieldChecks.truncateUtf8(
            FieldChecks.withoutUnpairedSurrogates(rawPayload), MAX_RAW_PAYLOAD_BYTES);
    rawPayloadTruncated = rawPayloadTruncated || kept.length() != rawPayload.length();
    rawPayload = kept;
    FieldChecks.required("stage", stage);
  }

  /** A rejection of raw bytes, which need not be valid UTF-8. */
  public static EventRejected of(
      String originalEventId, String gun, String reason, byte[] rawPayload, RejectionStage stage) {
    FieldChecks.required("rawPayload", rawPayload);
    return new EventRejected(
        originalEventId, gun, reason, new String(rawPayload, StandardCharsets.UTF_8), false, stage);
  }

  /** The DECODE rejection for bytes {@link EventCodec#decode} refused. */
  public static EventRejected decodeFailure(InvalidEventException failure, byte[] rawPayload) {
    return of(
        failure.eventId().orElse(null),
        failure.subject().orElse(null),
        failure.reason(),
        rawPayload,
        RejectionStage.DECODE);
  }

  /** Shortened and made encodable (unpaired surrogates replaced), never rejected. */
  private static String diagnostic(String value, int maxChars) {
    return FieldChecks.truncateChars(FieldChecks.withoutUnpairedSurrogates(value), maxChars);
  }

  @Override
  public EventType eventType() {
    return EventType.EVENT_REJECTED;
  }

  @Override
  public String subject() {
    return gun;
  }
}
