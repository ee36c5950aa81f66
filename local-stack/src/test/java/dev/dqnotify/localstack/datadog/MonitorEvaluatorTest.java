package dev.dqnotify.localstack.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dqnotify.localstack.junit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MonitorEvaluatorTest {

  private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
  private static final String BY_NOTIFICATION =
      "events(\"tags:(\\\"source:dqnotify\\\") team:a\").rollup(\"count\")"
          + ".by(\"notification_id\").last(\"5m\") > 0";
  private static final String ALERT_ONLY =
      "{{#is_alert}}{{event.title}} ({{notification_id.name}}) @teams-dq @slack-acme-dq{{/is_alert}}";

  private final MutableClock clock = new MutableClock(START);
  private final MonitorStore store = new MonitorStore();
  private final List<ReceivedEvent> events = new ArrayList<>();
  private final MonitorEvaluator evaluator =
      new MonitorEvaluator(store, () -> List.copyOf(events), clock);

  private long monitor(String query, String message) {
    return monitor(query, message, options -> {});
  }

  private long monitor(String query, String message, Consumer<ObjectNode> options) {
    ObjectNode json =
        SimulatorClient.JSON
            .createObjectNode()
            .put("type", "event-v2 alert")
            .put("name", "[dqnotify] team-a")
            .put("query", query)
            .put("message", message);
    options.accept(json.putObject("options"));
    MonitorValidator.Checked checked = MonitorValidator.check(json);
    assertThat(checked.errors()).isEmpty();
    return store.create(checked.definition(), clock.instant()).id();
  }

  private ReceivedEvent post(Duration age, String... tags) {
    ReceivedEvent event = TestEvents.at(clock.instant().minus(age), tags);
    events.add(event);
    return event;
  }

  private ReceivedEvent post(String... tags) {
    return post(Duration.ZERO, tags);
  }

  @Test
  void alertsOnceWhenAMatchingEventArrivesNotifyingEachHandleWithTheRenderedMessage() {
    long id = monitor(BY_NOTIFICATION, ALERT_ONLY);
    ReceivedEvent event = post("source:dqnotify", "team:a", "notification_id:n-1");

    List<Notification> sent = evaluator.evaluateNow();

    assertThat(sent)
        .extracting(Notification::handle)
        .containsExactly("@teams-dq", "@slack-acme-dq");
    assertThat(sent)
        .allSatisfy(
            n -> {
              assertThat(n.monitorId()).isEqualTo(id);
              assertThat(n.group()).isEqualTo("notification_id:n-1");
              assertThat(n.transition()).isEqualTo(Notification.Transition.ALERT);
              assertThat(n.message()).isEqualTo("Null rate rose (n-1) @teams-dq @slack-acme-dq");
              assertThat(n.eventId()).isEqualTo(event.id());
              assertThat(n.value()).isEqualByComparingTo("1");
              assertThat(n.at()).isEqualTo(START);
            });
    clock.advance(Duration.ofMinutes(1));
    post("source:dqnotify", "team:a", "notification_id:n-1");
    assertThat(evaluator.evaluateNow()).as("the group is already in ALERT").isEmpty();
    assertThat(evaluator.notifications()).hasSize(2);
  }

  @Test
  void anEventTaggedSourceIsNotFoundBySearchingTheReservedSourceAttribute() {
    monitor(
        "events(\"source:dqnotify team:a\").rollup(\"count\").by(\"notification_id\")"
            + ".last(\"5m\") > 0",
        ALERT_ONLY);
    post("source:dqnotify", "team:a", "notification_id:n-1");

    assertThat(evaluator.evaluateNow()).isEmpty();
  }

  @Test
  void anEventDatedBeforeTheWindowNeverCountsHoweverRecentlyItArrived() {
    monitor(BY_NOTIFICATION, ALERT_ONLY);
    ReceivedEvent late = post(Duration.ofMinutes(10), "source:dqnotify", "team:a", "notification_id:n-1");

    assertThat(evaluator.evaluateNow()).isEmpty();
    assertThat(evaluator.monitorsMatching(late.id())).isEmpty();
  }

  @Test
  void aWiderWindowCountsTheSameBackDatedEvent() {
    long id =
        monitor(BY_NOTIFICATION.replace("last(\"5m\")", "last(\"15m\")"), ALERT_ONLY);
    ReceivedEvent late = post(Duration.ofMinutes(10), "source:dqnotify", "team:a", "notification_id:n-1");

    assertThat(evaluator.evaluateNow()).hasSize(2);
    assertThat(evaluator.monitorsMatching(late.id())).containsExactly(id);
  }

  @Test
  void anEventDatedInTheFutureCountsOnlyOnceItsTimeHasCome() {
    monitor(BY_NOTIFICATION, ALERT_ONLY);
    post(Duration.ofMinutes(-3), "source:dqnotify", "team:a", "notification_id:n-1");

    assertThat(evaluator.evaluateNow()).isEmpty();
    clock.advance(Duration.ofMinutes(3));
    assertThat(evaluator.evaluateNow()).hasSize(2);
  }

  @ParameterizedTest
  @CsvSource({"1m,60", "5m,300", "90m,5400", "1h,3600", "48h,172800", "1d,86400", "2d,172800"})
  void theWindowOfEachUnitCountsEventsYoungerThanItOnly(String window, long seconds) {
    monitor(
        "events(\"team:a\").rollup(\"count\").last(\"" + window + "\") > 0",
        "{{#is_alert}}@teams-dq{{/is_alert}}");
    post(Duration.ofSeconds(seconds), "team:a");
    assertThat(evaluator.evaluateNow()).as("an event exactly one window old").isEmpty();

    post(Duration.ofSeconds(seconds - 1), "team:a");
    assertThat(evaluator.evaluateNow()).as("an event a second younger").hasSize(1);
  }

  @Test
  void eachGroupOfTheByFacetAlertsOnItsOwn() {
    monitor(BY_NOTIFICATION, ALERT_ONLY.replace(" @slack-acme-dq", ""));
    post("source:dqnotify", "team:a", "notification_id:n-1");
    post("source:dqnotify", "team:a", "notification_id:n-2");
    post("source:dqnotify", "team:b", "notification_id:n-3");

    assertThat(evaluator.evaluateNow())
        .extracting(Notification::group)
        .containsExactlyInAnyOrder("notification_id:n-1", "notification_id:n-2");
  }

  @Test
  void groupsBySeveralFacetsAndPutsAnEventWithoutAValueInTheNaGroup() {
    monitor(
        "events(\"team:a\").rollup(\"count\").by(\"store,event_type\").last(\"5m\") > 0",
        "{{#is_alert}}{{store.name}}/{{event_type.name}} @teams-dq{{/is_alert}}");
    post("team:a", "store:s1", "event_type:late_data");
    post("team:a", "event_type:late_data");

    assertThat(evaluator.evaluateNow())
        .extracting(Notification::group, Notification::message)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "store:s1,event_type:late_data", "s1/late_data @teams-dq"),
            org.assertj.core.groups.Tuple.tuple(
                "store:N/A,event_type:late_data", "N/A/late_data @teams-dq"));
  }

  @ParameterizedTest
  @CsvSource({
    "> 2, 2, false",
    "> 2, 3, true",
    ">= 2, 2, true",
    "== 2, 2, true",
    "!= 2, 2, false",
    "< 2, 1, true",
    "<= 1, 2, false"
  })
  void comparesTheCountWithTheThreshold(String condition, int events, boolean alerts) {
    monitor(
        "events(\"team:a\").rollup(\"count\").last(\"5m\") " + condition,
        "{{#is_alert}}@teams-dq{{/is_alert}}");
    for (int i = 0; i < events; i++) {
      post("team:a");
    }

    assertThat(evaluator.evaluateNow()).hasSize(alerts ? 1 : 0);
  }

  @Test
  void aSimpleAlertBelowAThresholdAlertsWithoutAnyEvent() {
    monitor("events(\"team:a\").rollup(\"count\").last(\"5m\") < 1", "@teams-dq");

    assertThat(evaluator.evaluateNow())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.group()).isEqualTo("*");
              assertThat(n.eventId()).isNull();
            });
  }

  @Test
  void rollsUpCardinalityAndAverageOfAMeasure() {
    monitor(
        "events(\"team:a\").rollup(\"cardinality\", \"store\").last(\"5m\") > 1",
        "{{#is_alert}}@teams-stores{{/is_alert}}");
    monitor(
        "events(\"team:a\").rollup(\"avg\", \"lag\").last(\"5m\") >= 15",
        "{{#is_alert}}@teams-lag {{value}}{{/is_alert}}");
    post("team:a", "store:s1", "lag:10");
    post("team:a", "store:s1", "lag:not-a-number");
    assertThat(evaluator.evaluateNow()).isEmpty();

    post("team:a", "store:s2", "lag:20");
    assertThat(evaluator.evaluateNow())
        .extracting(Notification::handle, Notification::message)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("@teams-stores", "@teams-stores"),
            org.assertj.core.groups.Tuple.tuple("@teams-lag", "@teams-lag 15"));
  }

  @Test
  void recoversOnceTheEventsLeaveTheWindowNotifyingOnlyHandlesRenderedForRecovery() {
    monitor(
        BY_NOTIFICATION,
        "{{#is_alert}}alert @teams-dq{{/is_alert}}{{#is_recovery}}ok @slack-acme-dq{{/is_recovery}}");
    post("source:dqnotify", "team:a", "notification_id:n-1");
    evaluator.evaluateNow();

    clock.advance(Duration.ofMinutes(4));
    assertThat(evaluator.evaluateNow()).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    List<Notification> recovered = evaluator.evaluateNow();

    assertThat(recovered)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.transition()).isEqualTo(Notification.Transition.RECOVERY);
              assertThat(n.handle()).isEqualTo("@slack-acme-dq");
              assertThat(n.message()).isEqualTo("ok @slack-acme-dq");
              assertThat(n.group()).isEqualTo("notification_id:n-1");
              assertThat(n.value()).isEqualByComparingTo("0");
            });
  }

  @Test
  void theRouteMessageSendsNothingOnRecovery() {
    monitor(BY_NOTIFICATION, ALERT_ONLY);
    post("source:dqnotify", "team:a", "notification_id:n-1");
    evaluator.evaluateNow();
    clock.advance(Duration.ofMinutes(6));

    assertThat(evaluator.evaluateNow()).isEmpty();
    assertThat(evaluator.alertingGroups(store.all().get(0).id())).isEmpty();
  }

  @Test
  void renotifiesAGroupStillInAlertEveryRenotifyInterval() {
    monitor(
        "events(\"team:a\").rollup(\"count\").last(\"1h\") > 0",
        "{{#is_renotify}}again {{/is_renotify}}@teams-dq",
        options -> options.put("renotify_interval", 10));
    post("team:a");
    assertThat(evaluator.evaluateNow()).extracting(Notification::message).containsExactly("@teams-dq");

    clock.advance(Duration.ofMinutes(9));
    assertThat(evaluator.evaluateNow()).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(evaluator.evaluateNow())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.transition()).isEqualTo(Notification.Transition.RENOTIFY);
              assertThat(n.message()).isEqualTo("again @teams-dq");
            });
    clock.advance(Duration.ofMinutes(5));
    assertThat(evaluator.evaluateNow()).isEmpty();
  }

  @Test
  void withoutRenotifyIntervalAnAlertingGroupNotifiesOnlyOnce() {
    monitor("events(\"team:a\").rollup(\"count\").last(\"1h\") > 0", "@teams-dq");
    post("team:a");
    evaluator.evaluateNow();
    for (int minute = 0; minute < 30; minute++) {
      clock.advance(Duration.ofMinutes(1));
      post("team:a");
      assertThat(evaluator.evaluateNow()).isEmpty();
    }
  }

  @Test
  void evaluatesOnScheduleOncePerMinuteOfTheSimulatorsClock() {
    monitor("events(\"team:a\").rollup(\"count\").last(\"5m\") > 0", "@teams-dq");
    post("team:a");

    clock.advance(Duration.ofSeconds(59));
    assertThat(evaluator.evaluateIfDue()).as("not yet a minute").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(evaluator.evaluateIfDue()).hasSize(1);
    assertThat(evaluator.notifications()).hasSize(1);
  }

  @Test
  void evaluatesAWindowOf24HoursOnScheduleEveryTenMinutesOnly() {
    monitor("events(\"team:a\").rollup(\"count\").last(\"24h\") > 0", "@teams-dq");
    clock.advance(Duration.ofMinutes(1));
    evaluator.evaluateIfDue(); // 12:01, the first scheduled evaluation; next due at 12:10
    post("team:a");

    for (int minute = 2; minute < 10; minute++) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(evaluator.evaluateIfDue()).as("12:0" + minute).isEmpty();
    }
    clock.advance(Duration.ofMinutes(1));
    assertThat(evaluator.evaluateIfDue()).as("12:10").hasSize(1);
  }

  @ParameterizedTest
  @CsvSource({"1m,1", "23h,1", "24h,10", "47h,10", "48h,30", "2d,30"})
  void theEvaluationFrequencyFollowsTheWindowAsDatadogDocumentsIt(String window, long minutes) {
    EventMonitorQuery query =
        EventMonitorQuery.parse(
            "events(\"a\").rollup(\"count\").last(\"" + window + "\") > 0");

    assertThat(MonitorEvaluator.frequency(query.window())).isEqualTo(Duration.ofMinutes(minutes));
  }

  @Test
  void aDeletedMonitorLosesItsStateAndAClearedNotificationListStaysClear() {
    long id = monitor(BY_NOTIFICATION, ALERT_ONLY);
    post("source:dqnotify", "team:a", "notification_id:n-1");
    evaluator.evaluateNow();
    assertThat(evaluator.overallState(id)).isEqualTo("Alert");

    assertThat(evaluator.clearNotifications()).isEqualTo(2);
    assertThat(evaluator.evaluateNow()).isEmpty();
    store.delete(id);
    evaluator.evaluateNow();
    assertThat(evaluator.overallState(id)).isEqualTo("No Data");
  }
}
