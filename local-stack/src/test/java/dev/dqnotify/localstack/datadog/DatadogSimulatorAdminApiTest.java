package dev.dqnotify.localstack.datadog;

import static dev.dqnotify.localstack.datadog.SimulatorClient.API_KEY;
import static dev.dqnotify.localstack.datadog.SimulatorClient.JSON;
import static dev.dqnotify.localstack.datadog.SimulatorClient.event;
import static dev.dqnotify.localstack.datadog.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admin API under /__admin/datadog, driven over HTTP as another process would. */
class DatadogSimulatorAdminApiTest extends SimulatorTestCase {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final String FAULTS = "/__admin/datadog/faults";

  DatadogSimulatorAdminApiTest() {
    super(NOW, false);
  }

  @Test
  void scriptsAStatusForTheNextRequests() throws IOException {
    addFault("{\"type\":\"status\",\"status\":500,\"count\":2}");

    assertThat(statusesOfEvents(3)).containsExactly(500, 500, 202);
  }

  @Test
  void scriptsAStatusUntilCleared() throws IOException {
    addFault("{\"type\":\"status\",\"status\":500}");

    assertThat(statusesOfEvents(3)).containsExactly(500, 500, 500);
    client.admin("DELETE", FAULTS, null);
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void scriptsAStatusForTheEventsMatchingAPatternUntilCleared() throws IOException {
    addFault("{\"type\":\"status\",\"status\":503,\"matching\":\"event_id:ev-0*42\\\\b\"}");
    ObjectNode stuck = event().put("text", "stuck one").set("tags", JSON.createArrayNode().add("event_id:ev-0042"));
    ObjectNode other = event().set("tags", JSON.createArrayNode().add("event_id:ev-00421"));

    assertThat(client.postEvent(stuck).statusCode()).isEqualTo(503);
    assertThat(client.postEvent(other).statusCode()).isEqualTo(202);
    assertThat(client.postEvent(stuck).statusCode()).isEqualTo(503);
    assertThat(client.validate(SimulatorClient.API_KEY).statusCode()).isEqualTo(200);
    assertThat(activeFaults()).containsExactly("status 503 for events matching /event_id:ev-0*42\\b/ until cleared");

    client.admin("DELETE", FAULTS, null);
    assertThat(client.postEvent(stuck).statusCode()).isEqualTo(202);
  }

  @Test
  void scriptsAStatusForADuration() throws IOException {
    addFault("{\"type\":\"status\",\"status\":503,\"durationMs\":5000}");

    assertThat(client.postEvent(event()).statusCode()).isEqualTo(503);
    clock.advance(Duration.ofSeconds(5));
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void scriptsLatency() throws IOException {
    addFault("{\"type\":\"latency\",\"delayMs\":300}");

    long started = System.nanoTime();
    HttpResponse<String> response = client.postEvent(event());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void scriptsLatencyForADuration() throws IOException {
    addFault("{\"type\":\"latency\",\"delayMs\":200,\"durationMs\":1000}");

    assertThat(activeFaults()).containsExactly("latency 200 ms for another 1000 ms");
    clock.advance(Duration.ofSeconds(1));
    assertThat(activeFaults()).isEmpty();
  }

  @Test
  void scriptsAFailureOnEveryNthRequest() throws IOException {
    addFault("{\"type\":\"every_nth\",\"n\":3,\"status\":503}");

    assertThat(statusesOfEvents(6)).containsExactly(202, 202, 503, 202, 202, 503);
  }

  @Test
  void scriptsACountedRateLimitWithItsResetHeader() throws IOException {
    addFault("{\"type\":\"rate_limit\",\"count\":3,\"resetSeconds\":2}");

    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      responses.add(client.postEvent(event()));
    }

    assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(429, 429, 429, 202);
    assertThat(responses.get(0).headers().firstValue("x-ratelimit-reset")).hasValue("2");
    assertThat(responses.get(0).headers().firstValue("x-ratelimit-name")).hasValue("events");
  }

  @Test
  void scriptsARateLimitUntilClearedAnnouncingOneSecondByDefault() throws IOException {
    addFault("{\"type\":\"rate_limit\"}");

    HttpResponse<String> limited = client.postEvent(event());

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("x-ratelimit-reset")).hasValue("1");
    assertThat(activeFaults()).containsExactly("rate limit (429) until cleared");
  }

  @Test
  void scriptsATimedRateLimit() throws IOException {
    addFault("{\"type\":\"rate_limit\",\"durationMs\":5000}");

    HttpResponse<String> limited = client.postEvent(event());
    clock.advance(Duration.ofSeconds(5));

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("x-ratelimit-reset")).hasValue("5");
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void scriptsDroppedConnections() throws IOException {
    addFault("{\"type\":\"drop_connection\",\"count\":2}");

    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
    assertThat(simulator.droppedConnections()).isEqualTo(2);
  }

  @Test
  void scriptsDroppedConnectionsForADurationInEmptyResponseMode() throws IOException {
    addFault("{\"type\":\"drop_connection\",\"durationMs\":1000,\"mode\":\"empty_response\"}");

    assertThat(activeFaults())
        .containsExactly("dropped connection (EMPTY_RESPONSE) for another 1000 ms");
    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void answersAnAddedFaultWithTheActiveFaults() throws IOException {
    addFault("{\"type\":\"status\",\"status\":500,\"count\":1}");

    HttpResponse<String> response =
        client.admin("POST", FAULTS, "{\"type\":\"every_nth\",\"n\":2,\"status\":502}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(texts(json(response).get("activeFaults")))
        .containsExactly(
            "status 500 for the next 1 request(s)",
            "status 502 on one request in every 2 (0 seen)");
  }

  @Test
  void clearsEveryFault() throws IOException {
    addFault("{\"type\":\"status\",\"status\":500,\"durationMs\":60000}");

    HttpResponse<String> response = client.admin("DELETE", FAULTS, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(activeFaults()).isEmpty();
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void listsTheAcceptedEvents() throws IOException {
    ObjectNode sent = event().put("alert_type", "error").put("aggregation_key", "orders");
    sent.putArray("tags").add("team:data");
    long id = json(client.postEvent(sent)).get("event").get("id").asLong();
    client.postEvent(event().put("text", ""));

    HttpResponse<String> response = client.admin("GET", "/__admin/datadog/events", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode events = json(response);
    assertThat(events.isArray()).isTrue();
    assertThat(events).hasSize(1);
    JsonNode event = events.get(0);
    assertThat(event.get("id").asLong()).isEqualTo(id);
    assertThat(event.get("id_str").asText()).isEqualTo(Long.toString(id));
    assertThat(event.get("title").asText()).isEqualTo("Null rate rose");
    assertThat(event.get("text").asText()).isEqualTo("orders.customer_id");
    assertThat(texts(event.get("tags"))).containsExactly("team:data");
    assertThat(event.get("alert_type").asText()).isEqualTo("error");
    assertThat(event.get("priority").isNull()).isTrue();
    assertThat(event.get("aggregation_key").asText()).isEqualTo("orders");
    assertThat(event.get("date_happened").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(event.get("received_at").asText()).isEqualTo("2025-03-01T12:00:00Z");
    assertThat(event.get("raw").asText()).isEqualTo(sent.toString());
  }

  @Test
  void forgetsTheAcceptedEventsAndCounters() throws IOException {
    client.postEvent(event());

    HttpResponse<String> response = client.admin("DELETE", "/__admin/datadog/events", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(simulator.acceptedEvents()).isEmpty();
    assertThat(json(client.admin("GET", "/__admin/datadog/events", null))).isEmpty();
    assertThat(simulator.requestCount()).isZero();
  }

  @Test
  void reportsRequestsByStatusInItsStats() throws IOException {
    client.postEvent(event());
    client.postEvent(event());
    client.postEvent(event().toString(), "wrong-key");
    addFault("{\"type\":\"drop_connection\",\"count\":1}");
    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);

    HttpResponse<String> response = client.admin("GET", "/__admin/datadog/stats", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            "{\"requests\":4,\"accepted\":2,\"responsesByStatus\":{\"202\":2,\"403\":1},"
                + "\"droppedConnections\":1}");
  }

  @Test
  void resetsFaultsAndRecordings() throws IOException {
    client.postEvent(event());
    addFault("{\"type\":\"status\",\"status\":500,\"durationMs\":60000}");

    HttpResponse<String> response = client.admin("POST", "/__admin/datadog/reset", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(activeFaults()).isEmpty();
    assertThat(simulator.acceptedEvents()).isEmpty();
  }

  @Test
  void changesTheAcceptedApiKey() throws IOException {
    HttpResponse<String> response =
        client.admin("PUT", "/__admin/datadog/api-key", "{\"apiKey\":\"rotated\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(client.validate(API_KEY).statusCode()).isEqualTo(403);
    assertThat(client.validate("rotated").statusCode()).isEqualTo(200);
  }

  @Test
  void rejectsAnApiKeyBodyWithoutTheKey() throws IOException {
    assertBadRequest(
        client.admin("PUT", "/__admin/datadog/api-key", "{\"key\":\"x\"}"),
        "Body must be {\"apiKey\":\"<new key>\"}");
    assertBadRequest(
        client.admin("PUT", "/__admin/datadog/api-key", "{\"apiKey\":\" \"}"),
        "API key must not be blank");
  }

  @Test
  void rejectsAFaultThatIsNotJson() throws IOException {
    assertBadRequest(client.admin("POST", FAULTS, "{type: status"), "Body is not valid JSON");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"status\":500,\"count\":1}"
            + " | \"type\" must be one of latency, status, every_nth, rate_limit, drop_connection,"
            + " got null",
        "{\"type\":\"outage\"} | \"type\" must be one of latency, status, every_nth, rate_limit,"
            + " drop_connection, got \"outage\"",
        "{\"type\":\"status\",\"status\":500,\"count\":1,\"durationMs\":10} | Give at most one"
            + " of \"count\" (next N requests) or \"durationMs\" (for a time)",
        "{\"type\":\"status\",\"status\":200,\"count\":1} | status must be an error status between"
            + " 400 and 599, got 200",
        "{\"type\":\"status\",\"status\":\"500\",\"count\":1} | \"status\" must be a whole number,"
            + " got \"500\"",
        "{\"type\":\"status\",\"status\":500,\"duration\":10} | Unknown field(s) [duration] for"
            + " fault type \"status\"; valid: [count, durationMs, matching, status]",
        "{\"type\":\"status\",\"status\":503,\"matching\":\"ev-(\"} | matching is not a valid regular"
            + " expression",
        "{\"type\":\"status\",\"status\":503,\"matching\":\"ev-1\",\"count\":2} | \"matching\" goes"
            + " without \"count\" and \"durationMs\"",
        "{\"type\":\"latency\"} | \"delayMs\" must be a whole number, got nothing",
        "{\"type\":\"every_nth\",\"n\":0,\"status\":503} | n must be at least 1, got 0",
        "{\"type\":\"rate_limit\",\"durationMs\":1000,\"resetSeconds\":2} | \"resetSeconds\" does"
            + " not go with \"durationMs\"",
        "{\"type\":\"latency\",\"delayMs\":10,\"count\":1} | Unknown field(s) [count]",
        "{\"type\":\"status\",\"status\":500,\"durationMs\":0} | duration must be at least 1 ms",
        "{\"type\":\"drop_connection\",\"count\":1,\"mode\":\"hang\"} | \"mode\" must be one of"
            + " reset_by_peer, empty_response, got \"hang\"",
        "[1] | Body must be a JSON object"
      })
  void rejectsAFaultItCannotScriptWithAClearReason(String body, String reason) throws IOException {
    assertBadRequest(client.admin("POST", FAULTS, body), reason);
    assertThat(activeFaults()).isEmpty();
  }

  @Test
  void neverFaultsItsOwnRequests() throws IOException {
    addFault("{\"type\":\"drop_connection\",\"durationMs\":60000}");
    addFault("{\"type\":\"latency\",\"delayMs\":30000}");

    assertThat(client.admin("GET", "/__admin/datadog/stats", null).statusCode()).isEqualTo(200);
    assertThat(client.admin("GET", "/__admin/datadog/events", null).statusCode()).isEqualTo(200);
  }

  private void addFault(String body) throws IOException {
    HttpResponse<String> response = client.admin("POST", FAULTS, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private List<String> activeFaults() throws IOException {
    HttpResponse<String> response = client.admin("GET", FAULTS, null);
    assertThat(response.statusCode()).isEqualTo(200);
    return texts(json(response).get("activeFaults"));
  }

  private List<Integer> statusesOfEvents(int count) throws IOException {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(client.postEvent(event()).statusCode());
    }
    return statuses;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static void assertBadRequest(HttpResponse<String> response, String reason) {
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode errors = json(response).get("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).asText()).startsWith(reason);
  }
}
