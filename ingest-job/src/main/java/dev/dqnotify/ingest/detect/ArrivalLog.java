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
 * are removed, oldest first.
 */
public final class ArrivalLog {
  static final String FOLDER = "dqnotify-arrivals";
  private static final int FORMAT = 0x44514131; // "DQA1"

  private final BatchFiles files;
  private final long horizonMs;
  /** Each kept file's newest first-copy time per partition: when it may be removed. */
  private final TreeMap<Long, Map<String, Long>> kept = new TreeMap<>();
  private boolean listed;
  private Map<String, PartitionState> state = new TreeMap<>();
  /** The batch {@link #state} is the state after; {@code Long.MIN_VALUE} when it must be rebuilt. */
  private long stateBatch = Long.MIN_VALUE;
  /** Each partition's high water mark in the state {@link #before} last handed out. */
  private Map<String, Long> highWaterBefore = Map.of();

  /** Files under {@code checkpointPath}; ids are forgotten after the dedup horizon of {@code rules}. */
  public ArrivalLog(String checkpointPath, Configuration hadoop, DetectionRules rules) {
    this.files = new BatchFiles(checkpointPath, FOLDER, "bin", hadoop, "arrival state");
    this.horizonMs = rules.duplicateHorizon().toMillis();
  }

  /**
   * The state of every partition after the newest batch before {@code batchId}, to classify batch
   * {@code batchId} with and then hand to {@link #save}. Until then it counts as changed: asking
   * again rebuilds it.
   */
  public Map<String, PartitionState> before(long batchId) {
    if (!listed) {
      for (long batch : files.batches()) {
        kept.put(batch, null); // read when first needed
      }
      listed = true;
    }
    Long newest = kept.lowerKey(batchId);
    long wanted = newest == null ? -1 : newest;
    if (stateBatch != wanted) {
      state = replay(kept.headMap(batchId, false).keySet());
    }
    stateBatch = Long.MIN_VALUE;
    highWaterBefore = new HashMap<>();
    state.forEach((partition, partitionState) -> highWaterBefore.put(partition, partitionState.highWaterMs()));
    return state;
  }

  /**
   * Saves what classifying batch {@code batchId} changed in {@code classified} (the map
   * {@link #before} returned) and removes the files no longer needed.
   */
  public void save(long batchId, Map<String, PartitionState> classified) {
    Map<String, List<PartitionState.Entry>> recorded = new TreeMap<>();
    Map<String, Long> newest = new HashMap<>();
    Map<String, Long> highWater = new TreeMap<>();
    classified.forEach((partition, partitionState) -> {
      List<PartitionState.Entry> entries = partitionState.takeRecorded();
      if (!entries.isEmpty()) {
        recorded.put(partition, entries);
        newest.put(partition, newestFirstCopy(entries));
      }
      highWater.put(partition, partitionState.highWaterMs());
    });
    files.write(batchId, out -> write(new DataOutputStream(out), highWater, recorded));
    for (long stale : new ArrayList<>(kept.tailMap(batchId, false).keySet())) {
      files.delete(stale);
      kept.remove(stale);
    }
    kept.put(batchId, newest);
    state = classified;
    stateBatch = batchId;
    removeUnneeded(batchId);
  }

  /**
   * Removes the oldest files while none of their ids can still be in the state: every id a file
   * recorded was first seen more than the horizon before its partition's high water mark. Judged
   * by the high water marks <em>before</em> the newest batch, so a re-run of it can still rebuild
   * its starting state.
   */
  private void removeUnneeded(long newestBatch) {
    Long previous = kept.lowerKey(newestBatch);
    if (previous == null) {
      return;
    }
    Map<String, Long> highWater = highWaterBefore;
    while (kept.firstKey() < previous) {
      long oldest = kept.firstKey();
      Map<String, Long> newest = kept.get(oldest);
      if (newest == null) {
        newest = newestFirstCopies(oldest);
        kept.put(oldest, newest);
      }
      boolean unneeded = newest.entrySet().stream().allMatch(e -> {
        Long mark = highWater.get(e.getKey());
        return mark != null && mark != PartitionState.NONE && e.getValue() < mark - horizonMs;
      });
      if (!unneeded) {
        return;
      }
      files.delete(oldest);
      kept.remove(oldest);
    }
  }

  private Map<String, Long> newestFirstCopies(long batchId) {
    Map<String, List<PartitionState.Entry>> recorded = new TreeMap<>();
    files.read(batchId, in -> read(new DataInputStream(in), new TreeMap<>(), recorded));
    Map<String, Long> newest = new HashMap<>();
    recorded.forEach((partition, entries) -> newest.put(partition, newestFirstCopy(entries)));
    return newest;
  }

  private Map<String, PartitionState> replay(Iterable<Long> batches) {
    Map<String, PartitionState> rebuilt = new TreeMap<>();
    for (long batch : batches) {
      Map<String, List<PartitionState.Entry>> recorded = new TreeMap<>();
      Map<String, Long> highWater = files.read(batch, in -> read(new DataInputStream(in), new TreeMap<>(), recorded));
      Map<String, Long> newest = new HashMap<>();
      recorded.forEach((partition, entries) -> {
        PartitionState partitionState = rebuilt.computeIfAbsent(partition, p -> new PartitionState());
        for (PartitionState.Entry entry : entries) {
          partitionState.recordCopy(entry.messageId(), entry.firstSentAtMs());
        }
        partitionState.takeRecorded();
        newest.put(partition, newestFirstCopy(entries));
      });
      highWater.forEach((partition, mark) -> {
        PartitionState partitionState = rebuilt.computeIfAbsent(partition, p -> new PartitionState());
        partitionState.restoreHighWater(mark);
        if (mark != PartitionState.NONE) {
          partitionState.forgetBefore(mark - horizonMs);
        }
      });
      kept.put(batch, newest);
    }
    return rebuilt;
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

  /** Reads a file's high water marks (returned) and, when {@code recorded} is given, its ids. */
  private static Map<String, Long> read(DataInputStream in, Map<String, Long> highWater,
      Map<String, List<PartitionState.Entry>> recorded) throws IOException {
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("not an arrival-state file of this version (format " + Integer.toHexString(format) + ")");
    }
    int partitions = in.readInt();
    for (int p = 0; p < partitions; p++) {
      String partition = Binary.readString(in);
      highWater.put(partition, in.readLong());
      int count = in.readInt();
      List<PartitionState.Entry> entries = new ArrayList<>(recorded == null ? 0 : count);
      for (int i = 0; i < count; i++) {
        String id = Binary.readString(in);
        long first = in.readLong();
        if (recorded != null) {
          entries.add(new PartitionState.Entry(id, first));
        }
      }
      if (recorded != null && count > 0) {
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

  /** The batches whose files are kept, oldest first (for tests). */
  TreeSet<Long> keptBatches() {
    return new TreeSet<>(kept.keySet());
  }
}
