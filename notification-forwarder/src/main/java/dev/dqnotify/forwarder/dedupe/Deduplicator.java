package dev.dqnotify.forwarder.dedupe;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Remembers which {@code event_id}s were seen within the horizon, per partition, so a repeated
 * event (a re-run micro-batch, a job restart, a backfill) is not notified twice.
 *
 * <p>Per partition, because the outbox is keyed by {@code store_id}: a repeated event lands on the
 * partition of its first copy, so the state of a partition can move to another instance with it
 * and be rebuilt there from that partition alone ({@link SeenIdsReader}).
 *
 * <p>Bounded: an id is forgotten once its record timestamp is older than the horizon, and when
 * more than {@code maxEntries} ids are remembered the oldest go first (counted as evictions: a
 * duplicate of an evicted id would be notified again, so a non-zero count means the cap is too small
 * for the horizon). Kafka record timestamps are used, not the time of reading, so a rebuilt state is
 * the state the previous owner had.
 *
 * <p>Not thread-safe: the consumer thread alone uses it.
 */
public final class Deduplicator {

  /** An id and the timestamp of the record that carried it. */
  public record Seen(String eventId, Instant timestamp) {}

  private final Duration horizon;
  private final int maxEntries;
  private final Clock clock;
  private final DedupeTelemetry telemetry;
  private final Map<TopicPartition, IdWindow> byPartition = new HashMap<>();
  private int size;

  /**
   * @param horizon how long an id is remembered
   * @param maxEntries most ids remembered over all partitions
   */
  public Deduplicator(Duration horizon, int maxEntries, Clock clock, MeterRegistry registry) {
    if (horizon.isNegative() || horizon.isZero() || maxEntries < 1) {
      throw new IllegalArgumentException("horizon and maxEntries must be positive");
    }
    this.horizon = horizon;
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.telemetry = new DedupeTelemetry(registry, this);
  }

  /** The oldest record time that still counts: now minus the horizon. */
  public Instant horizonStart() {
    return clock.instant().minus(horizon);
  }

  /**
   * Whether {@code eventId} is new on {@code partition} within the horizon; if so it is remembered
   * from now on. A repeat keeps the first sighting's time, so a steady stream of copies cannot
   * keep an id alive beyond the horizon.
   */
  public boolean firstSeen(TopicPartition partition, String eventId, Instant timestamp) {
    IdWindow seen = byPartition.computeIfAbsent(partition, p -> new IdWindow());
    expire(seen, horizonStart().toEpochMilli());
    return remember(seen, eventId, timestamp);
  }

  /**
   * Adds ids read back from the partition (oldest first), e.g. after the partition was assigned.
   * Takes them out of {@code ids} as it goes, so the read-back copy (about twice the size of the
   * state) is freed while the state fills instead of both being held at once.
   */
  public void restore(TopicPartition partition, Deque<Seen> ids) {
    IdWindow seen = byPartition.computeIfAbsent(partition, p -> new IdWindow());
    Instant start = horizonStart();
    for (Seen id = ids.pollFirst(); id != null; id = ids.pollFirst()) {
      if (!id.timestamp().isBefore(start)) {
        remember(seen, id.eventId(), id.timestamp());
      }
    }
  }

  /** Forgets the partitions' ids (they moved to another owner, who rebuilds them). */
  public void forget(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      IdWindow seen = byPartition.remove(partition);
      if (seen != null) {
        size -= seen.size();
      }
    }
  }

  /** Forgets ids older than the horizon in every partition. */
  public void expire() {
    long start = horizonStart().toEpochMilli();
    byPartition.values().forEach(seen -> expire(seen, start));
  }

  /** How many ids are remembered. */
  public int size() {
    return size;
  }

  private boolean remember(IdWindow seen, String eventId, Instant timestamp) {
    if (!seen.add(eventId, timestamp.toEpochMilli())) {
      return false;
    }
    size++;
    while (size > maxEntries) {
      evictOldest();
    }
    return true;
  }

  /**
   * Ids are kept in arrival order, which is record-timestamp order up to producer skew, so the
   * head of each partition's window is its oldest id.
   */
  private void expire(IdWindow seen, long startMs) {
    while (seen.size() > 0 && seen.oldestTime() < startMs) {
      seen.removeOldest();
      size--;
    }
  }

  private void evictOldest() {
    IdWindow oldest = null;
    long oldestTime = Long.MAX_VALUE;
    for (IdWindow seen : byPartition.values()) {
      if (seen.size() > 0 && seen.oldestTime() < oldestTime) {
        oldestTime = seen.oldestTime();
        oldest = seen;
      }
    }
    if (oldest == null) {
      return;
    }
    oldest.removeOldest();
    size--;
    telemetry.evicted(maxEntries, Instant.ofEpochMilli(oldestTime));
  }
}
