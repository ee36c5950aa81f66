package dev.dqnotify.ingest.batch;

import static dev.dqnotify.ingest.testing.Records.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.detect.DetectionRules;
import dev.dqnotify.ingest.detect.SituationDetector;
import dev.dqnotify.ingest.detect.StoreActivity;
import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.testing.Records;
import dev.dqnotify.ingest.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message-id state in Spark's state store (RocksDB), in local mode. */
class DuplicateFinderTest {
  private static final long MIN = 60_000;
  private static SparkSession spark;

  private final DetectionRules rules = DetectionRules.defaults(); // 1 h horizon
  private final DuplicateFinder finder = new DuplicateFinder(rules, new SituationDetector(rules, Records.stores()));
  private final UUID run = UUID.randomUUID();
  @TempDir
  Path checkpoint;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
    spark.conf().set("spark.sql.streaming.stateStore.providerClass",
        "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider");
    spark.conf().set("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
  }

  private List<IdFindings> find(long version, long forgetBefore, ParsedRecord... records) {
    List<ParsedRecord> onTime = new ArrayList<>();
    for (ParsedRecord record : records) {
      onTime.add(Records.clean(record));
    }
    return finder.find(spark.createDataset(onTime, Encoders.bean(ParsedRecord.class)), version, forgetBefore,
        checkpoint.toString(), 2, run);
  }

  private static ParsedRecord on(int partition, ParsedRecord record) {
    record.setPartition(partition);
    return record;
  }

  private static List<String> identities(List<IdFindings> tasks) {
    List<String> ids = new ArrayList<>();
    tasks.forEach(task -> task.duplicates().forEach(s -> ids.add(s.getIdentity())));
    return ids;
  }

  private static long remembered(List<IdFindings> tasks) {
    return tasks.stream().mapToLong(IdFindings::rememberedIds).sum();
  }

  @Test
  void findsACopyOnAnotherPartitionInALaterBatchAndCountsEveryCopy() {
    assertThat(identities(find(0, DuplicateFinder.NO_SWEEP,
        on(0, message("m1", "store-0001", 0, 10, 0)), on(1, message("m2", "store-0001", 0, 10, 0))))).isEmpty();
    List<IdFindings> second = find(1, DuplicateFinder.NO_SWEEP,
        on(2, message("m1", "store-0001", 0, 10, 7)), on(0, message("m1", "store-0001", 0, 10, 8)));
    assertThat(identities(second)).containsExactlyInAnyOrder("m1#copy2", "m1#copy3");
    assertThat(second.stream().flatMap(t -> t.positions().stream()))
        .as("the copy read first in (partition, offset) order is copy 2")
        .containsExactlyInAnyOrder(new IdFindings.Position("sensor-raw", 0, 8), new IdFindings.Position("sensor-raw", 2, 7));
    assertThat(second.stream().mapToLong(IdFindings::clean).sum()).isZero();
    assertThat(remembered(second)).isEqualTo(2);
  }

  @Test
  void aReRunOfABatchStartsFromTheStateItsFirstAttemptStartedFrom() {
    find(0, DuplicateFinder.NO_SWEEP, message("m1", "store-0001", 0, 10, 0));
    List<String> first = identities(find(1, DuplicateFinder.NO_SWEEP, message("m1", "store-0001", 0, 10, 1)));
    List<String> again = identities(find(1, DuplicateFinder.NO_SWEEP, message("m1", "store-0001", 0, 10, 1)));
    assertThat(again).isEqualTo(first).containsExactly("m1#copy2");
  }

  @Test
  void forgetsOnlyIdsWhoseFirstCopyIsBelowTheLineGiven() {
    find(0, DuplicateFinder.NO_SWEEP, message("old", "store-0001", 0, 10, 0), message("new", "store-0001", 30, 10, 1));
    List<IdFindings> swept = find(1, Records.T0.toEpochMilli() + 10 * MIN, message("newer", "store-0001", 31, 10, 2));
    assertThat(swept.stream().mapToLong(IdFindings::forgottenIds).sum()).isEqualTo(1);
    assertThat(remembered(swept)).isEqualTo(2);
    assertThat(identities(find(2, DuplicateFinder.NO_SWEEP, message("new", "store-0001", 30, 10, 3))))
        .containsExactly("new#copy2");
  }

  @Test
  void reportsTheCleanMessagesActivityPerStore() {
    List<IdFindings> tasks = find(0, DuplicateFinder.NO_SWEEP,
        message("a", "store-0001", 0, 10, 0), message("b", "store-0001", 5, 10, 1), message("c", "store-0002", 2, 10, 2));
    StoreActivity activity = StoreActivity.of(rules);
    tasks.forEach(task -> activity.merge(task.activity()));
    assertThat(activity.spans()).containsOnlyKeys("store-0001", "store-0002");
    assertThat(activity.spans().get("store-0001").firstEntry().getValue()).isEqualTo(Records.T0.toEpochMilli() + 5 * MIN);
  }
}
