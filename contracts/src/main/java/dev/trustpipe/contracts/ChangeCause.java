package dev.trustpipe.contracts;

/** Why a role got a new version. */
public enum ChangeCause {
  /** Image pushes signed in. */
  PUSH,
  /** Tags or manifests deleted. */
  DELETE,
  /** Re-signed before expiry, content unchanged. */
  RENEWAL,
  /** Re-signed because a key was rotated. */
  ROTATION,
  /** The repository's first version of the role. */
  CREATION,
  /**
   * Pushed tags also signed in the sigstore format, stored beside the image in the registry ({@code
   * sha256-<hex>.sig}); the change's role is {@link TrustChanged#SIGSTORE_ROLE}.
   */
  OCI_SIGNATURE
}
