package dev.trustpipe.contracts;

/** The pipeline step that rejected an event. */
public enum RejectionStage {
  /** ingest-service could not turn a webhook delivery into an event. */
  INGEST,
  /** A consumer could not decode the event: bad JSON, schema or value violations. */
  DECODE,
  /** The signing policy refused it (repository not onboarded, tag not allowed, ...). */
  POLICY,
  /** It was valid and allowed, but could not be applied (e.g. the registry contradicted it). */
  SIGNING
}
