package dev.trustpipe.signing.notary;

import java.util.List;
import java.util.Optional;

/**
 * What the Notary v1 read API needs from the trust store. Implemented against PostgreSQL by the
 * signing pipeline; the HTTP layer only serves what this returns, byte for byte.
 */
public interface TrustMetadataReader {

  /**
   * Current metadata; for "timestamp" an expired one is re-signed by the implementation; for
   * "snapshot" the one the current timestamp names.
   */
  Optional<ServedMetadata> current(String gun, String role);

  /** Metadata of {@code role} whose exact bytes hash to {@code sha256Hex} (lower-case hex). */
  Optional<ServedMetadata> byChecksum(String gun, String role, String sha256Hex);

  Optional<ServedMetadata> byVersion(String gun, String role, int version);

  /**
   * The server-held public key of timestamp|snapshot as Notary's key JSON body, if the GUN exists.
   */
  Optional<String> serverKey(String gun, String role);

  /**
   * Change records (of one GUN when {@code gun} is present), always listed in ascending ID order,
   * with Notary's SQL-store paging rules. {@code records} is never 0 (the HTTP layer substitutes
   * the default page size 100) and {@code changeId} fits an int32.
   *
   * <ul>
   *   <li>{@code records > 0} and {@code changeId >= 0}: the first {@code records} records with ID
   *       &gt; changeId;
   *   <li>otherwise ("page backwards": {@code records < 0} or {@code changeId < 0}): the last
   *       {@code |records|} records with ID &lt; changeId, or simply the latest {@code |records|}
   *       records when {@code changeId <= 0}.
   * </ul>
   */
  List<ChangeRecordView> changes(Optional<String> gun, long changeId, int records);
}
