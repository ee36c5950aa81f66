package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.util.Comparator;
import java.util.List;

/**
 * Decides, per source partition and in offset order, whether each record is CLEAN, LATE, a
 * DUPLICATE or MALFORMED — the stateful half of LATE_DATA and DUPLICATE_MESSAGE. Runs on the driver
 * ({@link BatchDetection}) over each batch's valid records, against the {@link PartitionState}s of
 * the {@link ArrivalLog}.
 *
 * <p>The watermark is the highest {@code sent_at} seen earlier <em>in the same partition</em>
 * minus the allowed lateness. Because a partition's order is fixed by its offsets, the decision
 * does not depend on how the stream was cut into micro-batches: a re-run, a restart from the
 * checkpoint or a replay with a fresh checkpoint classifies every record the same way, and the
 * event ids stay the same. (Spark's own watermark is global and advances between batches, so it
 * would classify a replay differently.) Sensors key their messages by sensor id, so a re-sent
 * message lands in the partition of its first copy, where the duplicate check finds it.
 */
public final class ArrivalClassifier {
  private final long allowedLatenessMs;
  private final long duplicateHorizonMs;

  /** Classifies with the lateness and dedup horizon of {@code rules}. */
  public ArrivalClassifier(DetectionRules rules) {
    this.allowedLatenessMs = rules.allowedLateness().toMillis();
    this.duplicateHorizonMs = rules.duplicateHorizon().toMillis();
  }

  /**
   * The classification before (or without, {@code detect.enabled=false}) the stateful rules: valid
   * records are CLEAN, the others MALFORMED. Every record enters the batch like this; with the
   * detectors on, {@link BatchDetection} then finds the late ones and the duplicates.
   */
  public static ParsedRecord withoutState(ParsedRecord record) {
    record.setArrival(record.valid() ? Arrival.CLEAN.name() : Arrival.MALFORMED.name());
    return record;
  }

  /** Classifies {@code records} of one partition (any order; they are sorted by offset here). */
  void classify(List<ParsedRecord> records, PartitionState state) {
    records.sort(Comparator.comparingLong(ParsedRecord::getOffset));
    for (ParsedRecord record : records) {
      classify(record, state);
    }
    if (state.highWaterMs() != PartitionState.NONE) {
      state.forgetBefore(state.highWaterMs() - duplicateHorizonMs);
    }
  }

  private void classify(ParsedRecord record, PartitionState state) {
    if (!record.valid()) {
      record.setArrival(Arrival.MALFORMED.name());
      return;
    }
    long sentAt = record.getSentAtMs();
    if (state.highWaterMs() != PartitionState.NONE) {
      long watermark = state.highWaterMs() - allowedLatenessMs;
      record.setWatermarkMs(watermark);
      // Exactly at the watermark is still on time: only strictly older records are late.
      if (sentAt < watermark) {
        record.setArrival(Arrival.LATE.name());
        return;
      }
    }
    int copy = state.recordCopy(record.getMessageId(), sentAt);
    state.advanceHighWater(sentAt);
    if (copy > 1) {
      record.setArrival(Arrival.DUPLICATE.name());
      record.setCopyNumber(copy);
    } else {
      record.setArrival(Arrival.CLEAN.name());
    }
  }
}
