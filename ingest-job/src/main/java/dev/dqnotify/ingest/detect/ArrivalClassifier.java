package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;

/**
 * Decides how each record arrived — the one place that sets a record's {@link Arrival}. Its
 * stateless-per-record half runs inside the tasks that read the source, record by record, in each
 * Kafka partition's offset order: whether each record is MALFORMED, LATE or on time (CLEAN until the
 * duplicate pass finds a repeated copy and marks it with {@link #duplicate}).
 *
 * <p>A record is late when its {@code sent_at} is older than the watermark of its <em>own</em>
 * partition: the highest {@code sent_at} of the valid, on-time records before it in that partition
 * minus the allowed lateness. A partition's order is fixed by its offsets, so the decision does not
 * depend on how the stream was cut into micro-batches: the only state carried between batches is
 * one number per partition (its high water mark), which the driver hands every task. (Spark's own
 * watermark is global and moves between batches, so it would decide a replay differently, and a
 * stateful operator with a watermark drops late rows without a word.)
 */
public final class ArrivalClassifier implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No event seen yet in a partition. */
  public static final long NONE = Long.MIN_VALUE;

  private final long allowedLatenessMs;
  private final Map<String, Long> highWater;
  private final Map<String, Long> lastOffset = new HashMap<>();

  /**
   * Classifies with the lateness of {@code rules}, each partition ({@link #partitionOf}) starting
   * from its high water mark in {@code highWaterBefore} (none when absent).
   */
  public ArrivalClassifier(DetectionRules rules, Map<String, Long> highWaterBefore) {
    this(rules.allowedLateness().toMillis(), highWaterBefore);
  }

  private ArrivalClassifier(long allowedLatenessMs, Map<String, Long> highWaterBefore) {
    this.allowedLatenessMs = allowedLatenessMs;
    this.highWater = new TreeMap<>(highWaterBefore);
  }

  /**
   * The classification without the stateful rules ({@code detect.enabled=false}): valid records
   * are CLEAN, the others MALFORMED. Every record enters the batch like this.
   */
  public static ParsedRecord withoutState(ParsedRecord record) {
    return arrived(record, record.valid() ? Arrival.CLEAN : Arrival.MALFORMED);
  }

  /**
   * Marks an on-time record as copy {@code copyNumber} (2 or more) of a message id the duplicate
   * pass found earlier within the horizon.
   */
  public static ParsedRecord duplicate(ParsedRecord record, int copyNumber) {
    record.setCopyNumber(copyNumber);
    return arrived(record, Arrival.DUPLICATE);
  }

  private static ParsedRecord arrived(ParsedRecord record, Arrival arrival) {
    record.setArrival(arrival.name());
    return record;
  }

  /** The key of a partition's high water mark: {@code <topic>/<partition>}. */
  public static String partitionOf(ParsedRecord record) {
    return record.getTopic() + "/" + record.getPartition();
  }

  /** A fresh classifier with the same starting marks, for one task. */
  public ArrivalClassifier copy() {
    return new ArrivalClassifier(allowedLatenessMs, highWater);
  }

  /**
   * Classifies the next record of its partition and moves the partition's high water mark.
   *
   * @throws IllegalStateException when a partition's records do not come in ascending offset
   *     order (the decision would then depend on the order Spark delivered them in)
   */
  public ParsedRecord classify(ParsedRecord record) {
    String partition = partitionOf(record);
    Long previous = lastOffset.put(partition, record.getOffset());
    if (previous != null && previous >= record.getOffset()) {
      throw new IllegalStateException("Records of " + partition + " arrived out of offset order (" + previous
          + " before " + record.getOffset() + "); the job needs each Kafka partition of a batch read in one task");
    }
    if (!record.valid()) {
      return arrived(record, Arrival.MALFORMED);
    }
    long sentAt = record.getSentAtMs();
    long mark = highWater.getOrDefault(partition, NONE);
    if (mark != NONE) {
      long watermark = mark - allowedLatenessMs;
      record.setWatermarkMs(watermark);
      // Exactly at the watermark is still on time: only strictly older records are late.
      if (sentAt < watermark) {
        return arrived(record, Arrival.LATE);
      }
    }
    highWater.put(partition, mark == NONE ? sentAt : Math.max(mark, sentAt));
    return arrived(record, Arrival.CLEAN);
  }

  /**
   * {@code batch} with every record classified, task by task, record by record (nothing held):
   * the same decisions wherever and however often it is computed.
   */
  public Dataset<ParsedRecord> classify(Dataset<ParsedRecord> batch) {
    ArrivalClassifier start = this;
    return batch.mapPartitions((MapPartitionsFunction<ParsedRecord, ParsedRecord>) records -> {
      ArrivalClassifier classifier = start.copy();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return records.hasNext();
        }

        @Override
        public ParsedRecord next() {
          return classifier.classify(records.next());
        }
      };
    }, Encoders.bean(ParsedRecord.class));
  }

  /** Each partition's high water mark after the records classified so far. */
  public Map<String, Long> highWater() {
    return highWater;
  }
}
