package dev.trustpipe.signing.notary;

import java.time.Instant;

/**
 * One stored metadata document as it is served: its exact bytes and when this version was stored
 * (or regenerated), which becomes the {@code Last-Modified} header.
 */
public record ServedMetadata(byte[] bytes, Instant lastModified) {

  @Override
  public String toString() {
    return "ServedMetadata[" + bytes.length + " bytes, lastModified=" + lastModified + "]";
  }
}
