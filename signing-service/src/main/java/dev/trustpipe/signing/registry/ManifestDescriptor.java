package dev.trustpipe.signing.registry;

import dev.trustpipe.contracts.Digest;

/**
 * What the registry says a manifest reference (a tag or a digest) currently is.
 *
 * @param digest the manifest digest from {@code Docker-Content-Digest}, e.g. {@code sha256:<hex>}
 * @param mediaType the manifest's media type ({@code Content-Type}); null when not sent
 * @param size the manifest's length in bytes ({@code Content-Length})
 */
public record ManifestDescriptor(String digest, String mediaType, long size) {
  public ManifestDescriptor {
    Digest.of(digest);
    if (size < 0) {
      throw new IllegalArgumentException("manifest size " + size + " is negative");
    }
  }
}
