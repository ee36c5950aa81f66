package dev.dqnotify.localrun.report;

import dev.dqnotify.forwarder.render.Tags;
import dev.dqnotify.localrun.faults.DatadogOutage;
import dev.dqnotify.localrun.observe.ForwarderTelemetry;
import dev.dqnotify.localrun.observe.OutboxWatcher;
import dev.dqnotify.localrun.observe.Snapshot;
import dev.dqnotify.localrun.observe.TeamsChannels;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.sensors.EventType;
import dev.dqnotify.localstack.sensors.ExpectedEvent;
import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A finished run built by hand: injected situations, the outbox, what Datadog accepted. */
final class RunFixture {

  static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");

  private final List<ExpectedEvent> injected = new ArrayList<>();
  private final Map<String, OutboxWatcher.Written> outbox = new LinkedHashMap<>();
  private final Set<String> deadLettered = new LinkedHashSet<>();
  private final List<ReceivedEvent> accepted = new ArrayList<>();
  private final List<DatadogOutage.Step> outage = new ArrayList<>();
  private final List<Snapshot> snapshots = new ArrayList<>();
  private boolean simulator = true;
  private TeamsChannels.Summary teams;
  private long nextDatadogId = 1;

  /** Injects a situation of {@code type} about {@code identity}; returns its event id. */
  String inject(EventType type, String identity) {
    ExpectedEvent event = new ExpectedEvent(type, identity, "m-" + identity, "store-0001", "s-0001-x-01", null, null,
        null, null);
    injected.add(event);
    return event.eventId();
  }

  /** The job writes a DqEvent with {@code id}, {@code atSecond} seconds after the sensors started. */
  DqEvent write(EventType type, String id, double atSecond) {
    DqEvent event = DqEvent.newBuilder()
        .setEventId(id)
        .setEventType(DqEventType.valueOf(type.name()))
        .setSeverity(Severity.WARNING)
        .setDetectedAt(T0.plusMillis((long) (atSecond * 1000)))
        .setEventTime(T0.plusMillis((long) (atSecond * 1000)))
        .setJob("sensor-ingest")
        .setTeam("team-stores-north")
        .setEnv("local")
        .setStoreId("store-0001")
        .setSensorId("s-0001-x-01")
        .setSummary("store-0001 s-0001-x-01 situation " + type + " about " + id)
        .setDetails(Map.of())
        .build();
    outbox.merge(id, new OutboxWatcher.Written(event, T0.plusMillis((long) (atSecond * 1000)), 1),
        (first, again) -> new OutboxWatcher.Written(first.event(), first.writtenAt(), first.copies() + 1));
    return event;
  }

  /** Datadog accepts a per-event notification of {@code id}, as the forwarder renders it. */
  ReceivedEvent deliver(String id, EventType type, double atSecond) {
    return accept("[WARNING] situation " + type, "%%% \n| Event id | " + id + " |\n %%%",
        List.of("source:dqnotify", Tags.notificationIdTag(id), "event_type:" + type.name().toLowerCase(Locale.ROOT)),
        atSecond);
  }

  ReceivedEvent accept(String title, String text, List<String> tags, double atSecond) {
    ReceivedEvent event = new ReceivedEvent(nextDatadogId++, title, text, tags, "warning", "normal", null,
        T0, null, null, T0.plusMillis((long) (atSecond * 1000)), "{}");
    accepted.add(event);
    return event;
  }

  void deadLetter(String id) {
    deadLettered.add(id);
  }

  void outage(double atSecond, String kind) {
    outage.add(new DatadogOutage.Step(Duration.ofMillis((long) (atSecond * 1000)), kind, kind + " step"));
  }

  void snapshot(double atSecond, long sent, long processed, long outboxEvents, long delivered, long retried) {
    snapshots.add(new Snapshot(Duration.ofMillis((long) (atSecond * 1000)), Duration.ofSeconds(60), "sending", sent,
        20, Map.of(), Map.of(), outboxEvents, java.util.OptionalLong.of(processed), java.util.OptionalLong.of(1),
        java.util.OptionalLong.of(delivered), delivered, retried, 0, "healthy", Map.of()));
  }

  void realDatadog() {
    simulator = false;
  }

  /** What the route monitors sent; by default one notification per accepted event, to one channel. */
  void teams(TeamsChannels.Summary summary) {
    teams = summary;
  }

  RunRecord record() {
    GroundTruth truth = GroundTruth.fromJson(truthJson());
    return new RunRecord("20300101-120000", T0, T0.plusSeconds(90), Duration.ofSeconds(60), 20, 7,
        "late=1", Map.of("detect.late.allowed-lateness", "15s"),
        new RunRecord.DatadogTarget(simulator, simulator ? "http://127.0.0.1:1" : "datadoghq.com"), "per-event",
        truth, new OutboxWatcher.State(outbox, 0, deadLettered.size(), deadLettered), simulator ? accepted : List.of(),
        simulator ? Map.of(202, accepted.size()) : Map.of(),
        new ForwarderTelemetry.Counters(true, accepted.size(), 3, deadLettered.size(), 0, 0), outage, snapshots,
        List.of(new RunRecord.ProcessInfo("kafka", 12345)), Map.of("local-run", Path.of("logs/local-run.log")),
        true, simulator ? Optional.of(teams != null ? teams : new TeamsChannels.Summary(
            Path.of("monitors/monitors.yaml"), Map.of("@teams-stores-north-dq", accepted.size()), accepted.size(), 0,
            List.of())) : Optional.empty());
  }

  RunReport report() {
    return RunReport.of(record());
  }

  private String truthJson() {
    StringBuilder events = new StringBuilder();
    for (ExpectedEvent e : injected) {
      events.append(events.length() == 0 ? "" : ",").append("{\"event_type\":\"").append(e.type().name())
          .append("\",\"identity\":\"").append(e.identity()).append("\",\"message_id\":\"").append(e.messageId())
          .append("\",\"store_id\":\"store-0001\"}");
    }
    return "{\"format\":\"" + GroundTruth.FORMAT + "\",\"messages_by_arrival\":{\"CLEAN\":100},\"curated_rows\":1000,"
        + "\"events\":[" + events + "]}";
  }
}
