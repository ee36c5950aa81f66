package dev.dqnotify.ingest.source;

import java.io.Serializable;

/**
 * Offsets {@code firstOffset..lastOffset} (inclusive) of one partition of the source topic that the
 * job was to read and Kafka had deleted first (retention, compaction of the log start,
 * {@code deleteRecords}). Spark's Kafka source skips them ({@code failOnDataLoss=false}).
 */
public record LostRange(String topic, int partition, long firstOffset, long lastOffset) implements Serializable {

  public LostRange {
    if (firstOffset < 0 || lastOffset < firstOffset) {
      throw new IllegalArgumentException("not a range of offsets: " + firstOffset + ".." + lastOffset);
    }
  }

  /** How many offsets were lost (records, plus any transaction markers among them). */
  public long count() {
    return lastOffset - firstOffset + 1;
  }
}
