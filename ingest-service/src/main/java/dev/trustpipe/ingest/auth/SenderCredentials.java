package dev.trustpipe.ingest.auth;

import dev.trustpipe.ingest.adapter.WebhookHeaders;

/**
 * What a request offers to prove its sender: headers, the raw query string and the raw body (for
 * HMACs), and the peer address.
 *
 * @param rawQuery the request's query string as sent (not decoded), or null
 */
public record SenderCredentials(
    WebhookHeaders headers, String rawQuery, byte[] body, String remoteAddress) {

  /** No values: they may be credentials. */
  @Override
  public String toString() {
    return "SenderCredentials[from " + remoteAddress + "]";
  }
}
