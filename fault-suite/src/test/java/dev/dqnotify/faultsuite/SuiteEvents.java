package dev.dqnotify.faultsuite;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Valid DqEvents for the forwarder-only scenarios, written straight to the outbox: cheaper than
 * running the job, and the forwarder cannot tell the difference. Ids are UUIDs from the seeded
 * random, as the job's are name-based UUIDs; detected now, so Datadog accepts their date.
 */
final class SuiteEvents {

  private SuiteEvents() {}

  static List<DqEvent> events(Random random, int count) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<DqEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      String store = String.format("store-%04d", random.nextInt(40));
      String sensor = store + "-climate-0" + random.nextInt(4);
      events.add(DqEvent.newBuilder()
          .setEventId(id)
          .setEventType(DqEventType.INSUFFICIENT_DATA_POINTS)
          .setSeverity(Severity.WARNING)
          .setDetectedAt(now)
          .setEventTime(now.minusSeconds(60))
          .setJob("sensor-ingest")
          .setTeam("climate")
          .setEnv("local")
          .setStoreId(store)
          .setSensorId(sensor)
          .setMessageId("m-" + i)
          .setSummary(store + " " + sensor + " sent 4 data points, expected at least 10")
          .setDetails(Map.of("expected_min", "10", "actual", "4"))
          .build());
    }
    return events;
  }

  static List<String> ids(List<DqEvent> events) {
    return events.stream().map(DqEvent::getEventId).toList();
  }
}
