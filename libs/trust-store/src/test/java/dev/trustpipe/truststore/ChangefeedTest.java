package dev.trustpipe.truststore;

import static dev.trustpipe.truststore.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Notary changefeed paging (NOTARY-API.md §8, notary server/storage/sqldb.go GetChanges). */
class ChangefeedTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private static final String APP = "localhost:5000/demo/app";
  private static final String OTHER = "localhost:5000/demo/other";
  private static TrustStore store;

  /** Ids of all 130 records in write order; every 10th belongs to OTHER. */
  private static final List<Long> ids = new ArrayList<>();

  private static final List<Long> otherIds = new ArrayList<>();

  @BeforeAll
  static void recordChanges() {
    store = new TrustStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
    store.inTransaction(
        tx -> {
          for (int i = 1; i <= 130; i++) {
            String gun = i % 10 == 0 ? OTHER : APP;
            long id = tx.recordChange(gun, i, Fixtures.sha256("timestamp " + i), "update");
            ids.add(id);
            if (gun.equals(OTHER)) {
              otherIds.add(id);
            }
          }
          return null;
        });
  }

  private static List<Long> idsOf(List<ChangeRecord> page) {
    return page.stream().map(ChangeRecord::id).toList();
  }

  @Test
  void recordsCarryTheStoredTimestamp() {
    ChangeRecord first = store.changes(Optional.empty(), 0, 1).get(0);
    assertThat(first)
        .isEqualTo(
            new ChangeRecord(ids.get(0), T0, APP, 1, Fixtures.sha256("timestamp 1"), "update"));
  }

  @Test
  void forwardPagingReturnsIdsAfterTheChangeIdAscending() {
    assertThat(idsOf(store.changes(Optional.empty(), 0, 5))).isEqualTo(ids.subList(0, 5));
    assertThat(idsOf(store.changes(Optional.empty(), ids.get(2), 2))).isEqualTo(ids.subList(3, 5));
    assertThat(store.changes(Optional.empty(), ids.get(129), 5)).isEmpty();
  }

  @Test
  void zeroRecordsMeansAPageOfOneHundred() {
    assertThat(idsOf(store.changes(Optional.empty(), 0, 0))).isEqualTo(ids.subList(0, 100));
  }

  @Test
  void backwardPagingReturnsTheRecordsBeforeTheChangeIdStillAscending() {
    assertThat(idsOf(store.changes(Optional.empty(), ids.get(10), -3)))
        .isEqualTo(ids.subList(7, 10));
    assertThat(idsOf(store.changes(Optional.empty(), ids.get(1), -5))).isEqualTo(ids.subList(0, 1));
  }

  @Test
  void aNegativeChangeIdPagesBackFromTheLatest() {
    // captured: change_id=-1&records=-2 -> the last two, ascending
    assertThat(idsOf(store.changes(Optional.empty(), -1, -2))).isEqualTo(ids.subList(128, 130));
    // Notary also reads a negative change id with positive records as "the latest n"
    assertThat(idsOf(store.changes(Optional.empty(), -1, 3))).isEqualTo(ids.subList(127, 130));
    // change_id=0 with negative records: no upper bound either
    assertThat(idsOf(store.changes(Optional.empty(), 0, -2))).isEqualTo(ids.subList(128, 130));
  }

  @Test
  void theMostNegativeRecordsValueDoesNotOverflow() {
    assertThat(store.changes(Optional.empty(), -1, Integer.MIN_VALUE)).hasSize(130);
  }

  @Test
  void aGunFilterKeepsOnlyThatGunsRecords() {
    List<ChangeRecord> other = store.changes(Optional.of(OTHER), 0, 100);
    assertThat(idsOf(other)).isEqualTo(otherIds);
    assertThat(other).allSatisfy(r -> assertThat(r.gun()).isEqualTo(OTHER));
    assertThat(idsOf(store.changes(Optional.of(OTHER), -1, -2)))
        .isEqualTo(otherIds.subList(11, 13));
    assertThat(idsOf(store.changes(Optional.of(OTHER), otherIds.get(5), 2)))
        .isEqualTo(otherIds.subList(6, 8));
    assertThat(store.changes(Optional.of("localhost:5000/demo"), 0, 100)).isEmpty();
  }

  @Test
  void idsIncreaseInWriteOrder() {
    assertThat(ids).hasSize(130).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void anUnknownCategoryIsRefused() {
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.recordChange(APP, 1, "", "created")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
