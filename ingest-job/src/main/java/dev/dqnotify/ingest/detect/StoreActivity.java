package dev.dqnotify.ingest.detect;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each store's on-time messages of one micro-batch, in event time, reduced to what
 * {@link StoreSilenceDetector} needs: the spans in which the store kept sending. Times less than
 * the tolerance apart belong to one span; spans are more than the tolerance apart.
 *
 * <p>With a tolerance no longer than the silence timeout this is exact: a silence is a gap of more
 * than the timeout between consecutive messages, which can only fall between two spans, and the
 * detector sees every such gap with its length. The spans stay small (usually one per store and
 * batch) however many messages a batch holds. Adding the same time twice, or merging the same part
 * twice, changes nothing.
 */
public final class StoreActivity implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long toleranceMs;
  private final TreeMap<String, TreeMap<Long, Long>> spans = new TreeMap<>(); // store -> (from -> to)

  /** Empty; times at most {@code toleranceMs} apart share a span. */
  public StoreActivity(long toleranceMs) {
    this.toleranceMs = toleranceMs;
  }

  /** Empty, with the tolerance silence detection needs under {@code rules}: the silence timeout. */
  public static StoreActivity of(DetectionRules rules) {
    return new StoreActivity(rules.silenceTimeout().toMillis());
  }

  /** The activity of the given on-time event times per store. */
  public static StoreActivity of(long toleranceMs, Map<String, long[]> eventTimesByStore) {
    StoreActivity activity = new StoreActivity(toleranceMs);
    eventTimesByStore.forEach((store, times) -> {
      activity.spans.computeIfAbsent(store, s -> new TreeMap<>());
      for (long time : times) {
        activity.add(store, time);
      }
    });
    return activity;
  }

  public long toleranceMs() {
    return toleranceMs;
  }

  /** Records a message of {@code storeId} sent at {@code eventTimeMs}. */
  public void add(String storeId, long eventTimeMs) {
    insert(spans.computeIfAbsent(storeId, s -> new TreeMap<>()), eventTimeMs, eventTimeMs);
  }

  /** Records that {@code storeId} kept sending from {@code fromMs} to {@code toMs}. */
  void addSpan(String storeId, long fromMs, long toMs) {
    insert(spans.computeIfAbsent(storeId, s -> new TreeMap<>()), fromMs, toMs);
  }

  /** Adds every span of {@code other}, as if its times had been added here. */
  public void merge(StoreActivity other) {
    other.spans.forEach((store, ranges) -> {
      TreeMap<Long, Long> mine = spans.computeIfAbsent(store, s -> new TreeMap<>());
      ranges.forEach((from, to) -> insert(mine, from, to));
    });
  }

  /** Per store (ascending), its spans as {from, to} pairs in ascending order. */
  public Map<String, TreeMap<Long, Long>> spans() {
    return spans;
  }

  /** Adds [from, to] and joins it with every span less than the tolerance away. */
  private void insert(TreeMap<Long, Long> ranges, long from, long to) {
    Map.Entry<Long, Long> before = ranges.floorEntry(from);
    if (before != null && from - before.getValue() <= toleranceMs) {
      from = before.getKey();
      to = Math.max(to, before.getValue());
      ranges.remove(before.getKey());
    }
    for (Map.Entry<Long, Long> after = ranges.ceilingEntry(from);
        after != null && after.getKey() - to <= toleranceMs;
        after = ranges.ceilingEntry(from)) {
      to = Math.max(to, after.getValue());
      ranges.remove(after.getKey());
    }
    ranges.put(from, to);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoreActivity that && toleranceMs == that.toleranceMs && spans.equals(that.spans);
  }

  @Override
  public int hashCode() {
    return spans.hashCode();
  }

  @Override
  public String toString() {
    return "StoreActivity" + spans;
  }
}
