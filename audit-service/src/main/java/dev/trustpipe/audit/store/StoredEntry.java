package dev.trustpipe.audit.store;

import dev.trustpipe.translog.AuditEntry;
import dev.trustpipe.translog.ExportLine;

/**
 * An entry as the database holds it: its columns as an {@link AuditEntry} and the entry hash stored
 * beside them (which a tampered row no longer matches).
 */
public record StoredEntry(AuditEntry entry, String storedEntryHash) {

  /** The JSON item of the API and line of the export. */
  public String json() {
    return ExportLine.format(entry, storedEntryHash, entry.leafHash());
  }
}
