package dev.dqnotify.forwarder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dqnotify.forwarder.dlq.DeadLetterCommand;
import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.forwarder.monitors.MonitorsCommand;
import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.forwarder.render.DatadogEventRenderer;
import dev.dqnotify.forwarder.render.RenderSettings;
import dev.dqnotify.forwarder.replay.ReplayCommand;
import dev.dqnotify.forwarder.testing.CommandRun;
import dev.dqnotify.forwarder.testing.ForwarderHarness;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import static dev.dqnotify.forwarder.testing.ForwarderHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The last hop, end to end: DqEvents written to the outbox as the ingest job writes them, the real
 * forwarder with the official Datadog client, route monitors applied by {@code monitors apply} from a
 * routes file, and the simulator evaluating them as Datadog documents event monitors. Each test
 * checks that the route monitor of each notification's team sent one Teams notification for it, to
 * that team's handle, and no other.
 *
 * <p>The simulator runs on its own clock, moved by the tests, so a 10-minute outage takes no 10
 * minutes; event times are shifted by the ingest job's default thresholds (10 minutes lateness, 15
 * minutes silence) instead of waiting for them.
 */
@ExtendWith(LocalStackExtension.class)
class TeamsNotificationsIT {

  /** The ingest job's default {@code detect.lateness-threshold}. */
  private static final Duration JOB_LATENESS = Duration.ofMinutes(10);

  /** The ingest job's default {@code detect.silence-threshold}. */
  private static final Duration JOB_SILENCE = Duration.ofMinutes(15);

  private static final String ROUTES =
      """
      routes:
        - {name: north, match: {team: team-stores-north}, notify: ["@teams-stores-north-dq"]}
        - {name: south, match: {team: team-stores-south}, notify: ["@teams-stores-south-dq"]}
        - {name: east, match: {team: team-stores-east}, notify: ["@teams-stores-east-dq"]}
        - {name: platform, match: {team: data-platform}, notify: ["@teams-data-platform-dq"]}
      """;

  private static final Map<String, String> HANDLE_BY_TEAM =
      Map.of(
          "team-stores-north", "@teams-stores-north-dq",
          "team-stores-south", "@teams-stores-south-dq",
          "team-stores-east", "@teams-stores-east-dq",
          "data-platform", "@teams-data-platform-dq");

  /**
   * One situation of each type as the ingest job reports it: its severity, the owning team of its
   * store (an unknown store falls to the job's default team) and how old its event time is when it
   * is detected.
   */
  private record Situation(
      DqEventType type, Severity severity, String team, String store, Duration age) {}

  private static final List<Situation> SEVEN_SITUATIONS =
      List.of(
          new Situation(DqEventType.MALFORMED_RECORD, Severity.ERROR, "team-stores-south", "store-0002",
              Duration.ofSeconds(2)),
          new Situation(DqEventType.INSUFFICIENT_DATA_POINTS, Severity.WARNING, "team-stores-east",
              "store-0003", Duration.ofMinutes(1)),
          new Situation(DqEventType.LATE_DATA, Severity.WARNING, "team-stores-north", "store-0001",
              JOB_LATENESS.plusMinutes(1)),
          new Situation(DqEventType.DUPLICATE_MESSAGE, Severity.INFO, "team-stores-south", "store-0002",
              Duration.ofSeconds(2)),
          new Situation(DqEventType.OUT_OF_RANGE, Severity.WARNING, "team-stores-east", "store-0003",
              Duration.ofSeconds(2)),
          new Situation(DqEventType.UNKNOWN_STORE, Severity.ERROR, "data-platform", "store-9999",
              Duration.ofSeconds(2)),
          new Situation(DqEventType.STORE_SILENT, Severity.ERROR, "team-stores-north", "store-0001",
              JOB_SILENCE));

  private static MutableClock datadogClock;
  private static DatadogSimulator datadog;

  private final ForwarderHarness harness;

  @TempDir Path dir;

  TeamsNotificationsIT(KafkaBroker kafka, SchemaRegistryServer registry) {
    this.harness = new ForwarderHarness(kafka, registry, datadog, 3);
  }

  @BeforeAll
  static void startDatadog() {
    datadogClock = new MutableClock(Instant.now());
    datadog =
        DatadogSimulator.builder().apiKey(LocalStack.SIMULATOR_API_KEY).clock(datadogClock).start();
  }

  @AfterAll
  static void stopDatadog() {
    datadog.close();
  }

  @BeforeEach
  void applyTheRouteMonitors() throws IOException {
    datadog.reset();
    Path routes = Files.writeString(dir.resolve("monitors.yaml"), ROUTES);
    StringWriter out = new StringWriter();
    CommandLine command =
        new CommandLine(
            new MonitorsCommand(
                Map.of("DD_API_KEY", LocalStack.SIMULATOR_API_KEY, "DD_APP_KEY", "e2e-app-key")));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(out, true));

    int exit =
        command.execute("apply", "--file", routes.toString(), "--datadog-url", datadog.baseUrl());

    assertThat(exit).as(out.toString()).isZero();
    assertThat(datadog.monitors()).hasSize(4);
  }

  @AfterEach
  void closeHarness() {
    harness.close();
  }

  @Test
  void everySituationTypeReachesItsTeamsChannelOncePerEventWithTheJobsDefaultThresholds() {
    List<DqEvent> events = situations("per-event", Instant.now());
    harness.start(Map.of("group.mode", "per-event"));

    harness.produce(events);
    harness.awaitDelivered(ids(events));

    Map<String, String> expected = expectedHandles();
    assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(ids(events));
    assertEachNotifiedOnceToItsTeam(expected, evaluateShortlyAfter());
  }

  @Test
  void everySituationTypeReachesItsTeamsChannelOncePerDigest() {
    Instant now = Instant.now();
    List<DqEvent> events = new ArrayList<>(situations("digest-a", now));
    events.addAll(situations("digest-b", now));
    harness.start(Map.of("group.mode", "digest", "group.wait", "1s"));

    harness.produce(events);
    await()
        .atMost(PATIENCE)
        .until(() -> expectedHandles().size() == SEVEN_SITUATIONS.size()
            && datadog.acceptedEvents().stream().allMatch(e -> e.text().contains("2 data-quality events")));

    Map<String, String> expected = expectedHandles();
    for (Situation situation : SEVEN_SITUATIONS) {
      String typeTag = "event_type:" + situation.type().name().toLowerCase(java.util.Locale.ROOT);
      assertThat(datadog.acceptedEvents())
          .as("one digest of both %s events", situation.type())
          .filteredOn(e -> e.tags().contains(typeTag))
          .hasSize(1);
    }
    assertEachNotifiedOnceToItsTeam(expected, evaluateShortlyAfter());
  }

  @Test
  void theBacklogOfATenMinuteDatadogOutageReachesTeamsOnceDatadogAnswersAgain() {
    harness.start(Map.of("group.mode", "per-event"));
    datadog.faults().status(500);
    List<DqEvent> events = situations("outage", Instant.now());

    harness.produce(events);
    await().atMost(PATIENCE).until(() -> datadog.responsesByStatus().getOrDefault(500, 0) >= 3);
    datadogClock.advance(Duration.ofMinutes(10));
    assertThat(anyNotificationAfterEvaluating()).as("nothing arrived during the outage").isFalse();
    datadog.faults().clear();
    harness.awaitDelivered(ids(events));

    assertEachNotifiedOnceToItsTeam(expectedHandles(), evaluateShortlyAfter());
  }

  @Test
  void aForcedReplayOfThreeDayOldEventsReachesTeamsAgainADayLater() {
    Instant from = Instant.now().minus(Duration.ofMinutes(1));
    List<DqEvent> events = situations("replayed", Instant.now().minus(Duration.ofDays(3)));
    Forwarder live = harness.startAndAwaitAssignment(Map.of("group.mode", "per-event"));
    harness.produce(events);
    harness.awaitDelivered(ids(events));
    harness.awaitEverythingCommitted();
    live.close();
    assertEachNotifiedOnceToItsTeam(expectedHandles(), evaluateShortlyAfter());
    datadogClock.advance(Duration.ofDays(1)); // every group recovers; the operator replays the next day
    datadog.evaluateMonitors();
    datadog.clearNotifications();
    datadog.clearRecorded();

    CommandRun replay =
        CommandRun.of(
            new ReplayCommand().using(new MutableClock(Instant.now()), ForwarderHarness.environment()),
            harness.settings(),
            "--from",
            from.toString(),
            "--force");

    assertThat(replay.exitCode()).as(replay.toString()).isZero();
    assertThat(replay.out()).containsPattern("posted +7");
    assertThat(datadog.acceptedEvents()).allSatisfy(e -> assertThat(e.tags()).contains("backfill:true"));
    assertEachNotifiedOnceToItsTeam(expectedHandles(), evaluateShortlyAfter());
  }

  @Test
  void aRedrivenDeadLetterReachesTeams() {
    harness.start(Map.of("group.mode", "per-event"));
    DqEvent late = situations("redriven", Instant.now()).get(2);
    datadog.faults().statusForNext(400, 1);
    harness.produce(List.of(late));
    await().atMost(PATIENCE).until(() -> harness.deadLetters().size() == 1);
    assertThat(anyNotificationAfterEvaluating()).isFalse();
    datadogClock.advance(Duration.ofHours(1)); // the operator redrives an hour later

    CommandRun redrive =
        CommandRun.of(
            new DeadLetterCommand.RedriveCommand()
                .using(new MutableClock(Instant.now()), ForwarderHarness.environment()),
            harness.settings(),
            "--all");

    assertThat(redrive.exitCode()).as(redrive.toString()).isZero();
    harness.awaitDelivered(List.of(late.getEventId()));
    assertEachNotifiedOnceToItsTeam(
        Map.of(late.getEventId(), "@teams-stores-north-dq"), evaluateShortlyAfter());
  }

  /**
   * The check behind the dating decision: the same rendered events posted as the forwarder posted
   * them before, dated at the situation's time, leave LATE_DATA and STORE_SILENT outside the route
   * monitor's {@code last("5m")}, so their teams hear nothing; posted as the forwarder posts them
   * now, they alert.
   */
  @Test
  void datedAtTheSituationsTimeLateDataAndStoreSilentWouldNeverHaveReachedTeams() throws Exception {
    Instant now = datadogClock.instant();
    List<DqEvent> events = situations("old-dating", now);
    DatadogEventRenderer renderer = new DatadogEventRenderer(RenderSettings.defaults());
    for (DqEvent event : events) {
      Instant situationTime = event.getEventTime();
      for (DatadogEvent page : renderer.render(single(event))) {
        postDatedAt(page, situationTime);
      }
    }

    List<dev.dqnotify.localstack.datadog.Notification> sent = evaluateShortlyAfter();

    Map<String, String> expected = expectedHandles();
    List<String> notified = sent.stream().map(TeamsNotificationsIT::notificationIdOf).toList();
    assertThat(notified)
        .as("old dating: the recent situations alert")
        .contains("old-dating-malformed_record", "old-dating-unknown_store");
    assertThat(notified)
        .as("old dating: LATE_DATA (11 min old) and STORE_SILENT (15 min old) stay silent")
        .doesNotContain("old-dating-late_data", "old-dating-store_silent");
    assertThat(expected).containsKeys("old-dating-late_data", "old-dating-store_silent");
  }

  /** One event per situation type, detected at {@code detectedAt}, its event time shifted by its age. */
  private static List<DqEvent> situations(String prefix, Instant detectedAt) {
    Instant detected = detectedAt.truncatedTo(ChronoUnit.MILLIS);
    List<DqEvent> events = new ArrayList<>();
    for (Situation situation : SEVEN_SITUATIONS) {
      String id = prefix + "-" + situation.type().name().toLowerCase(java.util.Locale.ROOT);
      events.add(
          DqEvent.newBuilder(TestEvents.event(id, situation.store()))
              .setEventType(situation.type())
              .setSeverity(situation.severity())
              .setTeam(situation.team())
              .setDetectedAt(detected)
              .setEventTime(detected.minus(situation.age()))
              .setSummary(situation.store() + ": " + situation.type() + " (" + id + ")")
              .build());
    }
    return events;
  }

  private static List<String> ids(List<DqEvent> events) {
    return events.stream().map(DqEvent::getEventId).toList();
  }

  /** The handle each posted notification should reach: its {@code team:} tag's route. */
  private static Map<String, String> expectedHandles() {
    Map<String, String> expected = new LinkedHashMap<>();
    for (ReceivedEvent event : datadog.acceptedEvents()) {
      String team =
          event.tags().stream()
              .filter(t -> t.startsWith("team:"))
              .map(t -> t.substring("team:".length()))
              .findFirst()
              .orElseThrow();
      ForwarderHarness.notificationId(event)
          .ifPresent(id -> expected.put(id, HANDLE_BY_TEAM.get(team)));
    }
    return expected;
  }

  /**
   * Datadog's next evaluation, half a minute later by its clock; answers every notification since
   * the test began (the simulator's own every-minute evaluation may have sent some already).
   */
  private static List<dev.dqnotify.localstack.datadog.Notification> evaluateShortlyAfter() {
    datadogClock.advance(Duration.ofSeconds(30));
    datadog.evaluateMonitors();
    return datadog.notifications();
  }

  /** Evaluates now and answers whether any notification was ever sent in this test. */
  private static boolean anyNotificationAfterEvaluating() {
    datadog.evaluateMonitors();
    return !datadog.notifications().isEmpty();
  }

  private static void assertEachNotifiedOnceToItsTeam(
      Map<String, String> expected, List<dev.dqnotify.localstack.datadog.Notification> sent) {
    List<dev.dqnotify.localstack.datadog.Notification> alerts =
        sent.stream()
            .filter(n -> n.transition() == dev.dqnotify.localstack.datadog.Notification.Transition.ALERT)
            .toList();
    Map<String, List<String>> handlesByNotification =
        alerts.stream()
            .collect(
                Collectors.groupingBy(
                    TeamsNotificationsIT::notificationIdOf,
                    LinkedHashMap::new,
                    Collectors.mapping(
                        dev.dqnotify.localstack.datadog.Notification::handle, Collectors.toList())));
    Map<String, List<String>> wanted = new LinkedHashMap<>();
    expected.forEach((id, handle) -> wanted.put(id, List.of(handle)));
    assertThat(handlesByNotification).as("Teams handle(s) notified, by notification").isEqualTo(wanted);
    for (dev.dqnotify.localstack.datadog.Notification alert : alerts) {
      assertThat(alert.message())
          .as("the Teams message carries the event's own title and text")
          .contains(notificationIdOf(alert))
          .doesNotContain("{{");
    }
  }

  /** The multi-alert group {@code notification_id:<id>} of a notification, as the id. */
  private static String notificationIdOf(dev.dqnotify.localstack.datadog.Notification notification) {
    String group = notification.group();
    return group.substring(group.indexOf(':') + 1);
  }

  private static Notification single(DqEvent event) {
    return new Notification(event.getEventId(), Map.of(), List.of(event), false);
  }

  /** Posts {@code event} with {@code date_happened}, as the forwarder did before issue 12. */
  private static void postDatedAt(DatadogEvent event, Instant dateHappened) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode();
    body.put("title", event.title());
    body.put("text", event.text());
    event.tags().forEach(body.putArray("tags")::add);
    body.put("alert_type", event.alertType());
    body.put("priority", event.priority());
    body.put("aggregation_key", event.aggregationKey());
    body.put("date_happened", dateHappened.getEpochSecond());
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(datadog.baseUrl() + "/api/v1/events"))
                    .header("DD-API-KEY", LocalStack.SIMULATOR_API_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }
}
