package dev.dqnotify.localstack.datadog;

import static dev.dqnotify.localstack.datadog.SimulatorClient.API_KEY;
import static dev.dqnotify.localstack.datadog.SimulatorClient.APP_KEY;
import static dev.dqnotify.localstack.datadog.SimulatorClient.JSON;
import static dev.dqnotify.localstack.datadog.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatadogSimulatorMonitorsTest extends SimulatorTestCase {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final String QUERY =
      "events(\"source:dqnotify team:team-a\").rollup(\"count\").by(\"notification_id\")"
          + ".last(\"5m\") > 0";

  DatadogSimulatorMonitorsTest() {
    super(NOW, true);
  }

  /** A valid event-v2 monitor, for a test to add to or spoil. */
  private static ObjectNode monitor() {
    ObjectNode monitor =
        JSON.createObjectNode()
            .put("type", "event-v2 alert")
            .put("name", "[dqnotify] team-a")
            .put("query", QUERY)
            .put("message", "{{event.title}} @teams-team-a");
    monitor.putArray("tags").add("managed-by:dqnotify").add("dqnotify-route:team-a");
    monitor
        .putObject("options")
        .put("notify_no_data", false)
        .putObject("thresholds")
        .put("critical", 0);
    return monitor;
  }

  private HttpResponse<String> call(String method, String path, JsonNode body) throws IOException {
    return client.monitors(method, path, body);
  }

  private long create(ObjectNode body) throws IOException {
    HttpResponse<String> response = call("POST", "/api/v1/monitor", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("id").asLong();
  }

  private static List<String> errors(HttpResponse<String> response) {
    return StreamSupport.stream(json(response).get("errors").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  @Test
  void createsAMonitorAndAnswersItWithIdAndTimes() throws IOException {
    HttpResponse<String> response = call("POST", "/api/v1/monitor", monitor());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("id").asLong()).isEqualTo(MonitorStore.FIRST_ID);
    assertThat(body.get("created").asText()).isEqualTo(NOW.toString());
    assertThat(body.get("modified").asText()).isEqualTo(NOW.toString());
    assertThat(body.get("type").asText()).isEqualTo("event-v2 alert");
    assertThat(body.get("query").asText()).isEqualTo(QUERY);
    assertThat(body.get("multi").asBoolean()).isTrue();
    assertThat(body.get("priority").isNull()).isTrue();
    assertThat(body.at("/options/notify_audit").asBoolean()).isFalse();
    assertThat(body.at("/options/thresholds/critical").asInt()).isZero();

    StoredMonitor stored = simulator.monitors().get(0);
    assertThat(stored.id()).isEqualTo(MonitorStore.FIRST_ID);
    assertThat(stored.name()).isEqualTo("[dqnotify] team-a");
    assertThat(stored.tags()).containsExactly("managed-by:dqnotify", "dqnotify-route:team-a");
    assertThat(stored.options()).containsEntry("notify_no_data", false);
    assertThat(stored.revision()).isZero();
  }

  @Test
  void updatesOnlyTheFieldsSentAndMovesModified() throws IOException {
    long id = create(monitor());
    clock.advance(Duration.ofMinutes(3));

    HttpResponse<String> response =
        call(
            "PUT",
            "/api/v1/monitor/" + id,
            JSON.createObjectNode().put("message", "new @teams-b").put("priority", 2));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    StoredMonitor stored = simulator.monitors().get(0);
    assertThat(stored.message()).isEqualTo("new @teams-b");
    assertThat(stored.priority()).isEqualTo(2L);
    assertThat(stored.query()).isEqualTo(QUERY);
    assertThat(stored.created()).isEqualTo(NOW);
    assertThat(stored.modified()).isEqualTo(NOW.plus(Duration.ofMinutes(3)));
    assertThat(stored.revision()).isEqualTo(1);
    assertThat(json(response).get("modified").asText()).isEqualTo(stored.modified().toString());
  }

  @Test
  void refusesAnUpdateThatMakesTheMonitorInvalid() throws IOException {
    long id = create(monitor());

    HttpResponse<String> response =
        call("PUT", "/api/v1/monitor/" + id, JSON.createObjectNode().put("query", "events(\"x\")"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errors(response)).singleElement().asString().contains("rollup(");
    assertThat(simulator.monitors().get(0).revision()).isZero();
  }

  @Test
  void refusesToChangeTheTypeOfAMonitor() throws IOException {
    long id = create(monitor());

    HttpResponse<String> response =
        call(
            "PUT",
            "/api/v1/monitor/" + id,
            JSON.createObjectNode()
                .put("type", "metric alert")
                .put("query", "avg(last_5m):avg:x{*} > 1"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errors(response)).singleElement().asString().contains("cannot be changed");
  }

  @Test
  void answers404ForAnUnknownMonitor() throws IOException {
    assertThat(call("GET", "/api/v1/monitor/42", null).statusCode()).isEqualTo(404);
    assertThat(call("PUT", "/api/v1/monitor/42", monitor()).statusCode()).isEqualTo(404);
    assertThat(call("DELETE", "/api/v1/monitor/42", null).statusCode()).isEqualTo(404);
  }

  @Test
  void getsOneMonitorById() throws IOException {
    long id = create(monitor());

    HttpResponse<String> response = call("GET", "/api/v1/monitor/" + id, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("id").asLong()).isEqualTo(id);
    assertThat(json(response).get("name").asText()).isEqualTo("[dqnotify] team-a");
  }

  @Test
  void deletesAMonitorAndNeverReusesItsId() throws IOException {
    long id = create(monitor());

    HttpResponse<String> response = call("DELETE", "/api/v1/monitor/" + id, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("deleted_monitor_id").asLong()).isEqualTo(id);
    assertThat(simulator.monitors()).isEmpty();
    assertThat(create(monitor())).isGreaterThan(id);
  }

  @Test
  void listsMonitorsFilteredByMonitorTagsNameAndScope() throws IOException {
    long a = create(monitor());
    ObjectNode other =
        monitor().put("name", "Disk full").put("query", QUERY.replace("team-a", "team-b"));
    other.putArray("tags").add("team:infra");
    long b = create(other);

    assertThat(list("monitor_tags=managed-by:dqnotify")).containsExactly(a);
    assertThat(list("monitor_tags=managed-by:dqnotify,dqnotify-route:nope")).isEmpty();
    assertThat(list("name=DQNOTIFY")).containsExactly(a);
    assertThat(list("tags=team:team-b")).containsExactly(b);
    assertThat(list("tags=team:team")).isEmpty();
    assertThat(list("")).containsExactly(a, b);
    assertThat(list("id_offset=" + a)).containsExactly(b);
  }

  @Test
  void pagesTheListWhenAPageIsAsked() throws IOException {
    long a = create(monitor());
    long b = create(monitor());
    long c = create(monitor());

    assertThat(list("page=0&page_size=2")).containsExactly(a, b);
    assertThat(list("page=1&page_size=2")).containsExactly(c);
    assertThat(list("page=2&page_size=2")).isEmpty();
    HttpResponse<String> tooBig = call("GET", "/api/v1/monitor?page=0&page_size=1001", null);
    assertThat(tooBig.statusCode()).isEqualTo(400);
  }

  @Test
  void validatesWithoutStoring() throws IOException {
    HttpResponse<String> valid = call("POST", "/api/v1/monitor/validate", monitor());
    HttpResponse<String> invalid =
        call("POST", "/api/v1/monitor/validate", monitor().put("name", " "));

    assertThat(valid.statusCode()).isEqualTo(200);
    assertThat(json(valid).isEmpty()).isTrue();
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(errors(invalid)).containsExactly("name is required and must not be blank");
    assertThat(simulator.monitors()).isEmpty();
  }

  @Test
  void forbidsRequestsWithoutBothKeys() throws IOException {
    Map<String, String> onlyApiKey = Map.of("DD-API-KEY", API_KEY);
    Map<String, String> wrongAppKey = Map.of("DD-API-KEY", API_KEY, "DD-APPLICATION-KEY", "nope");
    Map<String, String> wrongApiKey = Map.of("DD-API-KEY", "nope", "DD-APPLICATION-KEY", APP_KEY);

    for (Map<String, String> headers : List.of(onlyApiKey, wrongAppKey, wrongApiKey)) {
      HttpResponse<String> create =
          client.call("POST", "/api/v1/monitor", headers, monitor().toString());
      HttpResponse<String> list = client.call("GET", "/api/v1/monitor", headers, null);
      assertThat(create.statusCode()).isEqualTo(403);
      assertThat(list.statusCode()).isEqualTo(403);
      assertThat(errors(create)).containsExactly("Forbidden");
    }
    assertThat(simulator.monitors()).isEmpty();
  }

  @Test
  void acceptsAnyApplicationKeyWhenNoneIsConfigured() throws IOException {
    try (DatadogSimulator open = DatadogSimulator.start(API_KEY)) {
      Map<String, String> headers = new HashMap<>(Map.of("DD-API-KEY", API_KEY));
      headers.put("DD-APPLICATION-KEY", "whatever");
      HttpResponse<String> response =
          new SimulatorClient(open).call("POST", "/api/v1/monitor", headers, monitor().toString());

      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void rejectsAnUnknownTypeAndListsEveryProblem() throws IOException {
    ObjectNode body = monitor().put("type", "event v2 alert").put("message", "").put("priority", 9);

    HttpResponse<String> response = call("POST", "/api/v1/monitor", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errors(response))
        .hasSize(3)
        .anySatisfy(e -> assertThat(e).startsWith("Invalid monitor type 'event v2 alert'"))
        .contains("message is required and must not be blank")
        .contains("priority must be an integer from 1 to 5, or null");
  }

  @Test
  void rejectsAMonitorWithoutName() throws IOException {
    ObjectNode body = monitor();
    body.remove("name");

    HttpResponse<String> response = call("POST", "/api/v1/monitor", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errors(response)).containsExactly("name is required and must not be blank");
  }

  @Test
  void rejectsABodyThatIsNotAJsonObject() throws IOException {
    HttpResponse<String> response =
        client.call(
            "POST",
            "/api/v1/monitor",
            Map.of("DD-API-KEY", API_KEY, "DD-APPLICATION-KEY", APP_KEY),
            "[1, 2");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errors(response)).containsExactly("Request body must be a JSON object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "events(\"a\").last(\"5m\") > 0",
        "events(a).rollup(\"count\").last(\"5m\") > 0",
        "logs(\"a\").rollup(\"count\").last(\"5m\") > 0",
        "events(\"a\").rollup(\"count\").last(\"30s\") > 0",
        "events(\"a\").rollup(\"count\").last(\"49h\") > 0",
        "events(\"a\").rollup(\"count\").last(\"0m\") > 0",
        "events(\"a\").rollup(\"count\").last(\"5m\")",
        "events(\"a\").rollup(\"count\").last(\"5m\") > zero",
        "events(\"a\").rollup(\"count\").by(\"a,b,c,d,e\").last(\"5m\") > 0",
        "events(\"a\").rollup(\"avg\").last(\"5m\") > 0",
        "events(\"a\").rollup(\"count\", \"@x\").last(\"5m\") > 0",
        "events(\"a).rollup(\"count\").last(\"5m\") > 0",
        "events(\"a\").rollup(\"sum\", \"@x\").last(\"5m\") > 0",
        "events(\"a\").rollup(\"max\", \"@x\").last(\"5m\") > 0",
        "events(\"(team:a OR team:b\").rollup(\"count\").last(\"5m\") > 0",
        "events(\"team:a)\").rollup(\"count\").last(\"5m\") > 0",
        "events(\"team:\\\"a\").rollup(\"count\").last(\"5m\") > 0",
        "events(\"team:a OR\").rollup(\"count\").last(\"5m\") > 0",
      })
  void rejectsAnEventQueryOfTheWrongShape(String query) throws IOException {
    ObjectNode body = monitor().put("query", query);
    ((ObjectNode) body.get("options")).remove("thresholds");

    HttpResponse<String> response = call("POST", "/api/v1/monitor", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errors(response))
        .singleElement()
        .asString()
        .startsWith("Invalid event-v2 alert query");
  }

  @Test
  void namesTheRollupsDatadogSupportsWhenRefusingAnother() throws IOException {
    ObjectNode body =
        monitor().put("query", "events(\"a\").rollup(\"sum\", \"@x\").last(\"5m\") > 0");
    ((ObjectNode) body.get("options")).remove("thresholds");

    HttpResponse<String> response = call("POST", "/api/v1/monitor", body);

    assertThat(errors(response))
        .singleElement()
        .asString()
        .contains("unknown aggregation 'sum'", "count, avg and cardinality");
  }

  @Test
  void refusesASearchWithUnbalancedParenthesesSayingWhere() throws IOException {
    ObjectNode body =
        monitor()
            .put(
                "query",
                "events(\"team:a (event_type:x OR event_type:y\").rollup(\"count\").last(\"5m\") > 0");

    HttpResponse<String> response = call("POST", "/api/v1/monitor/validate", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errors(response))
        .singleElement()
        .asString()
        .contains("unbalanced parentheses: '(' at position 7 is never closed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{{#is_alert}}never closed @teams-a",
        "{{#is_alert}}x{{/is_recovery}} @teams-a",
        "{{event.title @teams-a"
      })
  void refusesAMessageWhoseTemplateDoesNotParse(String message) throws IOException {
    HttpResponse<String> response =
        call("POST", "/api/v1/monitor", monitor().put("message", message));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errors(response)).singleElement().asString().startsWith("Invalid message template");
    assertThat(simulator.monitors()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", ""})
  void refusesAMonitorWriteWhoseBodyIsNotDeclaredJson(String contentType) throws IOException {
    long id = create(monitor());
    Map<String, String> headers = new HashMap<>();
    headers.put("DD-API-KEY", API_KEY);
    headers.put("DD-APPLICATION-KEY", APP_KEY);
    if (!contentType.isEmpty()) {
      headers.put("Content-Type", contentType);
    }

    for (String[] request :
        new String[][] {
          {"POST", "/api/v1/monitor"}, {"PUT", "/api/v1/monitor/" + id}, {"POST", "/api/v1/monitor/validate"}
        }) {
      HttpResponse<String> response =
          contentType.isEmpty()
              ? client.callWithoutContentType(request[0], request[1], headers, monitor().toString())
              : client.call(request[0], request[1], headers, monitor().toString());
      assertThat(response.statusCode()).as(request[0] + " " + request[1]).isEqualTo(415);
      assertThat(errors(response)).singleElement().asString().startsWith("Unsupported Media Type");
    }
    assertThat(simulator.monitors()).singleElement().extracting(StoredMonitor::revision).isEqualTo(0);
  }

  @Test
  void acceptsAJsonContentTypeWithACharset() throws IOException {
    HttpResponse<String> response =
        client.call(
            "POST",
            "/api/v1/monitor",
            Map.of(
                "DD-API-KEY", API_KEY,
                "DD-APPLICATION-KEY", APP_KEY,
                "Content-Type", "application/json; charset=UTF-8"),
            monitor().toString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "events(\"a\").rollup(\"count\").last(\"1m\") > 0",
        "events(\"a\").rollup(\"count\").last(\"48h\") >= 1",
        "events(\"a\").rollup(\"count\").last(\"2d\") != 0",
        "events(\"team:\\\"a b\\\"\").index(\"main\").rollup(\"cardinality\", \"@evt.id\")"
            + ".by(\"host,service,env,notification_id\").last(\"15m\") < 3.5",
      })
  void acceptsEventQueriesDatadogAccepts(String query) throws IOException {
    ObjectNode body = monitor().put("query", query);
    ((ObjectNode) body.get("options")).remove("thresholds");

    HttpResponse<String> response = call("POST", "/api/v1/monitor/validate", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void rejectsACriticalThresholdThatDiffersFromTheQuery() throws IOException {
    ObjectNode body = monitor();
    ((ObjectNode) body.at("/options/thresholds")).put("critical", 1);

    HttpResponse<String> response = call("POST", "/api/v1/monitor", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errors(response)).singleElement().asString().contains("'critical' (1)");
  }

  @Test
  void resetForgetsMonitorsButKeepsIdsIncreasing() throws IOException {
    long first = create(monitor());

    simulator.reset();

    assertThat(simulator.monitors()).isEmpty();
    assertThat(create(monitor())).isGreaterThan(first);
  }

  @Test
  void leavesEventsAndTheirCountersAlone() throws IOException {
    simulator.faults().statusForNext(500, 5);

    create(monitor());

    assertThat(simulator.requestCount()).isZero();
    assertThat(client.postEvent(SimulatorClient.event()).statusCode()).isEqualTo(500);
  }

  private List<Long> list(String query) throws IOException {
    HttpResponse<String> response = call("GET", "/api/v1/monitor?" + query, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return StreamSupport.stream(json(response).spliterator(), false)
        .map(m -> m.get("id").asLong())
        .toList();
  }
}
