package dev.dqnotify.ingest.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import dev.dqnotify.ingest.enrich.StoreDirectory;
import dev.dqnotify.ingest.parse.ParsedRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;

/**
 * Finds a micro-batch's situations with one pass over its records, no shuffle and no Spark state
 * store: each task runs the per-record rules and sends the driver its situations plus a few fields
 * of every valid record; the driver classifies arrivals per source partition in offset order
 * ({@link ArrivalClassifier} against the {@link ArrivalLog}), describes the late records and the
 * duplicates, drops their content situations (a late or repeated message was judged when it first
 * arrived on time) and collects the stores' on-time activity for silence detection.
 *
 * <p>The pass is also the batch's first action, so it fills the batch's cache for the curated write.
 * The driver holds what the classification needs: about 100 bytes per valid record of the batch, and
 * the message ids of the dedup horizon.
 */
public final class BatchDetection {
  private final DetectionRules rules;
  private final SituationDetector detector;
  private final ArrivalClassifier classifier;
  private final ArrivalLog arrivals;
  /** The arrival state after the batch last detected, until {@link #commit} saves it. */
  private Map<String, PartitionState> pending;

  /** Detects with {@code rules} against {@code stores}; arrival state under {@code checkpointPath}. */
  public BatchDetection(DetectionRules rules, StoreDirectory stores, String checkpointPath, Configuration hadoop) {
    this.rules = rules;
    this.detector = new SituationDetector(rules, stores);
    this.classifier = new ArrivalClassifier(rules);
    this.arrivals = new ArrivalLog(checkpointPath, hadoop, rules);
  }

  /** What a batch holds: its situations, its stores' activity and which records are curated. */
  public record Found(long records, Map<String, Long> arrivals, List<Situation> situations, StoreActivity activity,
      Map<SourcePartition, Set<Long>> lateOrDuplicate) {
    /** The batch's CLEAN records: valid, on time and the first of their id. */
    public Column clean() {
      Column clean = col("arrival").equalTo(Arrival.CLEAN.name());
      for (Map.Entry<SourcePartition, Set<Long>> partition : lateOrDuplicate.entrySet()) {
        clean = clean.and(not(col("topic").equalTo(partition.getKey().topic())
            .and(col("partition").equalTo(partition.getKey().partition()))
            .and(col("offset").isin(partition.getValue().toArray()))));
      }
      return clean;
    }
  }

  /** A Kafka partition records were read from. */
  public record SourcePartition(String topic, int partition) implements Comparable<SourcePartition> {
    @Override
    public int compareTo(SourcePartition other) {
      int byTopic = topic.compareTo(other.topic);
      return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }

    /** The key of the partition's arrival state, {@code <topic>/<partition>}. */
    @Override
    public String toString() {
      return topic + "/" + partition;
    }
  }

  /**
   * Runs every rule but store silence over batch {@code batchId} (which should be cached: the
   * caller reads it again); {@link #commit} then saves the arrival state it leaves.
   */
  public Found detect(Dataset<ParsedRecord> batch, long batchId) {
    pending = null;
    List<PartitionFindings> tasks =
        batch.mapPartitions(scan(detector), Encoders.javaSerialization(PartitionFindings.class)).collectAsList();
    Map<SourcePartition, List<ParsedRecord>> valid = new TreeMap<>();
    List<Situation> ownSituations = new ArrayList<>();
    long[] counts = new long[Arrival.values().length];
    for (PartitionFindings task : tasks) {
      for (ParsedRecord record : task.arrivals()) {
        valid.computeIfAbsent(new SourcePartition(record.getTopic(), record.getPartition()), p -> new ArrayList<>())
            .add(record);
      }
      ownSituations.addAll(task.situations());
      counts[Arrival.MALFORMED.ordinal()] += task.malformed();
    }

    List<Situation> situations = new ArrayList<>();
    StoreActivity activity = StoreActivity.of(rules);
    Map<SourcePartition, Set<Long>> lateOrDuplicate = new TreeMap<>();
    Map<String, PartitionState> states = arrivals.before(batchId);
    valid.forEach((partition, records) -> {
      classifier.classify(records, states.computeIfAbsent(partition.toString(), p -> new PartitionState()));
      for (ParsedRecord record : records) {
        Arrival arrival = Arrival.valueOf(record.getArrival());
        counts[arrival.ordinal()]++;
        if (arrival == Arrival.CLEAN) {
          activity.add(record.getStoreId(), record.getSentAtMs());
        } else {
          situations.addAll(detector.detect(record));
          lateOrDuplicate.computeIfAbsent(partition, p -> new TreeSet<>()).add(record.getOffset());
        }
      }
    });
    pending = states;
    // A late or repeated message was judged when it first arrived on time: its content situations go.
    for (Situation situation : ownSituations) {
      if (situation.getOffset() == null || !lateOrDuplicate
          .getOrDefault(new SourcePartition(situation.getTopic(), situation.getPartition()), Set.of())
          .contains(situation.getOffset())) {
        situations.add(situation);
      }
    }
    Map<String, Long> byArrival = new LinkedHashMap<>();
    long records = 0;
    for (Arrival arrival : Arrival.values()) {
      byArrival.put(arrival.name().toLowerCase(Locale.ROOT), counts[arrival.ordinal()]);
      records += counts[arrival.ordinal()];
    }
    return new Found(records, byArrival, situations, activity, lateOrDuplicate);
  }

  /**
   * Saves the arrival state after batch {@code batchId}, the batch {@link #detect} last ran on,
   * before the batch ends. May run on another thread than {@code detect}, not at the same time.
   */
  public void commit(long batchId) {
    if (pending != null) {
      arrivals.save(batchId, pending);
      pending = null;
    }
  }

  private static MapPartitionsFunction<ParsedRecord, PartitionFindings> scan(SituationDetector detector) {
    return records -> {
      PartitionFindings findings = new PartitionFindings();
      while (records.hasNext()) {
        findings.add(records.next(), detector);
      }
      return List.of(findings).iterator();
    };
  }
}
