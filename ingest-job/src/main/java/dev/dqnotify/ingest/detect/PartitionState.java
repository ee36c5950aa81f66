package dev.dqnotify.ingest.detect;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * What the job remembers per source partition between micro-batches: the highest event time seen
 * (the base of the watermark) and the message ids seen within the dedup horizon. Kept in Spark's
 * state store, so it survives restarts with the checkpoint.
 */
public final class PartitionState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No event seen yet. */
  static final long NONE = Long.MIN_VALUE;

  private long highWaterMs = NONE;
  private HashMap<String, long[]> seen = new HashMap<>();

  /** For Kryo. */
  public PartitionState() {}

  long highWaterMs() {
    return highWaterMs;
  }

  void advanceHighWater(long eventTimeMs) {
    highWaterMs = Math.max(highWaterMs, eventTimeMs);
  }

  /** Records one more copy of {@code messageId}; returns which copy it is (1 for the first). */
  int recordCopy(String messageId, long sentAtMs) {
    long[] entry = seen.get(messageId);
    if (entry == null) {
      seen.put(messageId, new long[] {sentAtMs, 1});
      return 1;
    }
    entry[1]++;
    return (int) entry[1];
  }

  /** Forgets ids first seen before {@code oldestKeptMs}: the state stays bounded by the watermark. */
  void forgetBefore(long oldestKeptMs) {
    seen.values().removeIf(entry -> entry[0] < oldestKeptMs);
  }

  /** How many message ids are remembered. */
  int rememberedIds() {
    return seen.size();
  }

  Map<String, long[]> seenView() {
    return seen;
  }
}
