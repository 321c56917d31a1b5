package dev.trustpipe.ingest.support;

import dev.trustpipe.ingest.adapter.WebhookHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The webhook fixtures under {@code src/test/resources/fixtures/webhooks/} (see ORIGIN.md). */
public final class Fixtures {

  private Fixtures() {}

  /** A fixture file's exact bytes, e.g. {@code body("harbor", "default-push-tag.json")}. */
  public static byte[] body(String registry, String file) {
    String resource = "/fixtures/webhooks/" + registry + "/" + file;
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request recorded from the real registry: request line, headers, blank line, body. */
  public record CapturedRequest(String requestLine, Map<String, String> headers, byte[] body) {
    public WebhookHeaders webhookHeaders() {
      return WebhookHeaders.ofSingle(headers);
    }
  }

  /** {@code distribution/captured/<file>}. */
  public static CapturedRequest captured(String file) {
    byte[] bytes = body("distribution", "captured/" + file);
    int split = indexOf(bytes, "\n\n".getBytes(StandardCharsets.US_ASCII));
    int separator = 2;
    int crlf = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (crlf >= 0 && (split < 0 || crlf < split)) {
      split = crlf;
      separator = 4;
    }
    List<String> lines = new String(bytes, 0, split, StandardCharsets.ISO_8859_1).lines().toList();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    return new CapturedRequest(
        lines.get(0), headers, Arrays.copyOfRange(bytes, split + separator, bytes.length));
  }

  private static int indexOf(byte[] bytes, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= bytes.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
