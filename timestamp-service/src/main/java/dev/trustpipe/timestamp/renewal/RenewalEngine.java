package dev.trustpipe.timestamp.renewal;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.timestamp.renewal.RenewalResult.Failure;
import dev.trustpipe.timestamp.renewal.RenewalResult.Renewed;
import dev.trustpipe.truststore.ExpiringMetadata;
import dev.trustpipe.truststore.KeyRecord;
import dev.trustpipe.truststore.NewMetadata;
import dev.trustpipe.truststore.OutboxMessage;
import dev.trustpipe.truststore.RenewalFailure;
import dev.trustpipe.truststore.StoredMetadata;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreTransaction;
import dev.trustpipe.truststore.VersionConflictException;
import dev.trustpipe.tuf.model.MetadataSignature;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import dev.trustpipe.tuf.repo.RepositorySigners;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * Renews every role TrustPipe holds keys for before it expires (issue 6, DESIGN.md
 * timestamp-service).
 *
 * <p>One batch: (1) a short transaction claims up to {@code batchSize} due repositories through the
 * expiry index, skipping rows other replicas hold ({@code FOR UPDATE SKIP LOCKED}) and leaving a
 * lease on each; (2) their current metadata and key records are read in two round trips and each
 * repository is re-signed as new versions outside any transaction (custody may be remote and slow;
 * no repository lock is held meanwhile); (3) one transaction stores every new version with its
 * {@code trust.changed.v1} outbox rows and changefeed record, and ends the leases. A writer that
 * changed a repository in between (the signing-service) makes that repository's insert conflict on
 * the unique {@code (gun, role, version)} rule: the batch transaction rolls back, the repository is
 * re-read and re-signed, the others are written again. A repository whose signing fails (custody
 * down, key missing) gets nothing written and backs off exponentially. A replica that dies leaves
 * only leases, which run out.
 *
 * <p>Renewal order per repository keeps snapshot consistency: a renewed targets role or snapshot is
 * always followed by a new snapshot and timestamp; a renewed timestamp references the current
 * snapshot, and when that snapshot would expire before the new timestamp, the snapshot is renewed
 * too.
 */
public final class RenewalEngine {
  public static final String SOURCE = "/trustpipe/timestamp-service";
  private static final Map<String, String> CLOUDEVENT_HEADERS =
      Map.of("content-type", EventCodec.CONTENT_TYPE);

  private final TrustStore store;
  private final RenewalKeys keys;
  private final ManagedRepository repository;
  private final EventCodec codec;
  private final RenewalSettings settings;
  private final String holder;
  private final ForkJoinPool signingPool;
  private final Clock clock;
  private volatile Consumer<Collection<String>> beforeWrite = guns -> {};

  /**
   * @param holder this replica's name in the leases it takes (unique per running replica)
   * @param parallelism threads that sign the repositories of a batch
   */
  public RenewalEngine(
      TrustStore store,
      KeyCustody custody,
      ManagedRepository repository,
      EventCodec codec,
      RenewalSettings settings,
      String holder,
      int parallelism) {
    this.store = Objects.requireNonNull(store, "store");
    this.keys = new RenewalKeys(Objects.requireNonNull(custody, "custody"));
    this.repository = Objects.requireNonNull(repository, "repository");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.holder = Objects.requireNonNull(holder, "holder");
    this.signingPool = parallelism > 1 ? new ForkJoinPool(parallelism) : null;
    this.clock = settings.policy().clock();
  }

  public RenewalSettings settings() {
    return settings;
  }

  public String holder() {
    return holder;
  }

  /**
   * Test seam: runs after a batch was signed and before it is written (no lock held), e.g. to let a
   * concurrent writer win the race.
   */
  void beforeWrite(Consumer<Collection<String>> hook) {
    this.beforeWrite = Objects.requireNonNull(hook, "hook");
  }

  /**
   * Renews batches until nothing is due any more, a batch came back short, or {@code budget} is
   * spent.
   */
  public RenewalResult runPass(Duration budget) {
    Instant deadline = clock.instant().plus(budget);
    RenewalResult total = RenewalResult.NONE;
    while (true) {
      RenewalResult batch = renewBatch();
      total = total.plus(batch);
      if (batch.claimed() < settings.batchSize() || !clock.instant().isBefore(deadline)) {
        return total;
      }
    }
  }

  /** Claims and renews one batch of due repositories. */
  public RenewalResult renewBatch() {
    Instant now = clock.instant();
    List<String> claimed = store.inTransaction(tx -> claim(tx, now));
    if (claimed.isEmpty()) {
      return RenewalResult.NONE;
    }
    return renew(claimed, false);
  }

  /** The outcome of a forced renewal. */
  public enum ForcedOutcome {
    RENEWED,
    UNKNOWN_REPOSITORY,
    HELD_BY_ANOTHER_REPLICA
  }

  /** A forced renewal and what it stored. */
  public record Forced(ForcedOutcome outcome, RenewalResult result) {}

  /**
   * Renews {@code gun} now: its timestamp, and whatever else is due (with the snapshot/timestamp
   * that must follow), whatever the expiry.
   */
  public Forced renewNow(String gun) {
    Instant now = clock.instant();
    if (store.current(gun, RoleName.TIMESTAMP).isEmpty()) {
      return new Forced(ForcedOutcome.UNKNOWN_REPOSITORY, RenewalResult.NONE);
    }
    Boolean leased =
        store.inTransaction(tx -> tx.leaseForRenewal(gun, holder, now, now.plus(settings.lease())));
    if (!leased) {
      return new Forced(ForcedOutcome.HELD_BY_ANOTHER_REPLICA, RenewalResult.NONE);
    }
    return new Forced(ForcedOutcome.RENEWED, renew(List.of(gun), true));
  }

  private List<String> claim(TrustStoreTransaction tx, Instant now) {
    Set<String> guns = new LinkedHashSet<>();
    for (Map.Entry<String, Duration> window : settings.renewBefore().entrySet()) {
      int room = settings.batchSize() - guns.size();
      if (room <= 0) {
        break;
      }
      // a GUN leased for an earlier role is not returned again: its lease is live
      for (ExpiringMetadata due :
          tx.claimForRenewal(
              window.getKey(),
              now.plus(window.getValue()),
              room,
              holder,
              now,
              now.plus(settings.lease()))) {
        guns.add(due.gun());
      }
    }
    return List.copyOf(guns);
  }

  private RenewalResult renew(List<String> claimed, boolean forced) {
    Set<String> todo = new TreeSet<>(claimed);
    List<Renewed> renewed = new ArrayList<>();
    List<Failure> failed = new ArrayList<>();
    int conflicts = 0;
    for (int round = 0; !todo.isEmpty(); round++) {
      Map<String, List<RepositoryUpdate>> ready = new TreeMap<>();
      Map<String, String> errors = new TreeMap<>();
      plan(todo, forced, ready, errors);
      todo = new TreeSet<>();
      while (true) {
        try {
          beforeWrite.accept(List.copyOf(ready.keySet()));
          write(ready, errors, renewed, failed);
          break;
        } catch (VersionConflictException conflict) {
          // the transaction rolled back: nothing of this batch is stored; re-read the loser
          conflicts++;
          ready.remove(conflict.gun());
          if (round < settings.maxConflictRetries()) {
            todo.add(conflict.gun());
          } else {
            errors.put(conflict.gun(), conflict.getMessage());
          }
        }
      }
    }
    return new RenewalResult(claimed.size(), renewed, failed, conflicts);
  }

  /** Reads the repositories' state in two round trips and signs what is due. */
  private void plan(
      Set<String> guns,
      boolean forced,
      Map<String, List<RepositoryUpdate>> ready,
      Map<String, String> errors) {
    Instant now = clock.instant();
    Map<String, Map<String, StoredMetadata>> stored = store.currentAll(guns);
    Map<String, Map<String, KeyRecord>> keyRecords = store.newestKeys(guns);
    Map<String, Object> outcomes = new ConcurrentHashMap<>();
    Runnable signAll =
        () ->
            (signingPool == null ? guns.stream() : guns.parallelStream())
                .forEach(
                    gun -> {
                      try {
                        outcomes.put(
                            gun,
                            updatesFor(
                                gun,
                                stored.getOrDefault(gun, Map.of()),
                                keyRecords.getOrDefault(gun, Map.of()),
                                now,
                                forced));
                      } catch (CustodyException | RuntimeException e) {
                        outcomes.put(gun, describe(e));
                      }
                    });
    if (signingPool == null) {
      signAll.run();
    } else {
      try {
        signingPool.submit(signAll).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while signing", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("signing a batch failed", e.getCause());
      }
    }
    outcomes.forEach(
        (gun, outcome) -> {
          if (outcome instanceof String error) {
            errors.put(gun, error);
          } else {
            @SuppressWarnings("unchecked")
            List<RepositoryUpdate> updates = (List<RepositoryUpdate>) outcome;
            ready.put(gun, updates);
          }
        });
  }

  /** The new versions one repository needs now, signed; empty when nothing is due. */
  private List<RepositoryUpdate> updatesFor(
      String gun,
      Map<String, StoredMetadata> stored,
      Map<String, KeyRecord> keyRecords,
      Instant now,
      boolean forced)
      throws CustodyException {
    if (!stored.containsKey(RoleName.TIMESTAMP)) {
      return List.of();
    }
    ExpiryPolicy policy = settings.policy();
    Set<String> due = new LinkedHashSet<>();
    settings
        .renewBefore()
        .forEach(
            (role, window) -> {
              StoredMetadata file = stored.get(role);
              if (file != null
                  && keyRecords.containsKey(role)
                  && file.expires().isBefore(now.plus(window))) {
                due.add(role);
              }
            });
    if (forced) {
      due.add(RoleName.TIMESTAMP);
    }
    StoredMetadata snapshot = stored.get(RoleName.SNAPSHOT);
    if (due.contains(RoleName.TIMESTAMP)
        && snapshot != null
        && snapshot.expires().isBefore(now.plus(policy.lifetimeOf(RoleName.TIMESTAMP)))) {
      // a timestamp must never outlive the snapshot it vouches for
      due.add(RoleName.SNAPSHOT);
    }
    if (due.isEmpty()) {
      return List.of();
    }
    Set<String> signing = new LinkedHashSet<>(due);
    if (due.stream().anyMatch(RoleName::isTargetsRole)) {
      signing.add(RoleName.SNAPSHOT);
    }
    signing.add(RoleName.TIMESTAMP);
    RepositorySigners signers = keys.signers(gun, keyRecords, signing);
    CurrentMetadata current =
        CurrentMetadata.of(
            stored.values().stream().map(m -> SignedMetadata.parse(m.role(), m.bytes())).toList());

    List<RepositoryUpdate> updates = new ArrayList<>();
    for (String role : List.of(RoleName.TARGETS, RoleName.RELEASES)) {
      if (due.contains(role)) {
        RepositoryUpdate update = repository.renewTargets(current, role, signers, policy);
        updates.add(update);
        current = current.with(update);
      }
    }
    if (updates.isEmpty()) {
      updates.add(
          due.contains(RoleName.SNAPSHOT)
              ? repository.renewSnapshot(current, signers, policy)
              : repository.renewTimestamp(current, signers, policy));
    }
    return updates;
  }

  private void write(
      Map<String, List<RepositoryUpdate>> ready,
      Map<String, String> errors,
      List<Renewed> renewed,
      List<Failure> failed) {
    if (ready.isEmpty() && errors.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<Renewed> stored = new ArrayList<>();
    List<Failure> deferred = new ArrayList<>();
    store.inTransaction(
        tx -> {
          // every repository of the batch in GUN order, so two writers never deadlock
          Set<String> all = new TreeSet<>(ready.keySet());
          all.addAll(errors.keySet());
          tx.lockRepositories(all);
          // one multi-row statement per kind of row for the whole batch (row by row, the round
          // trips to PostgreSQL were the pass's cost: docs/benchmarks.md); a repository with
          // several updates has them stored in order, one round of updates at a time
          for (int round = 0; ; round++) {
            Map<String, RepositoryUpdate> updates = new TreeMap<>();
            for (Map.Entry<String, List<RepositoryUpdate>> entry : ready.entrySet()) {
              if (round < entry.getValue().size()) {
                updates.put(entry.getKey(), entry.getValue().get(round));
              }
            }
            if (updates.isEmpty()) {
              break;
            }
            stored.addAll(store(tx, updates, now));
          }
          tx.releaseRenewal(ready.keySet(), holder);
          for (Map.Entry<String, String> error : errors.entrySet()) {
            RenewalFailure failure =
                tx.deferRenewal(
                    error.getKey(),
                    holder,
                    now,
                    settings.firstBackoff(),
                    settings.maxBackoff(),
                    error.getValue());
            deferred.add(
                new Failure(
                    failure.gun(), error.getValue(), failure.failures(), failure.retryAt()));
          }
          return null;
        });
    renewed.addAll(stored);
    failed.addAll(deferred);
  }

  private List<Renewed> store(
      TrustStoreTransaction tx, Map<String, RepositoryUpdate> updates, Instant now) {
    List<NewMetadata> files = new ArrayList<>();
    List<OutboxMessage> messages = new ArrayList<>();
    List<TrustStoreTransaction.NewChange> changes = new ArrayList<>();
    List<Renewed> renewed = new ArrayList<>();
    updates.forEach(
        (gun, update) -> {
          for (SignedMetadata file : update.files()) {
            files.add(
                NewMetadata.of(gun, file.role(), file.version(), file.bytes(), file.expires()));
            TrustChanged change =
                new TrustChanged(
                    gun,
                    file.role(),
                    file.version(),
                    file.sha256Hex(),
                    file.expires(),
                    List.of(),
                    List.of(),
                    file.signatures().stream().map(MetadataSignature::keyId).distinct().toList(),
                    ChangeCause.RENEWAL,
                    List.of());
            String id = EventIds.derived(gun, "renewal/" + file.role() + "/" + file.version());
            byte[] payload = codec.encode(CloudEvent.of(id, SOURCE, now, change));
            messages.add(OutboxMessage.of(Topics.TRUST_CHANGES, gun, payload, CLOUDEVENT_HEADERS));
            renewed.add(new Renewed(gun, file.role(), file.version(), file.expires()));
          }
          SignedMetadata timestamp = update.require(RoleName.TIMESTAMP);
          changes.add(
              new TrustStoreTransaction.NewChange(
                  gun, timestamp.version(), timestamp.sha256Hex(), "update"));
        });
    tx.insert(files);
    tx.appendOutbox(messages);
    tx.recordChanges(changes);
    return renewed;
  }

  /** A failure's message for the backoff record and logs: custody messages carry no secrets. */
  private static String describe(Exception e) {
    StringBuilder message = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      message.append(": ").append(e.getMessage());
    }
    Throwable cause = e.getCause();
    if (cause instanceof CustodyException && cause.getMessage() != null) {
      message.append(" (").append(cause.getMessage()).append(')');
    }
    return message.toString();
  }

  /** Stops the signing threads. */
  public void close() {
    if (signingPool != null) {
      signingPool.shutdown();
    }
  }
}
