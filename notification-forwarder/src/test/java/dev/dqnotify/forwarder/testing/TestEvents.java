package dev.dqnotify.forwarder.testing;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEvents;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link DqEvent}s for the forwarder's tests, as the ingest job writes them, built on the schemas
 * module's samples ({@link DqEvents}, from its test-jar).
 */
public final class TestEvents {

  /** The time {@link #sample()} was detected; unit tests set their clocks relative to it. */
  public static final Instant DETECTED_AT = Instant.parse("2025-03-01T12:00:05.123Z");

  private TestEvents() {}

  /** An event with every field set, optional ones included (the schemas module's sample). */
  public static DqEvent sample() {
    return DqEvents.sample();
  }

  /** An event with only the required fields; every optional one is null. */
  public static DqEvent minimal() {
    return DqEvents.minimal();
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

  /** The ids of {@code events}, in order. */
  public static List<String> ids(List<DqEvent> events) {
    return events.stream().map(DqEvent::getEventId).toList();
  }
}
