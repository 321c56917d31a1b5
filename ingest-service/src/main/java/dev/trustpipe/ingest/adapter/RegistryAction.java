package dev.trustpipe.ingest.adapter;

/** What happened to a manifest. */
public enum RegistryAction {
  PUSH,
  DELETE
}
