package dev.dqnotify.localstack.datadog;

import static dev.dqnotify.localstack.datadog.SimulatorClient.JSON;
import static dev.dqnotify.localstack.datadog.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Monitor evaluation and the notifications admin API, through real HTTP. */
class DatadogSimulatorNotificationsTest extends SimulatorTestCase {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:30Z");
  private static final String ROUTE_QUERY =
      "events(\"tags:(\\\"source:dqnotify\\\") team:team-a\").rollup(\"count\")"
          + ".by(\"notification_id\").last(\"5m\") > 0";
  private static final String ROUTE_MESSAGE =
      "{{!-- managed by dqnotify --}}\n{{#is_alert}}\n**{{event.title}}**\n\n{{{event.text}}}\n\n"
          + "Tags: {{event.tags}}\n\n@teams-team-a @slack-acme-dq\n{{/is_alert}}";

  DatadogSimulatorNotificationsTest() {
    super(NOW, true);
  }

  private long createRouteMonitor() throws IOException {
    ObjectNode monitor =
        JSON.createObjectNode()
            .put("type", "event-v2 alert")
            .put("name", "[dqnotify] team-a")
            .put("query", ROUTE_QUERY)
            .put("message", ROUTE_MESSAGE);
    monitor.putObject("options").putObject("thresholds").put("critical", 0);
    HttpResponse<String> response = client.monitors("POST", "/api/v1/monitor", monitor);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("id").asLong();
  }

  private String postEvent(String notificationId, Duration age) throws IOException {
    ObjectNode event = SimulatorClient.event().put("title", "Late data for " + notificationId);
    event.put("date_happened", clock.instant().minus(age).getEpochSecond());
    event
        .putArray("tags")
        .add("source:dqnotify")
        .add("team:team-a")
        .add("notification_id:" + notificationId);
    HttpResponse<String> response = client.postEvent(event);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return json(response).at("/event/id_str").asText();
  }

  @Test
  void evaluatesOnRequestAndListsTheNotificationsByHandleAndMonitor() throws IOException {
    long monitorId = createRouteMonitor();
    String eventId = postEvent("n-1", Duration.ofMinutes(1));

    HttpResponse<String> evaluated = client.admin("POST", "/__admin/datadog/monitors/evaluate", null);

    assertThat(evaluated.statusCode()).isEqualTo(200);
    assertThat(json(evaluated)).hasSize(2);
    JsonNode teams =
        json(client.admin("GET", "/__admin/datadog/notifications?handle=@teams-team-a", null));
    assertThat(teams).hasSize(1);
    JsonNode notification = teams.get(0);
    assertThat(notification.get("id").asLong()).isEqualTo(1);
    assertThat(notification.get("monitor_id").asLong()).isEqualTo(monitorId);
    assertThat(notification.get("monitor_name").asText()).isEqualTo("[dqnotify] team-a");
    assertThat(notification.get("group").asText()).isEqualTo("notification_id:n-1");
    assertThat(notification.get("transition").asText()).isEqualTo("alert");
    assertThat(notification.get("handle").asText()).isEqualTo("@teams-team-a");
    assertThat(notification.get("message").asText())
        .isEqualTo(
            "**Late data for n-1**\n\norders.customer_id\n\n"
                + "Tags: source:dqnotify,team:team-a,notification_id:n-1\n\n"
                + "@teams-team-a @slack-acme-dq");
    assertThat(notification.get("event_id").asText()).isEqualTo(eventId);
    assertThat(notification.get("value").asInt()).isEqualTo(1);
    assertThat(notification.get("at").asText()).isEqualTo(NOW.toString());

    assertThat(json(client.admin("GET", "/__admin/datadog/notifications?handle=slack-acme-dq", null)))
        .hasSize(1);
    assertThat(
            json(
                client.admin(
                    "GET", "/__admin/datadog/notifications?monitor_id=" + (monitorId + 1), null)))
        .isEmpty();
    assertThat(json(client.admin("GET", "/__admin/datadog/notifications", null))).hasSize(2);
    assertThat(simulator.notifications()).hasSize(2);
  }

  @Test
  void answersWhichMonitorsCountedAnEventAndEachMonitorsState() throws IOException {
    long monitorId = createRouteMonitor();
    postEvent("n-1", Duration.ofMinutes(1));
    postEvent("n-2", Duration.ofMinutes(10));
    simulator.evaluateMonitors();

    JsonNode events = json(client.admin("GET", "/__admin/datadog/events", null));
    assertThat(events.get(0).get("matched_monitor_ids")).extracting(JsonNode::asLong)
        .containsExactly(monitorId);
    assertThat(events.get(1).get("matched_monitor_ids")).as("dated outside the window").isEmpty();
    assertThat(simulator.monitorsMatching(events.get(0).get("id").asLong())).containsExactly(monitorId);
    assertThat(simulator.monitorsMatching(events.get(1).get("id").asLong())).isEmpty();
    JsonNode states = json(client.admin("GET", "/__admin/datadog/monitors/states", null));
    assertThat(states.get(0).get("monitor_id").asLong()).isEqualTo(monitorId);
    assertThat(states.get(0).get("overall_state").asText()).isEqualTo("Alert");
    assertThat(states.get(0).get("alerting_groups")).extracting(JsonNode::asText)
        .containsExactly("notification_id:n-1");
    JsonNode monitor = json(client.monitors("GET", "/api/v1/monitor/" + monitorId, null));
    assertThat(monitor.get("overall_state").asText()).isEqualTo("Alert");
  }

  @Test
  void evaluatesByItselfOnceTheSimulatorsClockPassesAMinute() throws IOException {
    createRouteMonitor();
    postEvent("n-1", Duration.ZERO);

    clock.advance(Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(simulator.notifications()).hasSize(2));
  }

  @Test
  void clearsNotificationsWithoutSendingThemAgainAndResetForgetsGroupStates() throws IOException {
    createRouteMonitor();
    postEvent("n-1", Duration.ZERO);
    simulator.evaluateMonitors();

    HttpResponse<String> cleared = client.admin("DELETE", "/__admin/datadog/notifications", null);

    assertThat(json(cleared).get("cleared").asInt()).isEqualTo(2);
    assertThat(json(client.admin("POST", "/__admin/datadog/monitors/evaluate", null))).isEmpty();
    client.admin("POST", "/__admin/datadog/reset", null);
    assertThat(simulator.monitors()).isEmpty();
    assertThat(json(client.admin("GET", "/__admin/datadog/monitors/states", null))).isEmpty();
  }

  @Test
  void refusesANonIntegerMonitorIdFilter() throws IOException {
    HttpResponse<String> response =
        client.admin("GET", "/__admin/datadog/notifications?monitor_id=abc", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("monitor_id must be");
  }
}
