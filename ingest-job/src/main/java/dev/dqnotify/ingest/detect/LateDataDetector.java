package dev.dqnotify.ingest.detect;

import dev.dqnotify.config.Durations;
import dev.dqnotify.ingest.parse.ParsedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * LATE_DATA: a message whose {@code sent_at} was older than the watermark when it arrived — the
 * record a watermarked Spark query would drop without a word. {@link ArrivalClassifier} decides;
 * this detector describes. Details: {@code lateness_ms} (behind the watermark, i.e. beyond the
 * allowance), {@code behind_newest_ms} (behind the partition's newest event time), {@code watermark},
 * {@code allowed_lateness_ms}.
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
    // The watermark is the partition's newest event time minus the allowed lateness. Say how far
    // behind that newest time the message was, next to the allowance: "6m behind the watermark
    // (allowed lateness 10m)" read as if 6m were within the 10m. Short, as the summary is the start
    // of a Datadog title (100 characters): the sending time comes last.
    long allowedMs = allowedLateness.toMillis();
    long behindNewestMs = latenessMs + allowedMs;
    String allowed = Durations.human(allowedLateness);
    String behind = Durations.human(Duration.ofMillis(behindNewestMs));
    if (behind.equals(allowed)) {
      behind = allowed + " and " + Durations.human(Duration.ofMillis(latenessMs)); // not "10m behind (10m allowed)"
    }
    return List.of(
        Situation.of("LATE_DATA", "WARNING", record.getMessageId())
            .about(record)
            .at(record.getSentAtMs())
            .summary(record.getStoreId() + " " + record.getSensorId() + " arrived " + behind
                + " behind the newest event time (" + allowed + " allowed); sent at "
                + Instant.ofEpochMilli(record.getSentAtMs()))
            .detail("lateness_ms", latenessMs)
            .detail("behind_newest_ms", behindNewestMs)
            .detail("watermark", Instant.ofEpochMilli(record.getWatermarkMs()))
            .detail("allowed_lateness_ms", allowedLateness.toMillis())
            .detail("device_type", record.getDeviceType()));
  }
}
