package dev.dqnotify.ingest.detect;

import dev.dqnotify.config.Durations;
import dev.dqnotify.ingest.parse.ParsedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * LATE_DATA: a message whose {@code sent_at} was older than the watermark when it arrived — the
 * record a watermarked Spark query would drop without a word. {@link ArrivalClassifier} decides;
 * this detector describes.
 */
final class LateDataDetector implements RecordDetector {
  private static final long serialVersionUID = 1L;

  private final Duration allowedLateness;

  LateDataDetector(DetectionRules rules) {
    this.allowedLateness = rules.allowedLateness();
  }

  @Override
  public List<Situation> detect(ParsedRecord record) {
    if (!Arrival.LATE.name().equals(record.getArrival())) {
      return List.of();
    }
    long latenessMs = record.getWatermarkMs() - record.getSentAtMs();
    return List.of(
        Situation.of("LATE_DATA", "WARNING", record.getMessageId())
            .about(record)
            .at(record.getSentAtMs())
            .summary(record.getStoreId() + " " + record.getSensorId() + " message sent at "
                + Instant.ofEpochMilli(record.getSentAtMs()) + " arrived " + Durations.human(Duration.ofMillis(latenessMs))
                + " behind the watermark (allowed lateness " + Durations.human(allowedLateness) + ")")
            .detail("lateness_ms", latenessMs)
            .detail("watermark", Instant.ofEpochMilli(record.getWatermarkMs()))
            .detail("allowed_lateness_ms", allowedLateness.toMillis())
            .detail("device_type", record.getDeviceType()));
  }
}
