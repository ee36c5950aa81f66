package dev.dqnotify.forwarder.testing;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SourcePosition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DqEvent}s for the forwarder's tests, as the ingest job writes them. The schemas module's
 * samples are not published as a test-jar, so {@link #sample()} and {@link #minimal()} mirror them.
 */
public final class TestEvents {

  /** The time {@link #sample()} was detected; unit tests set their clocks relative to it. */
  public static final Instant DETECTED_AT = Instant.parse("2025-03-01T12:00:05.123Z");

  private TestEvents() {}

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
        .setDetectedAt(DETECTED_AT)
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

  /** {@link #sample()} with another event id, store and sensor. */
  public static DqEvent sample(String eventId, String storeId, String sensorId) {
    return DqEvent.newBuilder(sample())
        .setEventId(eventId)
        .setStoreId(storeId)
        .setSensorId(sensorId)
        .build();
  }

  /**
   * {@link #sample()} as event {@code eventId} of store {@code storeId}, detected just now, so
   * Datadog (and its simulator) accept its date; the summary names the id.
   */
  public static DqEvent event(String eventId, String storeId) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return DqEvent.newBuilder(sample(eventId, storeId, storeId + "-climate-03"))
        .setDetectedAt(now)
        .setEventTime(now.minusSeconds(60))
        .setSummary(storeId + " " + storeId + "-climate-03 sent 4 data points, expected at least 10 (" + eventId + ")")
        .build();
  }

  /** {@code count} events with ids {@code prefix-0 … prefix-(count-1)}, spread over {@code stores} stores. */
  public static List<DqEvent> events(String prefix, int count, int stores) {
    List<DqEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(event(prefix + "-" + i, String.format("store-%04d", i % stores)));
    }
    return events;
  }
}
