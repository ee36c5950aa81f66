package dev.dqnotify.ingest.detect;

import dev.dqnotify.config.Durations;
import dev.dqnotify.ingest.reference.Store;
import dev.dqnotify.ingest.reference.StoreDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * STORE_SILENT: a store of the metadata that was sending has sent nothing for the silence timeout,
 * measured in <em>event time</em>.
 *
 * <p>The detector keeps each store's recent on-time activity as spans (messages at most the timeout
 * apart form one span) and is told, after every batch, the {@link EventClock} line below which no
 * on-time message can arrive any more. A span whose end plus the timeout lies below the line is
 * settled: the store sent nothing for longer than the timeout after it — either nothing at all yet,
 * or its next span starts later — and that is one silence, reported once with the span's end as its
 * identity. Because the line only settles what later records cannot change, the same history cut
 * into other micro-batches finds the same silences with the same ids. When the store sends again it
 * is back; a later silence is a new situation. The state is small (a few spans per store) and lives
 * on the driver ({@link #snapshot()}, {@link #restore}).
 */
public final class StoreSilenceDetector {
  private final long timeoutMs;
  private final StoreDirectory stores;
  /** Each store's spans that are not settled yet. */
  private final StoreActivity open;

  /** Detects with the silence timeout of {@code rules}, for the stores of the metadata. */
  public StoreSilenceDetector(DetectionRules rules, StoreDirectory stores) {
    this.timeoutMs = rules.silenceTimeout().toMillis();
    this.stores = stores;
    this.open = StoreActivity.of(rules);
  }

  /**
   * Takes one micro-batch's on-time activity and the line after it; returns the silences settled.
   *
   * @param batch the spans of each store's messages, with a tolerance no longer than the timeout
   * @param clockMs the {@link EventClock} line after the batch
   */
  public List<Situation> advance(StoreActivity batch, long clockMs) {
    if (batch.toleranceMs() > timeoutMs) {
      throw new IllegalArgumentException("spans " + batch.toleranceMs() + " ms apart would hide silences of "
          + timeoutMs + " ms");
    }
    // Unknown stores raise UNKNOWN_STORE; silence applies to the stores in the metadata.
    batch.spans().forEach((storeId, spans) -> {
      if (stores.find(storeId).isPresent()) {
        spans.forEach((from, to) -> open.addSpan(storeId, from, to));
      }
    });
    List<Situation> found = new ArrayList<>();
    if (clockMs == ArrivalClassifier.NONE) {
      return found;
    }
    open.spans().entrySet().removeIf(store -> {
      TreeMap<Long, Long> spans = store.getValue();
      while (!spans.isEmpty() && clockMs - spans.firstEntry().getValue() > timeoutMs) {
        long lastSeen = spans.pollFirstEntry().getValue();
        Map.Entry<Long, Long> next = spans.firstEntry();
        found.add(silence(store.getKey(), lastSeen, (next == null ? clockMs : next.getKey()) - lastSeen));
      }
      return spans.isEmpty();
    });
    return found;
  }

  private Situation silence(String storeId, long lastSeen, long silentForMs) {
    String name = stores.find(storeId).map(Store::name).orElse(storeId);
    Situation situation = Situation.of("STORE_SILENT", "ERROR", storeId + "@" + lastSeen)
        .at(lastSeen + timeoutMs)
        .summary(storeId + " (" + name + ") has sent nothing for " + Durations.human(Duration.ofMillis(silentForMs))
            + " since " + Instant.ofEpochMilli(lastSeen) + " (event time)")
        .detail("last_seen", Instant.ofEpochMilli(lastSeen))
        .detail("silent_for_s", silentForMs / 1000)
        .detail("timeout_s", timeoutMs / 1000);
    situation.setStoreId(storeId);
    return situation;
  }

  /** The state to keep between batches: each store's open spans as {@code [from, to]} pairs. */
  public Map<String, Object> snapshot() {
    Map<String, List<List<Long>>> perStore = new TreeMap<>();
    open.spans().forEach((store, spans) -> {
      List<List<Long>> pairs = new ArrayList<>();
      spans.forEach((from, to) -> pairs.add(List.of(from, to)));
      perStore.put(store, pairs);
    });
    return Map.of("stores", perStore);
  }

  /** Restores what {@link #snapshot()} returned (after a restart, or to re-run a batch). */
  @SuppressWarnings("unchecked")
  public void restore(Map<String, Object> snapshot) {
    open.spans().clear();
    Map<String, List<List<Number>>> perStore =
        (Map<String, List<List<Number>>>) snapshot.getOrDefault("stores", Map.of());
    perStore.forEach((store, pairs) ->
        pairs.forEach(pair -> open.addSpan(store, pair.get(0).longValue(), pair.get(1).longValue())));
  }
}
