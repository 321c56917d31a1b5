package dev.trustpipe.signing.notary;

import java.nio.charset.StandardCharsets;

/**
 * Error bodies in notary-server's docker/distribution {@code errcode} format, as Go's JSON encoder
 * writes them (with its trailing newline). {@code detail} is omitted when Notary attaches none and
 * is raw JSON otherwise.
 */
final class NotaryErrors {

  static final String METADATA_NOT_FOUND = "METADATA_NOT_FOUND";
  static final String INVALID_PARAMETERS = "INVALID_PARAMETERS";
  static final String UNKNOWN = "UNKNOWN";

  /** Route matched, nothing stored: {@code "detail":{}}. */
  static final byte[] METADATA_NOT_FOUND_BODY = body(METADATA_NOT_FOUND, "{}");

  /** Notary's catch-all route: no detail. */
  static final byte[] CATCH_ALL_BODY = body(METADATA_NOT_FOUND, null);

  static final byte[] INVALID_CHANGE_ID_BODY = body(INVALID_PARAMETERS, "{}");

  static final byte[] UNKNOWN_BODY = body(UNKNOWN, null);

  private NotaryErrors() {}

  static byte[] body(String code, String detailJson) {
    StringBuilder json =
        new StringBuilder(128)
            .append("{\"errors\":[{\"code\":\"")
            .append(code)
            .append("\",\"message\":");
    GoText.appendJsonString(json, message(code));
    if (detailJson != null) {
      json.append(",\"detail\":").append(detailJson);
    }
    return json.append("}]}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An error whose detail is a JSON string. */
  static byte[] withStringDetail(String code, String detail) {
    return body(code, GoText.appendJsonString(new StringBuilder(), detail).toString());
  }

  private static String message(String code) {
    return switch (code) {
      case METADATA_NOT_FOUND -> "You have requested metadata that does not exist.";
      case INVALID_PARAMETERS -> "The parameters provided are not valid.";
      case UNKNOWN -> "unknown error";
      default -> throw new IllegalArgumentException("no message for error code " + code);
    };
  }
}
