package dev.dqnotify.ingest.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.streaming.GroupState;

/**
 * Decides, per source partition and in offset order, whether each record is CLEAN, LATE, a
 * DUPLICATE or MALFORMED — the stateful half of LATE_DATA and DUPLICATE_MESSAGE.
 *
 * <p>The watermark is the highest {@code sent_at} seen earlier <em>in the same partition</em>
 * minus the allowed lateness. Because a partition's order is fixed by its offsets, the decision
 * does not depend on how the stream was cut into micro-batches: a re-run, a restart from the
 * checkpoint or a replay with a fresh checkpoint classifies every record the same way, and the
 * event ids stay the same. (Spark's own watermark is global and advances between batches, so it
 * would classify a replay differently.) Sensors key their messages by sensor id, so a re-sent
 * message lands in the partition of its first copy, where the duplicate check finds it.
 */
public final class ArrivalClassifier
    implements FlatMapGroupsWithStateFunction<String, ParsedRecord, PartitionState, ParsedRecord> {
  private static final long serialVersionUID = 1L;

  private final long allowedLatenessMs;
  private final long duplicateHorizonMs;

  /** Classifies with the lateness and dedup horizon of {@code rules}. */
  public ArrivalClassifier(DetectionRules rules) {
    this.allowedLatenessMs = rules.allowedLateness().toMillis();
    this.duplicateHorizonMs = rules.duplicateHorizon().toMillis();
  }

  /**
   * The grouping key: the source partition a record was read from, {@code <topic>/<partition>}.
   * A column rather than a function of the record, so grouping does not deserialize every record
   * into a {@link ParsedRecord} only to read two fields; named {@code value}, a string, as a key of
   * {@code groupByKey(…, Encoders.STRING())} is, so the state schema and the state partition of
   * every key stay those of checkpoints written before.
   */
  public static Column partitionKey() {
    return concat(col("topic"), lit("/"), col("partition")).as("value");
  }

  /**
   * The classification with detection switched off ({@code detect.enabled=false}): valid records
   * are CLEAN, nothing is late or a duplicate. Lets the benchmark compare the job with and without
   * its rules, everything else identical.
   */
  public static ParsedRecord withoutState(ParsedRecord record) {
    record.setArrival(record.valid() ? Arrival.CLEAN.name() : Arrival.MALFORMED.name());
    return record;
  }

  @Override
  public Iterator<ParsedRecord> call(String partition, Iterator<ParsedRecord> records, GroupState<PartitionState> state) {
    PartitionState partitionState = state.exists() ? state.get() : new PartitionState();
    List<ParsedRecord> batch = new ArrayList<>();
    records.forEachRemaining(batch::add);
    classify(batch, partitionState);
    state.update(partitionState);
    return batch.iterator();
  }

  /** Classifies {@code records} of one partition (any order; they are sorted by offset here). */
  void classify(List<ParsedRecord> records, PartitionState state) {
    records.sort(Comparator.comparingLong(ParsedRecord::getOffset));
    for (ParsedRecord record : records) {
      classify(record, state);
    }
    if (state.highWaterMs() != PartitionState.NONE) {
      state.forgetBefore(state.highWaterMs() - duplicateHorizonMs);
    }
  }

  private void classify(ParsedRecord record, PartitionState state) {
    if (!record.valid()) {
      record.setArrival(Arrival.MALFORMED.name());
      return;
    }
    long sentAt = record.getSentAtMs();
    if (state.highWaterMs() != PartitionState.NONE) {
      long watermark = state.highWaterMs() - allowedLatenessMs;
      record.setWatermarkMs(watermark);
      // Exactly at the watermark is still on time: only strictly older records are late.
      if (sentAt < watermark) {
        record.setArrival(Arrival.LATE.name());
        return;
      }
    }
    int copy = state.recordCopy(record.getMessageId(), sentAt);
    state.advanceHighWater(sentAt);
    if (copy > 1) {
      record.setArrival(Arrival.DUPLICATE.name());
      record.setCopyNumber(copy);
    } else {
      record.setArrival(Arrival.CLEAN.name());
    }
  }
}
