package dev.trustpipe.signing.registry;

import dev.trustpipe.contracts.Digest;

/**
 * A manifest as the registry served it.
 *
 * @param digest {@code sha256:} of the bytes as received
 * @param mediaType the {@code Content-Type} it was served with; null when not sent
 * @param bytes the manifest itself
 */
public record ManifestContent(String digest, String mediaType, byte[] bytes) {
  public ManifestContent {
    Digest.of(digest);
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }
}
