package dev.trustpipe.e2e.support;

import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.model.TargetFile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the trust store's tables directly: every stored version of every role, as the exact bytes
 * the signing-service wrote, to check version chains (gapless, nothing signed twice).
 */
public final class TrustChains {
  public static final String RELEASES = "targets/releases";

  private final String jdbcUrl;
  private final String user;

  TrustChains(String jdbcUrl, String user) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
  }

  /** One stored version of {@code targets/releases}: what it signs, tag -> (sha256 hex, length). */
  public record Release(int version, Map<String, Signed> targets) {}

  public record Signed(String digestHex, long size) {}

  /** The versions of each role of {@code gun}, ascending. */
  public Map<String, List<Integer>> versions(String gun) {
    Map<String, List<Integer>> versions = new TreeMap<>();
    query(
        "SELECT role, version FROM tuf_metadata WHERE gun = ? ORDER BY role, version",
        gun,
        rs -> versions.computeIfAbsent(rs.getString(1), r -> new ArrayList<>()).add(rs.getInt(2)));
    return versions;
  }

  /** Every version of the delegation, in order. */
  public List<Release> releases(String gun) {
    List<Release> releases = new ArrayList<>();
    query(
        "SELECT version, bytes FROM tuf_metadata WHERE gun = ? AND role = ? ORDER BY version",
        gun,
        rs -> {
          Map<String, TargetFile> targets =
              SignedMetadata.parse(RELEASES, rs.getBytes(2)).targets().targets();
          Map<String, Signed> signed = new LinkedHashMap<>();
          targets.forEach(
              (tag, file) ->
                  signed.put(
                      tag,
                      new Signed(HexFormat.of().formatHex(file.hashes().sha256()), file.length())));
          releases.add(new Release(rs.getInt(1), signed));
        },
        RELEASES);
    return releases;
  }

  /** What the current delegation signs (empty when the repository does not exist). */
  public Map<String, Signed> current(String gun) {
    List<Release> releases = releases(gun);
    return releases.isEmpty() ? Map.of() : releases.get(releases.size() - 1).targets();
  }

  /** Stored metadata files of every repository whose GUN starts with {@code prefix}. */
  public long files(String prefix) {
    long[] count = {0};
    query(
        "SELECT count(*) FROM tuf_metadata WHERE gun LIKE ? || '%'",
        prefix, rs -> count[0] = rs.getLong(1));
    return count[0];
  }

  public boolean exists(String gun) {
    boolean[] found = {false};
    query("SELECT 1 FROM tuf_repository WHERE gun = ?", gun, rs -> found[0] = true);
    return found[0];
  }

  /** Outbox rows (trust changes, rejections) the relay has not published to Kafka yet. */
  public long unpublishedOutbox() {
    long[] count = {0};
    query(
        "SELECT count(*) FROM tuf_outbox WHERE published_at IS NULL",
        null,
        rs -> count[0] = rs.getLong(1));
    return count[0];
  }

  private interface Row {
    void accept(ResultSet rs) throws SQLException;
  }

  /**
   * @param first the first parameter, or null when {@code sql} has none
   */
  private void query(String sql, String first, Row row, String... more) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        PreparedStatement s = c.prepareStatement(sql)) {
      if (first != null) {
        s.setString(1, first);
      }
      for (int i = 0; i < more.length; i++) {
        s.setString(i + 2, more[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          row.accept(rs);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
