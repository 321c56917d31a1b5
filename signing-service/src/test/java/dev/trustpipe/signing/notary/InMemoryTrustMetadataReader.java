package dev.trustpipe.signing.notary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link TrustMetadataReader} over lists in memory, with the semantics the PostgreSQL adapter must
 * have (checksum lookups filtered by role, snapshot = the one the current timestamp names,
 * SQL-store changefeed paging). Records every call so tests can see what a client asked for.
 */
final class InMemoryTrustMetadataReader implements TrustMetadataReader {

  record Stored(
      String gun, String role, int version, byte[] bytes, String sha256, Instant lastModified) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Stored> stored = new CopyOnWriteArrayList<>();
  private final Map<String, String> serverKeys = new ConcurrentHashMap<>();
  private final List<ChangeRecordView> changes = new CopyOnWriteArrayList<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  void clear() {
    stored.clear();
    serverKeys.clear();
    changes.clear();
    calls.clear();
  }

  Stored put(String gun, String role, int version, byte[] bytes, Instant lastModified) {
    Stored entry = new Stored(gun, role, version, bytes.clone(), sha256Hex(bytes), lastModified);
    stored.add(entry);
    return entry;
  }

  void putServerKey(String gun, String role, String keyJson) {
    serverKeys.put(gun + "\n" + role, keyJson);
  }

  void addChange(ChangeRecordView change) {
    changes.add(change);
  }

  List<Stored> stored() {
    return List.copyOf(stored);
  }

  List<String> calls() {
    return List.copyOf(calls);
  }

  void setLastModified(String sha256, Instant lastModified) {
    stored.replaceAll(
        s ->
            s.sha256().equals(sha256)
                ? new Stored(s.gun(), s.role(), s.version(), s.bytes(), s.sha256(), lastModified)
                : s);
  }

  @Override
  public Optional<ServedMetadata> current(String gun, String role) {
    calls.add("current " + gun + " " + role);
    if (role.equals("snapshot")) {
      return latest(gun, "timestamp")
          .flatMap(timestamp -> find(gun, "snapshot", snapshotSha256(timestamp.bytes())))
          .map(InMemoryTrustMetadataReader::served);
    }
    return latest(gun, role).map(InMemoryTrustMetadataReader::served);
  }

  @Override
  public Optional<ServedMetadata> byChecksum(String gun, String role, String sha256Hex) {
    calls.add("byChecksum " + gun + " " + role + " " + sha256Hex);
    return find(gun, role, sha256Hex).map(InMemoryTrustMetadataReader::served);
  }

  @Override
  public Optional<ServedMetadata> byVersion(String gun, String role, int version) {
    calls.add("byVersion " + gun + " " + role + " " + version);
    return stored.stream()
        .filter(s -> s.gun().equals(gun) && s.role().equals(role) && s.version() == version)
        .findFirst()
        .map(InMemoryTrustMetadataReader::served);
  }

  @Override
  public Optional<String> serverKey(String gun, String role) {
    calls.add("serverKey " + gun + " " + role);
    return Optional.ofNullable(serverKeys.get(gun + "\n" + role));
  }

  @Override
  public List<ChangeRecordView> changes(Optional<String> gun, long changeId, int records) {
    calls.add("changes " + gun.orElse("*") + " " + changeId + " " + records);
    List<ChangeRecordView> matching =
        changes.stream()
            .filter(c -> gun.isEmpty() || c.gun().equals(gun.get()))
            .sorted(Comparator.comparingLong(ChangeRecordView::id))
            .toList();
    long limit = Math.abs((long) records);
    boolean backwards = records < 0 || changeId < 0;
    if (!backwards) {
      return matching.stream().filter(c -> c.id() > changeId).limit(limit).toList();
    }
    List<ChangeRecordView> before =
        matching.stream().filter(c -> changeId <= 0 || c.id() < changeId).toList();
    return new ArrayList<>(before.subList((int) Math.max(0, before.size() - limit), before.size()));
  }

  private Optional<Stored> latest(String gun, String role) {
    return stored.stream()
        .filter(s -> s.gun().equals(gun) && s.role().equals(role))
        .max(Comparator.comparingInt(Stored::version));
  }

  private Optional<Stored> find(String gun, String role, String sha256Hex) {
    return stored.stream()
        .filter(s -> s.gun().equals(gun) && s.role().equals(role) && s.sha256().equals(sha256Hex))
        .findFirst();
  }

  private static ServedMetadata served(Stored stored) {
    return new ServedMetadata(stored.bytes(), stored.lastModified());
  }

  private static String snapshotSha256(byte[] timestamp) {
    try {
      JsonNode hash = JSON.readTree(timestamp).at("/signed/meta/snapshot/hashes/sha256");
      return HexFormat.of().formatHex(Base64.getDecoder().decode(hash.asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
