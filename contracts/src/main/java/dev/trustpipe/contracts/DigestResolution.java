package dev.trustpipe.contracts;

/** Where an {@link ImagePushed} digest came from, which decides how far it can be trusted. */
public enum DigestResolution {
  /** The registry's event carried the manifest digest. */
  REPORTED,
  /**
   * The registry sent none; the receiver asked the registry ({@code HEAD .../manifests/<tag>})
   * afterwards. The tag may have moved in between, so it is what the tag pointed at then.
   */
  RESOLVED,
  /**
   * The registry sent no digest (Docker Hub, Quay) and nobody has resolved it yet: {@code digest}
   * is absent and a consumer must resolve the tag before signing.
   */
  REQUIRED
}
