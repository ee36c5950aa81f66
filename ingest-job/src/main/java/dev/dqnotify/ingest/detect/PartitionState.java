package dev.dqnotify.ingest.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the job remembers per source partition between micro-batches: the highest event time seen
 * (the base of the watermark) and the message ids seen within the dedup horizon, each with the
 * event time of its first copy and how many copies arrived. {@link ArrivalLog} keeps it on the
 * driver and saves what each batch changed next to the checkpoint.
 */
public final class PartitionState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No event seen yet. */
  static final long NONE = Long.MIN_VALUE;

  /** One message id recorded: the id and the event time of its first copy. */
  record Entry(String messageId, long firstSentAtMs) {}

  private long highWaterMs = NONE;
  private final HashMap<String, long[]> seen = new HashMap<>();
  private final List<Entry> recorded = new ArrayList<>();

  public PartitionState() {}

  long highWaterMs() {
    return highWaterMs;
  }

  void advanceHighWater(long eventTimeMs) {
    highWaterMs = Math.max(highWaterMs, eventTimeMs);
  }

  /** Sets the high water mark a saved batch ended with (replaying {@link ArrivalLog}'s files). */
  void restoreHighWater(long highWaterMs) {
    this.highWaterMs = highWaterMs;
  }

  /** Records one more copy of {@code messageId}; returns which copy it is (1 for the first). */
  int recordCopy(String messageId, long sentAtMs) {
    long[] entry = seen.get(messageId);
    if (entry == null) {
      entry = new long[] {sentAtMs, 0};
      seen.put(messageId, entry);
    }
    entry[1]++;
    recorded.add(new Entry(messageId, entry[0]));
    return (int) entry[1];
  }

  /** Forgets ids first seen before {@code oldestKeptMs}: the state stays bounded by the watermark. */
  void forgetBefore(long oldestKeptMs) {
    seen.values().removeIf(entry -> entry[0] < oldestKeptMs);
  }

  /**
   * The copies recorded since the last call, in order, and forgets them: what a batch changed.
   * Replaying them with {@link #recordCopy} (first-copy times) on the state before the batch, then
   * restoring the high water mark and forgetting, gives the state after it.
   */
  List<Entry> takeRecorded() {
    List<Entry> batch = List.copyOf(recorded);
    recorded.clear();
    return batch;
  }

  /** How many message ids are remembered. */
  int rememberedIds() {
    return seen.size();
  }

  Map<String, long[]> seenView() {
    return seen;
  }
}
