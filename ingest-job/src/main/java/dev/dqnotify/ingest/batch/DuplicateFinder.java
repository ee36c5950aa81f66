package dev.dqnotify.ingest.batch;

import static org.apache.spark.sql.functions.col;

import dev.dqnotify.ingest.detect.ArrivalClassifier;
import dev.dqnotify.ingest.detect.DetectionRules;
import dev.dqnotify.ingest.detect.SeenId;
import dev.dqnotify.ingest.detect.SituationDetector;
import dev.dqnotify.ingest.detect.StoreActivity;
import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.execution.streaming.state.StateStore;
import org.apache.spark.sql.execution.streaming.state.StateStoreRDD;
import org.apache.spark.sql.execution.streaming.state.UnsafeRowPair;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.TaskCompletionListener;
import scala.Option;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * The stateful half of DUPLICATE_MESSAGE, on the executors: every on-time valid record of a batch
 * goes, without its readings, to the task that owns its {@code message_id} (hash partitioning
 * into a fixed number of state partitions), where Spark's state store (RocksDB by default, see
 * {@code IngestJob}) remembers each id of the horizon as a {@link SeenId}. A copy on another
 * partition or with another key meets its first copy there: duplicates are found across partitions
 * and keys, as the contract defines them.
 *
 * <p>Within a batch a task sees each id's copies sorted by source position, so a re-run decides the
 * same. The state store keeps one version per batch ({@code <checkpoint>/dqnotify-message-ids}): a
 * batch reads the version the batch before it committed and commits the next, so a re-run of a
 * batch starts from exactly the state its first attempt started from. Ids are forgotten only below a line the
 * driver draws from the partitions' event-time progress ({@link EventClock}), never by wall-clock
 * time: downtime and catch-up forget nothing early.
 */
final class DuplicateFinder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The state store's folder in the streaming checkpoint. */
  static final String FOLDER = "dqnotify-message-ids";
  static final long NO_SWEEP = Long.MIN_VALUE;
  private static final StructType KEY = new StructType().add("message_id", DataTypes.StringType, false);
  private static final StructType VALUE = new StructType()
      .add("first_sent_at_ms", DataTypes.LongType, false)
      .add("copies", DataTypes.IntegerType, false);

  private final long horizonMs;
  private final long activityToleranceMs;
  private final SituationDetector detector;

  DuplicateFinder(DetectionRules rules, SituationDetector detector) {
    this.horizonMs = rules.duplicateHorizon().toMillis();
    this.activityToleranceMs = StoreActivity.of(rules).toleranceMs();
    this.detector = detector;
  }

  /**
   * Decides which of {@code onTime} (the batch's valid, on-time records) repeat an earlier copy,
   * against state store version {@code version}, and saves version {@code version + 1}.
   *
   * @param forgetBeforeMs ids whose first copy was sent before this are forgotten after the batch
   *     ({@link #NO_SWEEP}: none this time)
   * @param partitions the number of state partitions, fixed for a checkpoint
   * @param runId identifies this run of the query to Spark's state store coordinator
   */
  List<IdFindings> find(Dataset<ParsedRecord> onTime, long version, long forgetBeforeMs, String checkpointPath,
      int partitions, UUID runId) {
    SparkSession spark = onTime.sparkSession();
    Dataset<ParsedRecord> copies = onTime
        .map((MapFunction<ParsedRecord, ParsedRecord>) DuplicateFinder::withoutReadings, Encoders.bean(ParsedRecord.class))
        .repartition(partitions, col("messageId"))
        .sortWithinPartitions("messageId", "topic", "partition", "offset");
    ClassTag<ParsedRecord> in = ClassTag$.MODULE$.apply(ParsedRecord.class);
    ClassTag<IdFindings> out = ClassTag$.MODULE$.apply(IdFindings.class);
    StateStoreRDD<ParsedRecord, IdFindings> stateful = new StateStoreRDD<>(copies.rdd(),
        new Update(this, forgetBeforeMs), checkpointPath + "/" + FOLDER, runId, 0L, version, KEY, VALUE, 0,
        spark.sessionState(), Option.apply(spark.streams().stateStoreCoordinator()),
        scala.collection.immutable.Map$.MODULE$.empty(), in, out);
    return stateful.toJavaRDD().collect();
  }

  /** The fields a duplicate's situation and the store activity need: no readings cross the shuffle. */
  private static ParsedRecord withoutReadings(ParsedRecord record) {
    ParsedRecord copy = new ParsedRecord();
    copy.setTopic(record.getTopic());
    copy.setPartition(record.getPartition());
    copy.setOffset(record.getOffset());
    copy.setMessageId(record.getMessageId());
    copy.setStoreId(record.getStoreId());
    copy.setSensorId(record.getSensorId());
    copy.setDeviceType(record.getDeviceType());
    copy.setSentAtMs(record.getSentAtMs());
    copy.setArrival(record.getArrival());
    return copy;
  }

  /** One state partition's work in a batch: decide each copy, forget old ids, commit. */
  private static final class Update
      extends AbstractFunction2<StateStore, Iterator<ParsedRecord>, Iterator<IdFindings>> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DuplicateFinder rule;
    private final long forgetBeforeMs;

    Update(DuplicateFinder rule, long forgetBeforeMs) {
      this.rule = rule;
      this.forgetBeforeMs = forgetBeforeMs;
    }

    @Override
    public Iterator<IdFindings> apply(StateStore store, Iterator<ParsedRecord> records) {
      TaskContext.get().addTaskCompletionListener((TaskCompletionListener) context -> {
        if (!store.hasCommitted()) {
          store.abort();
        }
      });
      UnsafeProjection keys = UnsafeProjection.create(KEY);
      UnsafeProjection values = UnsafeProjection.create(VALUE);
      IdFindings findings = new IdFindings(rule.activityToleranceMs);
      while (records.hasNext()) {
        ParsedRecord record = records.next();
        UnsafeRow key = keys.apply(new GenericInternalRow(new Object[] {UTF8String.fromString(record.getMessageId())}));
        UnsafeRow stored = store.get(key);
        SeenId seen = SeenId.next(stored == null ? null : new SeenId(stored.getLong(0), stored.getInt(1)),
            record.getSentAtMs(), rule.horizonMs);
        store.put(key, values.apply(new GenericInternalRow(new Object[] {seen.firstSentAtMs(), seen.copies()})));
        if (seen.duplicate()) {
          ArrivalClassifier.duplicate(record, seen.copies());
          findings.duplicate(record, rule.detector.detect(record));
        } else {
          findings.clean(record);
        }
      }
      long forgotten = 0;
      if (forgetBeforeMs != NO_SWEEP) {
        Iterator<UnsafeRowPair> all = store.iterator();
        while (all.hasNext()) {
          UnsafeRowPair pair = all.next();
          if (pair.value().getLong(0) < forgetBeforeMs) {
            store.remove(pair.key());
            forgotten++;
          }
        }
      }
      store.commit();
      findings.state(store.metrics().numKeys(), forgotten);
      return scala.collection.Iterator$.MODULE$.single(findings);
    }
  }
}
