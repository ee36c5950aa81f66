package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.enrich.Store;
import dev.dqnotify.ingest.enrich.StoreDirectory;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * STORE_SILENT: a store of the metadata that was sending has sent nothing for the silence timeout,
 * measured in <em>event time</em>.
 *
 * <p>The event-time clock is the highest {@code sent_at} seen from any store minus the allowed
 * lateness (by then no on-time message older than that can still come). A store is silent when the
 * clock passes its last message plus the timeout, or when its own messages show a gap longer than
 * the timeout. Both describe the same silence — the one that began at the store's last message —
 * and it is reported once: a replay of the same history, cut into different micro-batches, finds
 * the same silences with the same ids. When the store sends again it is back; a later silence is a
 * new situation. The state is small (one entry per store) and lives on the driver; the job writes
 * it next to the checkpoint after every batch ({@link #snapshot()}, {@link #restore}).
 */
public final class StoreSilenceDetector implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long timeoutMs;
  private final long allowedLatenessMs;
  private final StoreDirectory stores;
  private long highWaterMs = PartitionState.NONE;
  private final Map<String, long[]> activity = new TreeMap<>(); // store -> {lastSeenMs, reportedFromMs}

  /** Detects with the silence timeout and lateness of {@code rules}, for the stores of the metadata. */
  public StoreSilenceDetector(DetectionRules rules, StoreDirectory stores) {
    this.timeoutMs = rules.silenceTimeout().toMillis();
    this.allowedLatenessMs = rules.allowedLateness().toMillis();
    this.stores = stores;
  }

  /**
   * Takes one micro-batch's on-time activity and returns the silences it reveals.
   *
   * @param batch the spans of each store's messages, with a tolerance no longer than the timeout
   */
  public List<Situation> advance(StoreActivity batch) {
    if (batch.toleranceMs() > timeoutMs) {
      throw new IllegalArgumentException("spans " + batch.toleranceMs() + " ms apart would hide silences of "
          + timeoutMs + " ms");
    }
    List<Situation> found = new ArrayList<>();
    batch.spans().forEach((storeId, spans) -> {
      if (!spans.isEmpty()) {
        highWaterMs = Math.max(highWaterMs, spans.lastEntry().getValue());
      }
      if (stores.find(storeId).isEmpty()) {
        return; // unknown stores raise UNKNOWN_STORE; silence applies to the stores in the metadata
      }
      long[] state = activity.computeIfAbsent(storeId, s -> new long[] {PartitionState.NONE, PartitionState.NONE});
      // Within a span no two messages are more than the timeout apart: only a span's start can
      // follow a silence.
      spans.forEach((from, to) -> {
        if (state[0] != PartitionState.NONE && from - state[0] > timeoutMs) {
          report(storeId, state, from - state[0], found);
        }
        state[0] = Math.max(state[0], to);
      });
    });
    long clock = highWaterMs == PartitionState.NONE ? PartitionState.NONE : highWaterMs - allowedLatenessMs;
    activity.forEach((storeId, state) -> {
      if (clock != PartitionState.NONE && clock - state[0] > timeoutMs) {
        report(storeId, state, clock - state[0], found);
      }
    });
    return found;
  }

  private void report(String storeId, long[] state, long silentForMs, List<Situation> found) {
    long lastSeen = state[0];
    if (state[1] == lastSeen) {
      return; // this silence was reported already
    }
    state[1] = lastSeen;
    String name = stores.find(storeId).map(Store::name).orElse(storeId);
    found.add(
        Situation.of("STORE_SILENT", "ERROR", storeId + "@" + lastSeen)
            .at(lastSeen + timeoutMs)
            .summary(storeId + " (" + name + ") has sent nothing for " + Durations.human(silentForMs)
                + " since " + Instant.ofEpochMilli(lastSeen) + " (event time)")
            .detail("last_seen", Instant.ofEpochMilli(lastSeen))
            .detail("silent_for_s", silentForMs / 1000)
            .detail("timeout_s", timeoutMs / 1000));
    found.get(found.size() - 1).setStoreId(storeId);
  }

  /** The state to keep between batches: {@code highWaterMs} and per store {lastSeen, reportedFrom}. */
  public Map<String, Object> snapshot() {
    Map<String, Object> snapshot = new TreeMap<>();
    snapshot.put("highWaterMs", highWaterMs);
    Map<String, List<Long>> perStore = new TreeMap<>();
    activity.forEach((store, state) -> perStore.put(store, List.of(state[0], state[1])));
    snapshot.put("stores", perStore);
    return snapshot;
  }

  /** Restores what {@link #snapshot()} returned (after a restart, or to re-run a batch). */
  @SuppressWarnings("unchecked")
  public void restore(Map<String, Object> snapshot) {
    activity.clear();
    highWaterMs = ((Number) snapshot.getOrDefault("highWaterMs", PartitionState.NONE)).longValue();
    Map<String, List<Number>> perStore = (Map<String, List<Number>>) snapshot.getOrDefault("stores", Map.of());
    perStore.forEach((store, state) ->
        activity.put(store, new long[] {state.get(0).longValue(), state.get(1).longValue()}));
  }
}
