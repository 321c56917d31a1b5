package dev.trustpipe.signing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.signing.notary.ChangeRecordView;
import dev.trustpipe.signing.notary.ServedMetadata;
import dev.trustpipe.signing.notary.TrustMetadataReader;
import dev.trustpipe.signing.support.MutableClock;
import dev.trustpipe.tuf.crypto.LocalSigners;
import dev.trustpipe.tuf.model.Hashes;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import dev.trustpipe.tuf.repo.RepositorySigners;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import dev.trustpipe.tuf.repo.TargetChange;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CachingTrustMetadataReaderTest {
  private static final String GUN = "registry.example.com/team/app";
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(1);

  /** Version 1 of a repository and version 2 after one more tag, signed for real. */
  private static CurrentMetadata v1;

  private static CurrentMetadata v2;

  private final MutableClock clock = new MutableClock(T0);
  private final FakeReader store = new FakeReader();

  @BeforeAll
  static void signRepository() {
    SecureRandom random = new SecureRandom();
    RepositorySigners signers =
        new RepositorySigners(
            LocalSigners.generateEcdsa(random),
            LocalSigners.generateEcdsa(random),
            LocalSigners.generateEcdsa(random),
            LocalSigners.generateEcdsa(random),
            LocalSigners.generateEcdsa(random));
    // timestamps of 10 minutes, so tests can step past their expiry
    ExpiryPolicy policy =
        ExpiryPolicy.defaults(Clock.fixed(T0, ZoneOffset.UTC))
            .withTimestamp(Duration.ofMinutes(10));
    ManagedRepository repository = new ManagedRepository(random);
    v1 = CurrentMetadata.of(repository.create(GUN, signers, policy));
    byte[] manifest = "manifest".getBytes(StandardCharsets.UTF_8);
    Hashes hashes = Hashes.of(manifest);
    RepositoryUpdate tagged =
        repository.applyTargetChanges(
            v1,
            RoleName.RELEASES,
            List.of(new TargetChange.Put("1.0", manifest.length, hashes.sha256(), null)),
            signers,
            policy);
    v2 = v1.with(tagged);
  }

  private CachingTrustMetadataReader cache(Duration ttl) {
    return new CachingTrustMetadataReader(store, clock, ttl);
  }

  @Test
  void servesTheCurrentTimestampFromMemoryWithinTheTtlAndReloadsAfterIt() {
    store.publish(v1);
    CachingTrustMetadataReader reader = cache(TTL);

    assertThat(bytes(reader.current(GUN, RoleName.TIMESTAMP))).isEqualTo(timestampOf(v1));
    store.publish(v2);
    clock.advance(Duration.ofMillis(999));
    assertThat(bytes(reader.current(GUN, RoleName.TIMESTAMP))).isEqualTo(timestampOf(v1));
    assertThat(store.calls("current " + RoleName.TIMESTAMP)).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    assertThat(bytes(reader.current(GUN, RoleName.TIMESTAMP))).isEqualTo(timestampOf(v2));
    assertThat(store.calls("current " + RoleName.TIMESTAMP)).isEqualTo(2);
  }

  @Test
  void neverServesAnExpiredTimestampFromMemoryWhateverTheTtl() {
    store.publish(v1);
    CachingTrustMetadataReader reader = cache(Duration.ofDays(1));
    Instant expires = v1.require(RoleName.TIMESTAMP).expires();
    reader.current(GUN, RoleName.TIMESTAMP);

    clock.set(expires.minusMillis(1));
    reader.current(GUN, RoleName.TIMESTAMP);
    assertThat(store.calls("current " + RoleName.TIMESTAMP)).isEqualTo(1);

    // at its expiry instant it is expired (as ExpiredTimestampRenewer.isExpired says): ask the
    // delegate, which re-signs it
    clock.set(expires);
    store.publish(v2);
    assertThat(bytes(reader.current(GUN, RoleName.TIMESTAMP))).isEqualTo(timestampOf(v2));
    assertThat(store.calls("current " + RoleName.TIMESTAMP)).isEqualTo(2);
  }

  @Test
  void theCurrentSnapshotIsTheOneTheServedTimestampNames() {
    store.publish(v1);
    CachingTrustMetadataReader reader = cache(TTL);
    reader.current(GUN, RoleName.TIMESTAMP);
    store.publish(v2); // within the TTL the old timestamp is still served ...

    // ... so the snapshot must be the old one too, not the store's newest
    assertThat(bytes(reader.current(GUN, RoleName.SNAPSHOT)))
        .isEqualTo(v1.require(RoleName.SNAPSHOT).bytes());
    assertThat(store.calls("current " + RoleName.SNAPSHOT)).isZero();

    clock.advance(TTL);
    assertThat(bytes(reader.current(GUN, RoleName.SNAPSHOT)))
        .isEqualTo(v2.require(RoleName.SNAPSHOT).bytes());
    assertThat(bytes(reader.current(GUN, RoleName.TIMESTAMP))).isEqualTo(timestampOf(v2));
  }

  @Test
  void otherCurrentRolesAreCachedPerGunAndRoleForTheTtl() {
    store.publish(v1);
    CachingTrustMetadataReader reader = cache(TTL);
    reader.current(GUN, RoleName.TARGETS);
    reader.current(GUN, RoleName.TARGETS);
    reader.current(GUN, RoleName.ROOT);
    assertThat(store.calls("current " + RoleName.TARGETS)).isEqualTo(1);
    assertThat(store.calls("current " + RoleName.ROOT)).isEqualTo(1);

    store.publish(v2);
    clock.advance(TTL);
    assertThat(bytes(reader.current(GUN, RoleName.RELEASES)))
        .isEqualTo(v2.require(RoleName.RELEASES).bytes());
    assertThat(bytes(reader.current(GUN, RoleName.TARGETS)))
        .isEqualTo(v2.require(RoleName.TARGETS).bytes());
    assertThat(store.calls("current " + RoleName.TARGETS)).isEqualTo(2);
  }

  @Test
  void anUnknownGunIsRememberedOnlyForTheTtl() {
    CachingTrustMetadataReader reader = cache(TTL);
    assertThat(reader.current(GUN, RoleName.TIMESTAMP)).isEmpty();
    assertThat(reader.current(GUN, RoleName.SNAPSHOT)).isEmpty();
    store.publish(v1);
    assertThat(reader.current(GUN, RoleName.TIMESTAMP)).isEmpty();
    assertThat(store.calls("current " + RoleName.TIMESTAMP)).isEqualTo(1);

    clock.advance(TTL);
    assertThat(bytes(reader.current(GUN, RoleName.TIMESTAMP))).isEqualTo(timestampOf(v1));
  }

  @Test
  void lookupsByChecksumAndVersionAreKeptButMissesAreNot() {
    CachingTrustMetadataReader reader = cache(TTL);
    SignedMetadata targets = v1.require(RoleName.TARGETS);
    assertThat(reader.byChecksum(GUN, RoleName.TARGETS, targets.sha256Hex())).isEmpty();
    assertThat(reader.byVersion(GUN, RoleName.TARGETS, 1)).isEmpty();

    store.publish(v1);
    assertThat(bytes(reader.byChecksum(GUN, RoleName.TARGETS, targets.sha256Hex())))
        .isEqualTo(targets.bytes());
    assertThat(bytes(reader.byVersion(GUN, RoleName.TARGETS, 1))).isEqualTo(targets.bytes());
    clock.advance(Duration.ofDays(30));
    reader.byChecksum(GUN, RoleName.TARGETS, targets.sha256Hex());
    reader.byVersion(GUN, RoleName.TARGETS, 1);

    assertThat(store.calls("byChecksum " + RoleName.TARGETS)).isEqualTo(2);
    assertThat(store.calls("byVersion " + RoleName.TARGETS)).isEqualTo(2);
    // the role is part of the key: another role with the same checksum is a different lookup
    assertThat(reader.byChecksum(GUN, RoleName.ROOT, targets.sha256Hex())).isEmpty();
  }

  @Test
  void aZeroTtlPassesCurrentReadsThrough() {
    store.publish(v1);
    CachingTrustMetadataReader reader = cache(Duration.ZERO);
    reader.current(GUN, RoleName.TIMESTAMP);
    reader.current(GUN, RoleName.TIMESTAMP);
    reader.current(GUN, RoleName.SNAPSHOT);
    assertThat(store.calls("current " + RoleName.TIMESTAMP)).isEqualTo(2);
    assertThat(store.calls("current " + RoleName.SNAPSHOT)).isEqualTo(1);
  }

  @Test
  void keyAndChangefeedReadsAreNeverCached() {
    store.publish(v1);
    CachingTrustMetadataReader reader = cache(TTL);
    reader.serverKey(GUN, RoleName.TIMESTAMP);
    reader.serverKey(GUN, RoleName.TIMESTAMP);
    reader.changes(Optional.of(GUN), 0, 100);
    reader.changes(Optional.of(GUN), 0, 100);
    assertThat(store.calls("serverKey " + RoleName.TIMESTAMP)).isEqualTo(2);
    assertThat(store.calls("changes")).isEqualTo(2);
  }

  @Test
  void unreadableCurrentMetadataIsServedButNotCached() {
    CachingTrustMetadataReader reader = cache(TTL);
    byte[] garbage = "not metadata".getBytes(StandardCharsets.US_ASCII);
    store.currentOverride.put(RoleName.TARGETS, garbage);
    assertThat(bytes(reader.current(GUN, RoleName.TARGETS))).isEqualTo(garbage);
    assertThat(bytes(reader.current(GUN, RoleName.TARGETS))).isEqualTo(garbage);
    assertThat(store.calls("current " + RoleName.TARGETS)).isEqualTo(2);
  }

  @Test
  void storageFailuresReachTheCallerAndAreNotCached() {
    store.publish(v1);
    CachingTrustMetadataReader reader = cache(TTL);
    store.failing = true;
    assertThatThrownBy(() -> reader.current(GUN, RoleName.TIMESTAMP))
        .isInstanceOf(IllegalStateException.class);
    store.failing = false;
    assertThat(bytes(reader.current(GUN, RoleName.TIMESTAMP))).isEqualTo(timestampOf(v1));
  }

  @Test
  void theLeastRecentlyUsedDocumentsGoFirstWhenTheByteBoundIsReached() {
    store.publish(v1);
    int root = v1.require(RoleName.ROOT).bytes().length;
    int targets = v1.require(RoleName.TARGETS).bytes().length;
    int snapshot = v1.require(RoleName.SNAPSHOT).bytes().length;
    // half of the bound is for immutable documents: room for root and one more, not for three
    long bound = 2L * (root + Math.max(targets, snapshot) + 2 * 256);
    CachingTrustMetadataReader reader =
        new CachingTrustMetadataReader(store, clock, TTL, 100, bound);
    reader.byVersion(GUN, RoleName.ROOT, 1);
    reader.byVersion(GUN, RoleName.TARGETS, 1);
    reader.byVersion(GUN, RoleName.ROOT, 1); // root is now the most recently used
    reader.byVersion(GUN, RoleName.SNAPSHOT, 1); // evicts targets

    reader.byVersion(GUN, RoleName.ROOT, 1);
    reader.byVersion(GUN, RoleName.TARGETS, 1);
    assertThat(store.calls("byVersion " + RoleName.ROOT)).isEqualTo(1);
    assertThat(store.calls("byVersion " + RoleName.TARGETS)).isEqualTo(2);
  }

  @Test
  void theNumberOfCurrentEntriesIsBounded() {
    store.publish(v1);
    CachingTrustMetadataReader reader =
        new CachingTrustMetadataReader(store, clock, TTL, 2, 1L << 20);
    for (int i = 0; i < 50; i++) {
      reader.current("registry.example.com/probe/n" + i, RoleName.TIMESTAMP);
    }
    assertThat(reader.cachedEntries()).isEqualTo(2);
  }

  @Test
  void evictingARepositoryForgetsItsVersions() {
    store.publish(v1);
    CachingTrustMetadataReader reader = cache(TTL);
    reader.byVersion(GUN, RoleName.ROOT, 1);
    reader.current(GUN, RoleName.TIMESTAMP);
    reader.current("registry.example.com/other/app", RoleName.TIMESTAMP);

    reader.evictRepository(GUN);

    assertThat(reader.cachedEntries()).isEqualTo(1);
    reader.byVersion(GUN, RoleName.ROOT, 1);
    assertThat(store.calls("byVersion " + RoleName.ROOT)).isEqualTo(2);
  }

  @Test
  void aSlowerConcurrentLoadNeverReplacesANewerCurrentEntry() throws Exception {
    store.publish(v1);
    CachingTrustMetadataReader reader = cache(Duration.ofMinutes(1));
    CountDownLatch firstLoadStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstLoad = new CountDownLatch(1);
    store.beforeFirstTimestampLoad =
        () -> {
          firstLoadStarted.countDown();
          await(releaseFirstLoad);
        };
    // the first load reads v1, then stalls until a second, later load has read and cached v2
    CompletableFuture<Optional<ServedMetadata>> slow =
        CompletableFuture.supplyAsync(() -> reader.current(GUN, RoleName.TIMESTAMP));
    await(firstLoadStarted);
    store.publish(v2);
    assertThat(bytes(reader.current(GUN, RoleName.TIMESTAMP))).isEqualTo(timestampOf(v2));
    releaseFirstLoad.countDown();
    assertThat(bytes(slow.get(10, TimeUnit.SECONDS))).isEqualTo(timestampOf(v1));

    assertThat(bytes(reader.current(GUN, RoleName.TIMESTAMP))).isEqualTo(timestampOf(v2));
    assertThat(store.calls("current " + RoleName.TIMESTAMP)).isEqualTo(2);
  }

  @Test
  void rejectsANegativeTtl() {
    assertThatThrownBy(() -> cache(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] timestampOf(CurrentMetadata repository) {
    return repository.require(RoleName.TIMESTAMP).bytes();
  }

  private static byte[] bytes(Optional<ServedMetadata> served) {
    assertThat(served).isPresent();
    return served.get().bytes();
  }

  /**
   * The store as TrustStoreMetadataReader presents it: current files, every published version by
   * checksum and version, snapshot = the one the current timestamp names. Counts calls.
   */
  private static final class FakeReader implements TrustMetadataReader {
    private final Map<String, SignedMetadata> current = new HashMap<>();
    private final ConcurrentLinkedQueue<SignedMetadata> history = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
    final Map<String, byte[]> currentOverride = new HashMap<>();
    private final AtomicInteger timestampLoads = new AtomicInteger();
    volatile Runnable beforeFirstTimestampLoad = () -> {};
    volatile boolean failing;

    synchronized void publish(CurrentMetadata repository) {
      current.clear();
      current.putAll(repository.byRole());
      history.addAll(repository.byRole().values());
    }

    int calls(String call) {
      return (int) calls.stream().filter(call::equals).count();
    }

    @Override
    public Optional<ServedMetadata> current(String gun, String role) {
      calls.add("current " + role);
      if (failing) {
        throw new IllegalStateException("database down");
      }
      if (currentOverride.containsKey(role)) {
        return Optional.of(new ServedMetadata(currentOverride.get(role), T0));
      }
      Optional<SignedMetadata> found;
      synchronized (this) {
        found = gun.equals(GUN) ? Optional.ofNullable(current.get(role)) : Optional.empty();
      }
      if (RoleName.TIMESTAMP.equals(role) && timestampLoads.getAndIncrement() == 0) {
        beforeFirstTimestampLoad.run();
      }
      return found.map(FakeReader::served);
    }

    @Override
    public Optional<ServedMetadata> byChecksum(String gun, String role, String sha256Hex) {
      calls.add("byChecksum " + role);
      return history.stream()
          .filter(m -> gun.equals(GUN) && m.role().equals(role))
          .filter(m -> m.sha256Hex().equals(sha256Hex))
          .findFirst()
          .map(FakeReader::served);
    }

    @Override
    public Optional<ServedMetadata> byVersion(String gun, String role, int version) {
      calls.add("byVersion " + role);
      return history.stream()
          .filter(m -> gun.equals(GUN) && m.role().equals(role) && m.version() == version)
          .findFirst()
          .map(FakeReader::served);
    }

    @Override
    public Optional<String> serverKey(String gun, String role) {
      calls.add("serverKey " + role);
      return Optional.of("{}");
    }

    @Override
    public List<ChangeRecordView> changes(Optional<String> gun, long changeId, int records) {
      calls.add("changes");
      return List.of();
    }

    private static ServedMetadata served(SignedMetadata metadata) {
      return new ServedMetadata(metadata.bytes(), T0);
    }
  }
}
