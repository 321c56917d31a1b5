package dev.trustpipe.signing.oci;

/** A {@code .sig} manifest in the registry that TrustPipe cannot read, so will not overwrite. */
public final class InvalidSignatureManifestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidSignatureManifestException(String problem) {
    super("the signature manifest " + problem);
  }
}
