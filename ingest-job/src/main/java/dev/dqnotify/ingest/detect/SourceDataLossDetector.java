package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.source.LostRange;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SOURCE_DATA_LOST: raw records Kafka deleted (retention, {@code deleteRecords}) before the job
 * read them. One situation per partition and lost range, never per record; its identity is the
 * partition and the first lost offset, which the query's offset log fixes, so a re-run of the batch
 * finds the same id. Each range is also logged at ERROR and counted
 * ({@link #offsetsLostTotal()}, shown in the batch's log line).
 */
public final class SourceDataLossDetector implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(SourceDataLossDetector.class);

  /** The event type, as in the DqEvent schema. */
  public static final String EVENT_TYPE = "SOURCE_DATA_LOST";

  private long offsetsLostTotal;

  /** The situations of {@code ranges}, each logged and counted. */
  public List<Situation> describe(List<LostRange> ranges) {
    List<Situation> found = new ArrayList<>(ranges.size());
    for (LostRange range : ranges) {
      offsetsLostTotal += range.count();
      Situation situation = Situation.of(EVENT_TYPE, "ERROR",
              range.topic() + "/" + range.partition() + "@" + range.firstOffset())
          .summary(range.topic() + " partition " + range.partition() + ": " + range.count() + " records (offsets "
              + range.firstOffset() + ".." + range.lastOffset() + ") were deleted by Kafka before the job read them")
          .detail("topic", range.topic())
          .detail("partition", range.partition())
          .detail("first_lost_offset", range.firstOffset())
          .detail("last_lost_offset", range.lastOffset())
          .detail("lost_offsets", range.count());
      situation.setTopic(range.topic());
      situation.setPartition(range.partition());
      situation.setOffset(range.firstOffset());
      log.error("Data lost to retention: {} partition {} offsets {}..{} ({} records) were deleted by Kafka before the "
          + "job read them and are skipped; DqEvent {} {}. {} offsets lost since the job started. Keep the topic's "
          + "retention longer than the job may be down or behind (docs/runbook.md).", range.topic(), range.partition(),
          range.firstOffset(), range.lastOffset(), range.count(), EVENT_TYPE, situation.eventId(), offsetsLostTotal);
      found.add(situation);
    }
    return found;
  }

  /** Offsets reported lost since the job started (this driver's lifetime). */
  public long offsetsLostTotal() {
    return offsetsLostTotal;
  }
}
