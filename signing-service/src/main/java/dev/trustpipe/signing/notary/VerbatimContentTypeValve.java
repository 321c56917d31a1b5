package dev.trustpipe.signing.notary;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Gives Notary API requests a {@link VerbatimContentType.Writer} that bypasses Tomcat's
 * content-type normalisation: the header goes straight into the connector's header list, and since
 * the servlet never calls {@code setContentType} Tomcat leaves it as written.
 */
final class VerbatimContentTypeValve extends ValveBase {

  VerbatimContentTypeValve() {
    super(true);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    String uri = request.getRequestURI();
    if (uri != null && (uri.startsWith("/v2") || uri.startsWith("/_notary_server/"))) {
      org.apache.coyote.Response connectorResponse = response.getCoyoteResponse();
      request.setAttribute(
          VerbatimContentType.WRITER_ATTRIBUTE,
          (VerbatimContentType.Writer)
              value ->
                  connectorResponse.getMimeHeaders().setValue("Content-Type").setString(value));
    }
    getNext().invoke(request, response);
  }
}
