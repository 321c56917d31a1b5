package dev.trustpipe.ingest.adapter;

/**
 * Why a registry event produced nothing. A closed set, because it is a metrics tag; {@link
 * Ignored#detail()} carries the specifics.
 */
public enum IgnoreReason {
  /** A layer or config blob was pushed or deleted: only manifests are signed. */
  BLOB("blob"),
  PULL("pull"),
  MOUNT("mount"),
  /** GitLab's repository rename. */
  RENAME("rename"),
  /** A registry event type that is not a manifest push or delete (scan, chart, quota, ...). */
  NOT_A_MANIFEST_EVENT("not-a-manifest-event"),
  /** A package that is not a container image (GitHub npm, Maven, ...). */
  NOT_A_CONTAINER("not-a-container"),
  /** The registry reports a failed operation (ECR {@code result: FAILED}). */
  FAILED_OPERATION("failed-operation"),
  /** A push notification naming no tag where only tags can be resolved (Docker Hub, Quay). */
  NO_TAG("no-tag"),
  /** An artifact moved between repositories (Artifactory {@code promoted}): reconcile instead. */
  PROMOTION("promotion"),
  /** A test delivery or subscription handshake (GitHub ping, ACR ping, Event Grid validation). */
  PING("ping");

  private final String code;

  IgnoreReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
