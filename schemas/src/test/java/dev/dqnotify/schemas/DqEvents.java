package dev.dqnotify.schemas;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sample {@link DqEvent}s for tests. */
public final class DqEvents {

  private DqEvents() {}

  /** An event with every field set, optional ones included. */
  public static DqEvent sample() {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("expected_min", "10");
    details.put("actual", "4");
    details.put("raw_excerpt", "{\"store\":\"store-0042\",\"temp\":21.5}");
    return DqEvent.newBuilder()
        .setEventId("ev-0f1e2d3c4b5a")
        .setEventType(DqEventType.INSUFFICIENT_DATA_POINTS)
        .setSeverity(Severity.WARNING)
        .setDetectedAt(Instant.parse("2025-03-01T12:00:05.123Z"))
        .setEventTime(Instant.parse("2025-03-01T11:59:00Z"))
        .setJob("sensor-ingest")
        .setTeam("climate")
        .setEnv("dev")
        .setStoreId("store-0042")
        .setSensorId("s-0042-climate-03")
        .setMessageId("m-7781")
        .setSource(
            SourcePosition.newBuilder()
                .setTopic("sensor-raw")
                .setPartition(3)
                .setOffset(123_456_789_012L)
                .build())
        .setSummary("store-0042 s-0042-climate-03 sent 4 data points, expected at least 10")
        .setDetails(details)
        .build();
  }

  /** An event with only the required fields; every optional one is null. */
  public static DqEvent minimal() {
    return DqEvent.newBuilder()
        .setEventId("ev-minimal")
        .setEventType(DqEventType.MALFORMED_RECORD)
        .setSeverity(Severity.ERROR)
        .setDetectedAt(Instant.parse("2025-03-01T12:00:00Z"))
        .setJob("sensor-ingest")
        .setTeam("platform")
        .setEnv("dev")
        .setSummary("a record could not be parsed")
        .setDetails(Map.of())
        .build();
  }
}
