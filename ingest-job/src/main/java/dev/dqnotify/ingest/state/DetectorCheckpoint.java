package dev.dqnotify.ingest.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.ingest.detect.ArrivalClassifier;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;

/**
 * The little the driver carries from batch to batch — one high water mark per source partition,
 * the event-time line ({@code EventClock}), the store-silence spans — as one small JSON file per micro-batch
 * next to the streaming checkpoint ({@code <checkpoint>/dqnotify-detectors/<batchId>.json}, the state
 * <em>after</em> that batch). Its size grows with partitions and stores, never with records or ids.
 *
 * <p>A batch starts from the newest file of an <em>earlier</em> batch, never its own: when Spark
 * re-runs a batch after a failure (same id, same data), the detectors see exactly what they saw the
 * first time and find the same situations with the same ids. Old files are removed, a few are kept.
 */
public final class DetectorCheckpoint {
  static final String FOLDER = "dqnotify-detectors";
  private static final int KEEP = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The driver's detector state after a batch.
   *
   * @param highWater each source partition's highest on-time {@code sent_at}
   * @param clockMs the event-time line ({@code EventClock})
   * @param sweptAtMs the line when the state store last forgot old ids
   * @param statePartitions how many partitions the message-id state store has (fixed at the first batch)
   * @param stateVersion the state store version the batch committed (one per batch the detectors ran)
   * @param silence the store-silence detector's snapshot
   */
  public record State(Map<String, Long> highWater, long clockMs, long sweptAtMs, int statePartitions, long stateVersion,
      Map<String, Object> silence) {
    static final State EMPTY = new State(Map.of(), ArrivalClassifier.NONE, ArrivalClassifier.NONE, 0, 0, Map.of());

    public State {
      highWater = new TreeMap<>(highWater);
      silence = new TreeMap<>(silence);
    }
  }

  private final BatchFiles files;

  /** State files under {@code checkpointPath}. */
  public DetectorCheckpoint(String checkpointPath, Configuration hadoop) {
    this.files = new BatchFiles(checkpointPath, FOLDER, "json", hadoop, "detector state");
  }

  /** The state after the newest batch before {@code batchId}, or the empty state. */
  public State before(long batchId) {
    Long newest = files.batches().lower(batchId);
    if (newest == null) {
      return State.EMPTY;
    }
    return files.read(newest, in -> JSON.readValue(in, State.class));
  }

  /**
   * Writes the state after {@code batchId}, and removes files older than the last few and those an
   * earlier attempt of a later batch left.
   */
  public void save(long batchId, State state) {
    files.write(batchId, out -> JSON.writeValue(out, state));
    TreeSet<Long> batches = files.batches();
    for (long old : batches.headSet(batchId - KEEP, true)) {
      files.delete(old);
    }
    for (long stale : batches.tailSet(batchId, false)) {
      files.delete(stale);
    }
  }
}
