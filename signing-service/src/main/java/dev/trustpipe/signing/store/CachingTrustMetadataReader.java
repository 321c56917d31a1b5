package dev.trustpipe.signing.store;

import dev.trustpipe.signing.notary.ChangeRecordView;
import dev.trustpipe.signing.notary.ServedMetadata;
import dev.trustpipe.signing.notary.TrustMetadataReader;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Keeps the Notary read path off the database for the files every client polls.
 *
 * <ul>
 *   <li>Lookups by checksum and by version return immutable documents: found ones stay in a
 *       size-bounded LRU (misses are not cached, the document may be published next).
 *   <li>{@code current(gun, role)} is cached per (GUN, role) for a short TTL, and never past the
 *       document's own {@code expires}: an expired timestamp is always fetched again, so the
 *       delegate re-signs it as before.
 *   <li>The current snapshot is the one the cached current timestamp names, fetched by checksum, so
 *       the timestamp and snapshot served together always belong together, whatever the TTL.
 * </ul>
 *
 * <p>A reader can see a publish up to one TTL late, the same as a client hitting a replica a moment
 * behind; it never sees a current document go back to an older one: a slower concurrent load never
 * replaces a newer entry. Server keys and the changefeed are not cached.
 *
 * <p>Deleting a repository must call {@link #evictRepository}: versions restart after a delete, so
 * cached by-version documents would otherwise outlive it.
 */
public final class CachingTrustMetadataReader implements TrustMetadataReader {

  public static final Duration DEFAULT_CURRENT_TTL = Duration.ofSeconds(1);

  /** Bounds both caches together; a targets file of 1000 tags is ~100 KB. */
  public static final long DEFAULT_MAX_CACHED_BYTES = 64L * 1024 * 1024;

  /** Distinct (GUN, role) pairs kept; also bounds what 404 probes of unknown GUNs can occupy. */
  public static final int DEFAULT_MAX_CURRENT_ENTRIES = 10_000;

  /** Rough per-entry bookkeeping (keys, record headers, map node) added to the bytes' weight. */
  private static final long ENTRY_OVERHEAD = 256;

  private final TrustMetadataReader delegate;
  private final Clock clock;
  private final Duration currentTtl;
  private final BoundedLru<MetadataKey, CurrentEntry> current;
  private final BoundedLru<MetadataKey, ServedMetadata> immutable;
  private final AtomicLong loads = new AtomicLong();

  public CachingTrustMetadataReader(
      TrustMetadataReader delegate, Clock clock, Duration currentTtl) {
    this(delegate, clock, currentTtl, DEFAULT_MAX_CURRENT_ENTRIES, DEFAULT_MAX_CACHED_BYTES);
  }

  /**
   * @param currentTtl how long a current document may be served after it was read; zero disables
   *     the current cache (immutable lookups are still cached)
   * @param maxCurrentEntries (GUN, role) pairs kept in the current cache
   * @param maxCachedBytes document bytes kept, half for current and half for immutable documents
   */
  public CachingTrustMetadataReader(
      TrustMetadataReader delegate,
      Clock clock,
      Duration currentTtl,
      int maxCurrentEntries,
      long maxCachedBytes) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.currentTtl = Objects.requireNonNull(currentTtl, "currentTtl");
    if (currentTtl.isNegative()) {
      throw new IllegalArgumentException("current cache TTL must not be negative: " + currentTtl);
    }
    if (maxCurrentEntries < 1 || maxCachedBytes < 2) {
      throw new IllegalArgumentException("cache bounds must be positive");
    }
    this.current = new BoundedLru<>(maxCurrentEntries, maxCachedBytes / 2, CurrentEntry::weight);
    this.immutable =
        new BoundedLru<>(Integer.MAX_VALUE, maxCachedBytes / 2, CachingTrustMetadataReader::weight);
  }

  @Override
  public Optional<ServedMetadata> current(String gun, String role) {
    if (currentTtl.isZero()) {
      return delegate.current(gun, role);
    }
    if (!RoleName.SNAPSHOT.equals(role)) {
      return currentEntry(gun, role).metadata();
    }
    CurrentEntry timestamp = currentEntry(gun, RoleName.TIMESTAMP);
    if (timestamp.metadata().isEmpty()) {
      return Optional.empty();
    }
    if (timestamp.snapshotSha256() == null) {
      // a timestamp we could not read: let the delegate decide, exactly as without the cache
      return delegate.current(gun, role);
    }
    return byChecksum(gun, RoleName.SNAPSHOT, timestamp.snapshotSha256());
  }

  @Override
  public Optional<ServedMetadata> byChecksum(String gun, String role, String sha256Hex) {
    return immutableLookup(
        new MetadataKey(gun, role, "sha256:" + sha256Hex),
        () -> delegate.byChecksum(gun, role, sha256Hex));
  }

  @Override
  public Optional<ServedMetadata> byVersion(String gun, String role, int version) {
    return immutableLookup(
        new MetadataKey(gun, role, "version:" + version),
        () -> delegate.byVersion(gun, role, version));
  }

  @Override
  public Optional<String> serverKey(String gun, String role) {
    return delegate.serverKey(gun, role);
  }

  @Override
  public List<ChangeRecordView> changes(Optional<String> gun, long changeId, int records) {
    return delegate.changes(gun, changeId, records);
  }

  /** Forgets everything cached for {@code gun}; call after deleting the repository. */
  public void evictRepository(String gun) {
    current.removeIf(key -> key.gun().equals(gun));
    immutable.removeIf(key -> key.gun().equals(gun));
  }

  private CurrentEntry currentEntry(String gun, String role) {
    MetadataKey key = new MetadataKey(gun, role, "current");
    Instant now = clock.instant();
    CurrentEntry cached = current.get(key);
    if (cached != null && now.isBefore(cached.usableUntil())) {
      return cached;
    }
    long sequence = loads.incrementAndGet();
    Optional<ServedMetadata> loaded = delegate.current(gun, role);
    CurrentEntry fresh = CurrentEntry.of(role, loaded, now.plus(currentTtl), sequence);
    current.put(key, fresh, (present, added) -> present.sequence() > added.sequence());
    return fresh;
  }

  private Optional<ServedMetadata> immutableLookup(
      MetadataKey key, Supplier<Optional<ServedMetadata>> load) {
    ServedMetadata cached = immutable.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ServedMetadata> loaded = load.get();
    loaded.ifPresent(metadata -> immutable.put(key, metadata, (present, added) -> false));
    return loaded;
  }

  private static long weight(ServedMetadata metadata) {
    return metadata.bytes().length + ENTRY_OVERHEAD;
  }

  /** {@code detail} tells current, by-checksum and by-version lookups of one role apart. */
  private record MetadataKey(String gun, String role, String detail) {}

  /**
   * A cached {@code current} answer (possibly "not found").
   *
   * @param usableUntil the earlier of load time + TTL and the document's own {@code expires}
   * @param snapshotSha256 for a timestamp: the snapshot it names (null otherwise or unreadable)
   * @param sequence order in which loads started; a later load wins
   */
  private record CurrentEntry(
      Optional<ServedMetadata> metadata,
      Instant usableUntil,
      String snapshotSha256,
      long sequence) {

    static CurrentEntry of(
        String role, Optional<ServedMetadata> loaded, Instant ttlEnd, long sequence) {
      if (loaded.isEmpty()) {
        return new CurrentEntry(loaded, ttlEnd, null, sequence);
      }
      SignedMetadata parsed;
      try {
        parsed = SignedMetadata.parse(role, loaded.get().bytes());
      } catch (RuntimeException unreadable) {
        // not cacheable without knowing its expiry; serve it as the delegate returned it
        return new CurrentEntry(loaded, Instant.MIN, null, sequence);
      }
      Instant expires = parsed.expires();
      Instant usableUntil = expires.isBefore(ttlEnd) ? expires : ttlEnd;
      String snapshotSha256 =
          RoleName.TIMESTAMP.equals(role)
              ? parsed.timestamp().snapshot().hashes().sha256Hex()
              : null;
      return new CurrentEntry(loaded, usableUntil, snapshotSha256, sequence);
    }

    long weight() {
      return metadata.map(CachingTrustMetadataReader::weight).orElse(ENTRY_OVERHEAD);
    }
  }

  /**
   * An access-ordered LRU bounded by entry count and total weight. One lock: a hit is a map lookup,
   * far cheaper than the TLS and HTTP work around it.
   */
  static final class BoundedLru<K, V> {
    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long weight;

    BoundedLru(int maxEntries, long maxWeight, ToLongFunction<V> weigher) {
      this.maxEntries = maxEntries;
      this.maxWeight = maxWeight;
      this.weigher = weigher;
    }

    synchronized V get(K key) {
      return entries.get(key);
    }

    /**
     * Stores {@code value}, evicting the least recently used entries beyond the bounds, unless
     * {@code keepPresent.test(present, value)} says the entry already there is to be kept. A value
     * heavier than the whole bound is not stored.
     */
    synchronized void put(K key, V value, BiPredicate<V, V> keepPresent) {
      V present = entries.get(key);
      if (present != null && keepPresent.test(present, value)) {
        return;
      }
      long added = weigher.applyAsLong(value);
      if (present != null) {
        entries.remove(key);
        weight -= weigher.applyAsLong(present);
      }
      if (added > maxWeight) {
        return;
      }
      entries.put(key, value);
      weight += added;
      Iterator<Map.Entry<K, V>> eldest = entries.entrySet().iterator();
      while (weight > maxWeight || entries.size() > maxEntries) {
        Map.Entry<K, V> entry = eldest.next();
        weight -= weigher.applyAsLong(entry.getValue());
        eldest.remove();
      }
    }

    synchronized void removeIf(Predicate<K> condition) {
      Iterator<Map.Entry<K, V>> it = entries.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<K, V> entry = it.next();
        if (condition.test(entry.getKey())) {
          weight -= weigher.applyAsLong(entry.getValue());
          it.remove();
        }
      }
    }

    synchronized int size() {
      return entries.size();
    }

    synchronized long weight() {
      return weight;
    }
  }

  /** Current-cache entries and immutable entries held, for tests and diagnostics. */
  int cachedEntries() {
    return current.size() + immutable.size();
  }
}
