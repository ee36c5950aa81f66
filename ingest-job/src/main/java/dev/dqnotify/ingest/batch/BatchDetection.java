package dev.dqnotify.ingest.batch;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import dev.dqnotify.ingest.detect.Arrival;
import dev.dqnotify.ingest.detect.ArrivalClassifier;
import dev.dqnotify.ingest.detect.DetectionRules;
import dev.dqnotify.ingest.detect.EventClock;
import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.detect.SituationDetector;
import dev.dqnotify.ingest.detect.SourceDataLossDetector;
import dev.dqnotify.ingest.detect.StoreActivity;
import dev.dqnotify.ingest.detect.StoreSilenceDetector;
import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.ingest.source.RetentionGaps;
import dev.dqnotify.ingest.state.DetectorCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Finds a micro-batch's situations, all of them behind one {@link #detect}/{@link #commit} pair. The
 * records stay on the executors; the driver receives only situations and a few numbers per
 * partition and store:
 * <ol>
 *   <li>the rules' pass, in the tasks that read the source (each Kafka partition in offset order):
 *       {@link ArrivalClassifier} marks malformed and late records against the partitions' high
 *       water marks, and the per-record rules run — malformed record, late data, unknown store, too
 *       few data points, out of range. Each task returns its situations, counts and marks;</li>
 *   <li>the duplicate pass ({@link DuplicateFinder}): the on-time records, without their readings,
 *       go by {@code message_id} to the state store on the executors, which finds the repeated
 *       copies and the clean messages' activity per store;</li>
 *   <li>on the driver: a duplicate's content situations are dropped (a repeated message was judged
 *       when it first arrived), the {@link EventClock} line moves, {@link StoreSilenceDetector}
 *       settles silences below it, and the source ranges Kafka deleted before the batch read them
 *       ({@link RetentionGaps}) become {@link SourceDataLossDetector} situations.</li>
 * </ol>
 * The driver's memory grows with situations, partitions and stores, never with records or the dedup
 * horizon. The rules' pass is also the batch's first action, so it fills the batch's cache.
 */
public final class BatchDetection {
  private final DetectionRules rules;
  private final StoreDirectory stores;
  private final SituationDetector detector;
  private final DuplicateFinder duplicates;
  private final DetectorCheckpoint checkpoint;
  private final String checkpointPath;
  private final RetentionGaps retentionGaps;
  private final SourceDataLossDetector dataLoss;
  /** This run of the query, for Spark's state store coordinator. */
  private final UUID runId = UUID.randomUUID();
  /** The driver's state after the batch last detected, until {@link #commit} saves it. */
  private DetectorCheckpoint.State pending;

  /**
   * Detects with {@code rules} against {@code stores}; state under {@code checkpointPath}; the source's
   * lost ranges found by {@code retentionGaps} and described by {@code dataLoss}.
   */
  public BatchDetection(DetectionRules rules, StoreDirectory stores, String checkpointPath, Configuration hadoop,
      RetentionGaps retentionGaps, SourceDataLossDetector dataLoss) {
    this.rules = rules;
    this.retentionGaps = retentionGaps;
    this.dataLoss = dataLoss;
    this.stores = stores;
    this.detector = new SituationDetector(rules, stores);
    this.duplicates = new DuplicateFinder(rules, detector);
    this.checkpoint = new DetectorCheckpoint(checkpointPath, hadoop);
    this.checkpointPath = checkpointPath;
  }

  /**
   * What a batch holds: its situations, its counts, and how to select its CLEAN records.
   *
   * @param rememberedIds message ids in the state store after the batch
   */
  public record Found(long records, Map<String, Long> arrivals, List<Situation> situations, long rememberedIds,
      ArrivalClassifier lateness, List<IdFindings.Position> duplicatePositions) {
    private static final StructType POSITIONS = new StructType()
        .add("dup_topic", DataTypes.StringType)
        .add("dup_partition", DataTypes.IntegerType)
        .add("dup_offset", DataTypes.LongType);

    /**
     * The batch's CLEAN records — valid, on time and the first copy of their id — selected on the
     * data: the lateness decided again in the same way, then the duplicates' positions joined away.
     */
    public Dataset<ParsedRecord> clean(Dataset<ParsedRecord> batch) {
      Dataset<ParsedRecord> onTime =
          lateness.classify(batch).filter(col("arrival").equalTo(Arrival.CLEAN.name()));
      if (duplicatePositions.isEmpty()) {
        return onTime;
      }
      List<Row> rows = new ArrayList<>(duplicatePositions.size());
      duplicatePositions.forEach(p -> rows.add(RowFactory.create(p.topic(), p.partition(), p.offset())));
      Dataset<Row> repeated = batch.sparkSession().createDataFrame(rows, POSITIONS);
      return onTime.join(broadcast(repeated), col("topic").equalTo(col("dup_topic"))
              .and(col("partition").equalTo(col("dup_partition")))
              .and(col("offset").equalTo(col("dup_offset"))), "left_anti")
          .as(Encoders.bean(ParsedRecord.class));
    }
  }

  /**
   * Runs every rule over batch {@code batchId} (which should be cached: it is read more than once);
   * {@link #commit} then saves the driver's state it leaves.
   */
  public Found detect(Dataset<ParsedRecord> batch, long batchId) {
    pending = null;
    DetectorCheckpoint.State before = checkpoint.before(batchId);
    int statePartitions = before.statePartitions() > 0 ? before.statePartitions()
        : Integer.parseInt(batch.sparkSession().conf().get("spark.sql.shuffle.partitions"));
    ArrivalClassifier lateness = new ArrivalClassifier(rules, before.highWater());

    List<PartitionFindings> tasks = batch
        .mapPartitions(scan(lateness, detector), Encoders.javaSerialization(PartitionFindings.class))
        .collectAsList();
    Map<String, Long> highWater = new TreeMap<>(before.highWater());
    long[] counts = new long[Arrival.values().length];
    for (PartitionFindings task : tasks) {
      task.highWater().forEach((partition, mark) -> highWater.merge(partition, mark, Math::max));
      for (Arrival arrival : Arrival.values()) {
        counts[arrival.ordinal()] += task.count(arrival);
      }
    }
    long clock = EventClock.advance(before.clockMs(), highWater, rules.silenceTimeout().toMillis(),
        rules.allowedLateness().toMillis());
    long horizonMs = rules.duplicateHorizon().toMillis();
    long sweptAt = before.sweptAtMs();
    long forgetBefore = DuplicateFinder.NO_SWEEP;
    // Forgetting reads the whole state store: do it when the line moved a quarter horizon on.
    if (clock != ArrivalClassifier.NONE && (sweptAt == ArrivalClassifier.NONE || clock - sweptAt >= horizonMs / 4)) {
      forgetBefore = clock - horizonMs;
      sweptAt = clock;
    }

    Dataset<ParsedRecord> onTime = lateness.classify(batch).filter(col("arrival").equalTo(Arrival.CLEAN.name()));
    List<IdFindings> idTasks =
        duplicates.find(onTime, before.stateVersion(), forgetBefore, checkpointPath, statePartitions, runId);
    List<Situation> situations = new ArrayList<>();
    Set<IdFindings.Position> repeated = new HashSet<>();
    List<IdFindings.Position> positions = new ArrayList<>();
    StoreActivity activity = StoreActivity.of(rules);
    long clean = 0;
    long remembered = 0;
    for (IdFindings task : idTasks) {
      situations.addAll(task.duplicates());
      positions.addAll(task.positions());
      activity.merge(task.activity());
      clean += task.clean();
      remembered += task.rememberedIds();
    }
    repeated.addAll(positions);
    // A repeated message was judged when it first arrived: its content situations go.
    for (PartitionFindings task : tasks) {
      for (Situation situation : task.situations()) {
        if (situation.getOffset() == null || !repeated.contains(
            new IdFindings.Position(situation.getTopic(), situation.getPartition(), situation.getOffset()))) {
          situations.add(situation);
        }
      }
    }
    StoreSilenceDetector silence = new StoreSilenceDetector(rules, stores);
    silence.restore(before.silence());
    situations.addAll(silence.advance(activity, clock));
    // The batch has been read (the rules' pass): what Kafka deleted before that is known now.
    situations.addAll(dataLoss.describe(retentionGaps.find(batch, batchId)));
    pending = new DetectorCheckpoint.State(highWater, clock, sweptAt, statePartitions, before.stateVersion() + 1,
        silence.snapshot());

    counts[Arrival.CLEAN.ordinal()] = clean;
    counts[Arrival.DUPLICATE.ordinal()] = positions.size();
    Map<String, Long> byArrival = new LinkedHashMap<>();
    long records = 0;
    for (Arrival arrival : Arrival.values()) {
      byArrival.put(arrival.name().toLowerCase(Locale.ROOT), counts[arrival.ordinal()]);
      records += counts[arrival.ordinal()];
    }
    return new Found(records, byArrival, situations, remembered, lateness, positions);
  }

  /**
   * The folder of an earlier dqnotify version's detector state in {@code checkpointPath}, if there
   * is one: driver-side arrival files, or Spark's state store of the version before those. This
   * version cannot carry that state over.
   */
  public static Optional<String> earlierStateIn(String checkpointPath, Configuration hadoop) {
    Path checkpoint = new Path(checkpointPath);
    try {
      FileSystem fs = checkpoint.getFileSystem(hadoop);
      for (String folder : List.of("dqnotify-arrivals", "dqnotify-silence", "state")) {
        Path earlier = new Path(checkpoint, folder);
        if (fs.exists(earlier)) {
          return Optional.of(earlier.toString());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not look into the checkpoint " + checkpointPath + ": " + e.getMessage(), e);
    }
  }

  /**
   * Saves the driver's state after batch {@code batchId}, the batch {@link #detect} last ran on,
   * before the batch ends. May run on another thread than {@code detect}, not at the same time.
   */
  public void commit(long batchId) {
    if (pending != null) {
      checkpoint.save(batchId, pending);
      pending = null;
    }
  }

  private static MapPartitionsFunction<ParsedRecord, PartitionFindings> scan(ArrivalClassifier lateness,
      SituationDetector detector) {
    return records -> {
      ArrivalClassifier classifier = lateness.copy();
      PartitionFindings findings = new PartitionFindings();
      while (records.hasNext()) {
        findings.add(classifier.classify(records.next()), detector);
      }
      findings.highWater(classifier.highWater());
      return List.of(findings).iterator();
    };
  }
}
