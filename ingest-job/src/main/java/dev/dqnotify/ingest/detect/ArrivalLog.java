package dev.dqnotify.ingest.detect;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The arrival state of every source partition ({@link PartitionState}), kept on the driver and saved
 * next to the streaming checkpoint as one file per micro-batch holding only what that batch changed
 * ({@code <checkpoint>/dqnotify-arrivals/<batchId>.bin}: each partition's high water mark and the
 * message ids it recorded). A batch therefore writes in proportion to its own records, however long
 * the dedup horizon.
 *
 * <p>{@link #before(long)} gives the state after the newest batch <em>before</em> the given one: the
 * state kept in memory while the job runs, rebuilt from the files after a restart or when Spark
 * re-runs a batch (same id, same records), so a re-run classifies exactly as the first attempt did.
 * Files no id of the state can depend on any more (every id they recorded fell out of the horizon)
 * are removed, oldest first; when a quiet partition holds that back, a snapshot of the whole state
 * ({@code <batchId>.full.bin}) replaces the files before it.
 */
public final class ArrivalLog {
  static final String FOLDER = "dqnotify-arrivals";
  /** Fewest ids a snapshot is worth writing for (see {@link #save}). */
  static final int SNAPSHOT_MIN_ENTRIES = 100_000;
  private static final int FORMAT = 0x44514131; // "DQA1"

  private final BatchFiles changes;
  private final BatchFiles snapshots;
  private final long horizonMs;
  private final int snapshotMinEntries;
  /** Each kept change file's summary (when it may be removed, its size); null until read. */
  private final TreeMap<Long, Summary> kept = new TreeMap<>();
  private final TreeSet<Long> keptSnapshots = new TreeSet<>();
  private boolean listed;
  private Map<String, PartitionState> state = new TreeMap<>();
  /** The batch {@link #state} is the state after; {@code Long.MIN_VALUE} when it must be rebuilt. */
  private long stateBatch = Long.MIN_VALUE;
  /** Each partition's high water mark in the state {@link #before} last handed out. */
  private Map<String, Long> highWaterBefore = Map.of();

  /** A change file: the newest first-copy time it recorded per partition, and how many copies. */
  private record Summary(Map<String, Long> newestFirstCopy, int entries) {}

  /** Files under {@code checkpointPath}; ids are forgotten after the dedup horizon of {@code rules}. */
  public ArrivalLog(String checkpointPath, Configuration hadoop, DetectionRules rules) {
    this(checkpointPath, hadoop, rules, SNAPSHOT_MIN_ENTRIES);
  }

  ArrivalLog(String checkpointPath, Configuration hadoop, DetectionRules rules, int snapshotMinEntries) {
    this.changes = new BatchFiles(checkpointPath, FOLDER, "bin", hadoop, "arrival state");
    this.snapshots = new BatchFiles(checkpointPath, FOLDER, "full.bin", hadoop, "arrival state snapshot");
    this.horizonMs = rules.duplicateHorizon().toMillis();
    this.snapshotMinEntries = snapshotMinEntries;
  }

  /**
   * The state of every partition after the newest batch before {@code batchId}, to classify batch
   * {@code batchId} with and then hand to {@link #save}. Until then it counts as changed: asking
   * again rebuilds it.
   */
  public Map<String, PartitionState> before(long batchId) {
    if (!listed) {
      for (long batch : changes.batches()) {
        kept.put(batch, null); // read when first needed
      }
      keptSnapshots.addAll(snapshots.batches());
      listed = true;
    }
    Long base = keptSnapshots.lower(batchId);
    Long newestChange = kept.lowerKey(batchId);
    long wanted = Math.max(base == null ? -1 : base, newestChange == null ? -1 : newestChange);
    if (stateBatch != wanted) {
      state = rebuild(base, batchId);
    }
    stateBatch = Long.MIN_VALUE;
    highWaterBefore = new HashMap<>();
    state.forEach((partition, partitionState) -> highWaterBefore.put(partition, partitionState.highWaterMs()));
    return state;
  }

  /**
   * Saves what classifying batch {@code batchId} changed in {@code classified} (the map
   * {@link #before} returned) and removes the files no longer needed.
   *
   * <p>Change files are removed oldest first once every id in them left the horizon, so normally
   * about one horizon of them is kept. A partition that stops receiving keeps its ids (its high
   * water mark no longer moves) and with them its last file and every file after it; when the
   * kept files hold more than twice the state's ids, a snapshot of the whole state is written
   * instead ({@code <batchId>.full.bin}), and the files before it go.
   */
  public void save(long batchId, Map<String, PartitionState> classified) {
    Map<String, List<PartitionState.Entry>> recorded = new TreeMap<>();
    Map<String, Long> highWater = new TreeMap<>();
    for (Map.Entry<String, PartitionState> partition : classified.entrySet()) {
      List<PartitionState.Entry> copies = partition.getValue().takeRecorded();
      if (!copies.isEmpty()) {
        recorded.put(partition.getKey(), copies);
      }
      highWater.put(partition.getKey(), partition.getValue().highWaterMs());
    }
    changes.write(batchId, out -> write(new DataOutputStream(out), highWater, recorded));
    for (long stale : new ArrayList<>(kept.tailMap(batchId, false).keySet())) {
      changes.delete(stale);
      kept.remove(stale);
    }
    for (long stale : new ArrayList<>(keptSnapshots.tailSet(batchId, true))) {
      snapshots.delete(stale);
      keptSnapshots.remove(stale);
    }
    kept.put(batchId, summary(recorded));
    state = classified;
    stateBatch = batchId;
    if (keptEntriesSinceSnapshot() > 2L * rememberedIds(classified) + snapshotMinEntries) {
      snapshots.write(batchId, out -> write(new DataOutputStream(out), highWater, contents(classified)));
      keptSnapshots.add(batchId);
    }
    removeUnneeded(batchId);
  }

  /**
   * Removes what neither a re-run of the newest batch nor the next batch needs: everything up to the
   * newest snapshot before the newest batch, then the oldest change files while none of their ids
   * can still be in the state — every id a file recorded was first seen more than the horizon
   * before its partition's high water mark, judged by the marks <em>before</em> the newest batch.
   */
  private void removeUnneeded(long newestBatch) {
    Long base = keptSnapshots.lower(newestBatch);
    if (base != null) {
      for (long old : new ArrayList<>(keptSnapshots.headSet(base, false))) {
        snapshots.delete(old);
        keptSnapshots.remove(old);
      }
      for (long old : new ArrayList<>(kept.headMap(base, true).keySet())) {
        changes.delete(old);
        kept.remove(old);
      }
    }
    Long previous = kept.lowerKey(newestBatch);
    if (previous == null) {
      return;
    }
    Map<String, Long> highWater = highWaterBefore;
    while (kept.firstKey() < previous) {
      long oldest = kept.firstKey();
      Summary summary = kept.get(oldest);
      if (summary == null) {
        summary = summarize(oldest);
        kept.put(oldest, summary);
      }
      boolean unneeded = summary.newestFirstCopy().entrySet().stream().allMatch(e -> {
        Long mark = highWater.get(e.getKey());
        return mark != null && mark != PartitionState.NONE && e.getValue() < mark - horizonMs;
      });
      if (!unneeded) {
        return;
      }
      changes.delete(oldest);
      kept.remove(oldest);
    }
  }

  private long keptEntriesSinceSnapshot() {
    Long base = keptSnapshots.isEmpty() ? null : keptSnapshots.last();
    long entries = 0;
    for (Map.Entry<Long, Summary> file : kept.entrySet()) {
      if ((base == null || file.getKey() > base) && file.getValue() != null) {
        entries += file.getValue().entries();
      }
    }
    return entries;
  }

  private static long rememberedIds(Map<String, PartitionState> states) {
    long ids = 0;
    for (PartitionState partitionState : states.values()) {
      ids += partitionState.rememberedIds();
    }
    return ids;
  }

  /** The whole state as copies to record from nothing: each id as often as it arrived. */
  private static Map<String, List<PartitionState.Entry>> contents(Map<String, PartitionState> states) {
    Map<String, List<PartitionState.Entry>> contents = new TreeMap<>();
    states.forEach((partition, partitionState) -> {
      List<PartitionState.Entry> copies = new ArrayList<>();
      partitionState.seenView().forEach((id, entry) -> {
        for (long copy = 0; copy < entry[1]; copy++) {
          copies.add(new PartitionState.Entry(id, entry[0]));
        }
      });
      if (!copies.isEmpty()) {
        contents.put(partition, copies);
      }
    });
    return contents;
  }

  private Summary summarize(long batchId) {
    Map<String, List<PartitionState.Entry>> recorded = new TreeMap<>();
    changes.read(batchId, in -> read(new DataInputStream(in), recorded));
    return summary(recorded);
  }

  private static Summary summary(Map<String, List<PartitionState.Entry>> recorded) {
    Map<String, Long> newest = new HashMap<>();
    int entries = 0;
    for (Map.Entry<String, List<PartitionState.Entry>> partition : recorded.entrySet()) {
      newest.put(partition.getKey(), newestFirstCopy(partition.getValue()));
      entries += partition.getValue().size();
    }
    return new Summary(newest, entries);
  }

  /** The state after the snapshot {@code base} (or from nothing), then every change file up to {@code batchId}. */
  private Map<String, PartitionState> rebuild(Long base, long batchId) {
    Map<String, PartitionState> rebuilt = new TreeMap<>();
    if (base != null) {
      snapshots.read(base, in -> {
        apply(rebuilt, new DataInputStream(in));
        return null;
      });
    }
    for (long batch : new ArrayList<>((base == null ? kept.headMap(batchId, false)
        : kept.subMap(base, false, batchId, false)).keySet())) {
      Map<String, List<PartitionState.Entry>> recorded = changes.read(batch, in -> apply(rebuilt, new DataInputStream(in)));
      kept.put(batch, summary(recorded));
    }
    return rebuilt;
  }

  /** Replays one file onto {@code states}: its copies, then its high water marks and forgetting. */
  private Map<String, List<PartitionState.Entry>> apply(Map<String, PartitionState> states, DataInputStream in)
      throws IOException {
    Map<String, List<PartitionState.Entry>> recorded = new TreeMap<>();
    Map<String, Long> highWater = read(in, recorded);
    recorded.forEach((partition, copies) -> {
      PartitionState partitionState = states.computeIfAbsent(partition, p -> new PartitionState());
      for (PartitionState.Entry copy : copies) {
        partitionState.recordCopy(copy.messageId(), copy.firstSentAtMs());
      }
      partitionState.takeRecorded();
    });
    highWater.forEach((partition, mark) -> {
      PartitionState partitionState = states.computeIfAbsent(partition, p -> new PartitionState());
      partitionState.restoreHighWater(mark);
      if (mark != PartitionState.NONE) {
        partitionState.forgetBefore(mark - horizonMs);
      }
    });
    return recorded;
  }

  private static long newestFirstCopy(List<PartitionState.Entry> entries) {
    long newest = Long.MIN_VALUE;
    for (PartitionState.Entry entry : entries) {
      newest = Math.max(newest, entry.firstSentAtMs());
    }
    return newest;
  }

  private static void write(DataOutputStream out, Map<String, Long> highWater,
      Map<String, List<PartitionState.Entry>> recorded) throws IOException {
    out.writeInt(FORMAT);
    out.writeInt(highWater.size());
    for (Map.Entry<String, Long> partition : highWater.entrySet()) {
      Binary.writeString(out, partition.getKey());
      out.writeLong(partition.getValue());
      List<PartitionState.Entry> entries = recorded.getOrDefault(partition.getKey(), List.of());
      out.writeInt(entries.size());
      for (PartitionState.Entry entry : entries) {
        Binary.writeString(out, entry.messageId());
        out.writeLong(entry.firstSentAtMs());
      }
    }
    out.flush();
  }

  /** Reads a file's high water marks (returned) and its copies (into {@code recorded}). */
  private static Map<String, Long> read(DataInputStream in, Map<String, List<PartitionState.Entry>> recorded)
      throws IOException {
    Map<String, Long> highWater = new TreeMap<>();
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("not an arrival-state file of this version (format " + Integer.toHexString(format) + ")");
    }
    int partitions = in.readInt();
    for (int p = 0; p < partitions; p++) {
      String partition = Binary.readString(in);
      highWater.put(partition, in.readLong());
      int count = in.readInt();
      List<PartitionState.Entry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String id = Binary.readString(in);
        entries.add(new PartitionState.Entry(id, in.readLong()));
      }
      if (count > 0) {
        recorded.put(partition, entries);
      }
    }
    return highWater;
  }

  /**
   * Whether {@code checkpointPath} was written by a version that kept the arrival state in Spark's
   * state store ({@code state/}) and has none here yet: that state is not carried over.
   */
  public static boolean startsWithoutEarlierState(String checkpointPath, Configuration hadoop) {
    Path checkpoint = new Path(checkpointPath);
    try {
      FileSystem fs = checkpoint.getFileSystem(hadoop);
      return fs.exists(new Path(checkpoint, "state")) && !fs.exists(new Path(checkpoint, FOLDER));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not look into the checkpoint " + checkpointPath + ": " + e.getMessage(), e);
    }
  }

  /** The batches whose change files are kept, oldest first (for tests). */
  TreeSet<Long> keptBatches() {
    return new TreeSet<>(kept.keySet());
  }

  /** The batches whose snapshots are kept (for tests). */
  TreeSet<Long> keptSnapshots() {
    return new TreeSet<>(keptSnapshots);
  }
}
