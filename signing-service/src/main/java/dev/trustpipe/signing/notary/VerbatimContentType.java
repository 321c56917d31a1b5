package dev.trustpipe.signing.notary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sets {@code Content-Type} exactly as notary-server writes it ({@code text/plain; charset=utf-8}).
 * Tomcat re-assembles every content type with a charset as {@code text/plain;charset=utf-8}, so on
 * Tomcat {@link VerbatimContentTypeValve} hands the servlet a writer for the raw header; elsewhere
 * (e.g. mock requests) the servlet API is used.
 */
final class VerbatimContentType {

  static final String WRITER_ATTRIBUTE = VerbatimContentType.class.getName() + ".writer";

  /** Writes the raw {@code Content-Type} header of the current response. */
  @FunctionalInterface
  interface Writer {
    void contentType(String value);
  }

  private VerbatimContentType() {}

  static void set(HttpServletRequest request, HttpServletResponse response, String value) {
    if (request.getAttribute(WRITER_ATTRIBUTE) instanceof Writer writer) {
      writer.contentType(value);
    } else {
      response.setContentType(value);
    }
  }
}
