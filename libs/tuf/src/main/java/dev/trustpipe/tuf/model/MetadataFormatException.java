package dev.trustpipe.tuf.model;

/**
 * A metadata document is not what Notary would accept: bad JSON, a missing or mistyped field, a
 * {@code _type} that does not fit the role, an undecodable key or signature, an invalid value.
 * {@link SignedMetadata#parse} throws nothing else for bad input.
 */
public class MetadataFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MetadataFormatException(String message) {
    super(message);
  }

  public MetadataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
