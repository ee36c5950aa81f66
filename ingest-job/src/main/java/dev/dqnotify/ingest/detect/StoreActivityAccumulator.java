package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import org.apache.spark.util.AccumulatorV2;

/**
 * Collects the {@link StoreActivity} of a micro-batch's CLEAN records while another pass reads them
 * (the outbox pass), so silence detection needs no Spark job of its own.
 */
public final class StoreActivityAccumulator extends AccumulatorV2<ParsedRecord, StoreActivity> {
  private static final long serialVersionUID = 1L;

  private StoreActivity activity;

  /** Empty; see {@link StoreActivity#StoreActivity(long)} for the tolerance. */
  public StoreActivityAccumulator(long toleranceMs) {
    this.activity = new StoreActivity(toleranceMs);
  }

  @Override
  public boolean isZero() {
    return activity.isEmpty();
  }

  @Override
  public AccumulatorV2<ParsedRecord, StoreActivity> copy() {
    StoreActivityAccumulator copy = new StoreActivityAccumulator(activity.toleranceMs());
    copy.activity = activity.copy();
    return copy;
  }

  @Override
  public void reset() {
    activity = new StoreActivity(activity.toleranceMs());
  }

  /** Records {@code record} if it is CLEAN (on time, first of its id); ignores the others. */
  @Override
  public void add(ParsedRecord record) {
    if (Arrival.CLEAN.name().equals(record.getArrival())) {
      activity.add(record.getStoreId(), record.getSentAtMs());
    }
  }

  @Override
  public void merge(AccumulatorV2<ParsedRecord, StoreActivity> other) {
    activity.addAll(other.value());
  }

  @Override
  public StoreActivity value() {
    return activity;
  }
}
