package dev.dqnotify.ingest.detect;

import java.util.Map;

/**
 * The event-time line below which no on-time message can arrive any more, drawn from the source
 * partitions' high water marks: the slowest partition's mark minus the allowed lateness. Every
 * on-time record of a partition is at least its mark minus the lateness, so whatever the job
 * decides below the line — a store silent since a time before it, a message id whose horizon ended
 * before it — no later record can contradict, however the stream is cut into batches.
 *
 * <p>A partition that stalls (its mark more than {@code stalledAfter} behind the newest partition's)
 * does not hold the line back: otherwise one quiet partition — for instance the one a silent
 * store's only sensor writes to — would stop silence detection and keep every id forever. Records
 * that such a partition delivers later are still classified exactly (lateness is judged per
 * partition); only what the line already settled is not revisited (docs/ingest-job.md,
 * "Determinism"). The line never moves back.
 */
public final class EventClock {
  private EventClock() {}

  /**
   * The line after {@code previousMs} given the partitions' marks; {@link ArrivalClassifier#NONE}
   * while no partition has a mark.
   */
  public static long advance(long previousMs, Map<String, Long> highWater, long stalledAfterMs, long allowedLatenessMs) {
    long newest = ArrivalClassifier.NONE;
    for (long mark : highWater.values()) {
      newest = Math.max(newest, mark);
    }
    if (newest == ArrivalClassifier.NONE) {
      return previousMs;
    }
    long slowest = newest;
    for (long mark : highWater.values()) {
      if (mark >= newest - stalledAfterMs) {
        slowest = Math.min(slowest, mark);
      }
    }
    return Math.max(previousMs, slowest - allowedLatenessMs);
  }
}
