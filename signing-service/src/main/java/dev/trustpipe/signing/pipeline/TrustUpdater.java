package dev.trustpipe.signing.pipeline;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.EventRejected;
import dev.trustpipe.contracts.RejectionStage;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.signing.store.TrustChangeWriter;
import dev.trustpipe.signing.store.TrustChangeWriter.Diff;
import dev.trustpipe.truststore.OutboxMessage;
import dev.trustpipe.truststore.StoredMetadata;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreTransaction;
import dev.trustpipe.truststore.VersionConflictException;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.model.TargetFile;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import dev.trustpipe.tuf.repo.RepositorySigners;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import dev.trustpipe.tuf.repo.TargetChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies one GUN's events of a consumer batch as ONE new version of the delegation, then one
 * snapshot and one timestamp, all in one trust-store transaction with the processed event ids and
 * the outbox rows (ADR 0003). A repository is created (managed mode) on its first signable event.
 */
public final class TrustUpdater {

  private final TrustStore store;
  private final RepositoryKeyring keyring;
  private final ManagedRepository repository;
  private final TrustChangeWriter writer;
  private final ExpiryPolicy policy;
  private final String delegationRole;
  private final int maxAttempts;

  public TrustUpdater(
      TrustStore store,
      RepositoryKeyring keyring,
      ManagedRepository repository,
      EventCodec codec,
      ExpiryPolicy policy,
      String delegationRole,
      int maxAttempts) {
    this.store = store;
    this.keyring = keyring;
    this.repository = repository;
    this.writer = new TrustChangeWriter(codec, policy.clock());
    this.policy = policy;
    this.delegationRole = delegationRole;
    this.maxAttempts = maxAttempts;
  }

  /** What applying a GUN's events did. */
  public record Outcome(
      int duplicates,
      int ignored,
      int attachments,
      int rejected,
      int applied,
      List<SignedMetadata> stored) {}

  /**
   * Applies the events in order. A concurrent writer of the same GUN (the timestamp-service
   * renewing) makes the version conflict: the transaction rolled back, so it is retried on fresh
   * state.
   */
  public Outcome apply(String gun, List<TagEvent> events) throws CustodyException {
    for (int attempt = 1; ; attempt++) {
      try {
        return store.inTransaction(tx -> applyInTransaction(tx, gun, events));
      } catch (VersionConflictException e) {
        if (attempt >= maxAttempts) {
          throw e;
        }
      }
    }
  }

  private Outcome applyInTransaction(TrustStoreTransaction tx, String gun, List<TagEvent> events)
      throws CustodyException {
    tx.lockRepository(gun);
    Map<String, TagEvent> firstById = new LinkedHashMap<>();
    events.forEach(e -> firstById.putIfAbsent(e.eventId(), e));
    Set<String> fresh = tx.markProcessed(firstById.keySet());
    int duplicates = events.size() - fresh.size();

    List<TagEvent> todo = new ArrayList<>();
    int ignored = 0;
    int attachments = 0;
    int rejected = 0;
    for (TagEvent event : firstById.values()) {
      if (!fresh.contains(event.eventId())) {
        continue;
      }
      if (event instanceof TagEvent.Ignored) {
        ignored++;
      } else if (event instanceof TagEvent.Attachment) {
        attachments++;
      } else if (event instanceof TagEvent.Rejected r) {
        rejected++;
        tx.appendOutbox(rejection(gun, r));
      } else {
        todo.add(event);
      }
    }
    if (todo.isEmpty()) {
      return new Outcome(duplicates, ignored, attachments, rejected, 0, List.of());
    }

    List<SignedMetadata> stored = new ArrayList<>();
    Map<String, StoredMetadata> existing = tx.currentAll(gun);
    CurrentMetadata current;
    RepositorySigners signers;
    if (existing.isEmpty()) {
      signers = keyring.createKeys(gun);
      RepositoryUpdate creation = repository.create(gun, signers, policy);
      keyring.saveKeys(tx, gun, signers, creation);
      store(tx, gun, creation, ChangeCause.CREATION, List.of(todo.get(0).eventId()), Map.of());
      stored.addAll(creation.files());
      current = CurrentMetadata.of(creation);
    } else {
      current =
          CurrentMetadata.of(
              existing.values().stream()
                  .map(m -> SignedMetadata.parse(m.role(), m.bytes()))
                  .toList());
      signers = keyring.signersFor(tx, gun, current);
    }

    Map<String, TargetFile> before = current.require(delegationRole).targets().targets();
    List<TargetChange> changes = targetChanges(todo, before);
    RepositoryUpdate update =
        repository.applyTargetChanges(current, delegationRole, changes, signers, policy);
    Map<String, TargetFile> after = update.require(delegationRole).targets().targets();
    List<String> causes = todo.stream().map(TagEvent::eventId).toList();
    ChangeCause cause =
        todo.stream().anyMatch(e -> e instanceof TagEvent.SignTag)
            ? ChangeCause.PUSH
            : ChangeCause.DELETE;
    store(tx, gun, update, cause, causes, diff(before, after));
    stored.addAll(update.files());
    return new Outcome(duplicates, ignored, attachments, rejected, todo.size(), stored);
  }

  private void store(
      TrustStoreTransaction tx,
      String gun,
      RepositoryUpdate update,
      ChangeCause cause,
      List<String> causeEventIds,
      Map<String, Diff> diffs) {
    writer.store(
        tx, gun, update, cause, causeEventIds, causeEventIds.get(0), "trust.changed/", diffs);
  }

  private OutboxMessage rejection(String gun, TagEvent.Rejected rejected) {
    EventRejected data =
        new EventRejected(
            rejected.eventId(), gun, rejected.reason(), "", false, RejectionStage.SIGNING);
    return writer.outbox(gun, EventIds.derived(rejected.eventId(), "rejected"), data);
  }

  /** The changes in event order; a delete by digest removes every tag then signed to it. */
  private static List<TargetChange> targetChanges(
      List<TagEvent> events, Map<String, TargetFile> before) {
    Map<String, TargetFile> view = new LinkedHashMap<>(before);
    List<TargetChange> changes = new ArrayList<>();
    for (TagEvent event : events) {
      if (event instanceof TagEvent.SignTag s) {
        TargetChange.Put put = new TargetChange.Put(s.tag(), s.length(), s.sha256(), null);
        changes.add(put);
        view.put(s.tag(), put.toTargetFile());
      } else if (event instanceof TagEvent.RemoveTag r) {
        changes.add(new TargetChange.Remove(r.tag()));
        view.remove(r.tag());
      } else if (event instanceof TagEvent.RemoveDigest d) {
        for (String name : List.copyOf(view.keySet())) {
          if (Arrays.equals(view.get(name).hashes().sha256(), d.sha256())) {
            changes.add(new TargetChange.Remove(name));
            view.remove(name);
          }
        }
      }
    }
    return changes;
  }

  private Map<String, Diff> diff(Map<String, TargetFile> before, Map<String, TargetFile> after) {
    List<TrustChanged.Target> added = new ArrayList<>();
    after.forEach(
        (name, file) -> {
          if (!file.equals(before.get(name))) {
            added.add(
                new TrustChanged.Target(
                    name,
                    "sha256:" + HexFormat.of().formatHex(file.hashes().sha256()),
                    file.length()));
          }
        });
    Set<String> removed = new LinkedHashSet<>(before.keySet());
    removed.removeAll(after.keySet());
    return Map.of(delegationRole, new Diff(added, List.copyOf(removed)));
  }
}
