package dev.dqnotify.localstack.datadog;

import static dev.dqnotify.localstack.datadog.SimulatorClient.API_KEY;
import static dev.dqnotify.localstack.datadog.SimulatorClient.event;
import static dev.dqnotify.localstack.datadog.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatadogSimulatorEventsTest extends SimulatorTestCase {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  DatadogSimulatorEventsTest() {
    super(NOW, false);
  }

  @Test
  void listensOnTheLoopbackAddressAtItsPort() {
    assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port());
    assertThat(simulator.port()).isPositive();
  }

  @Test
  void forbidsAnEventWithoutApiKeyHeader() throws IOException {
    HttpResponse<String> response = client.postEvent(event().toString(), null);

    assertForbidden(response);
    assertThat(simulator.acceptedEvents()).isEmpty();
  }

  @Test
  void forbidsAnEventWithWrongApiKey() throws IOException {
    HttpResponse<String> response = client.postEvent(event().toString(), "not-the-key");

    assertForbidden(response);
    assertThat(simulator.acceptedEvents()).isEmpty();
  }

  @Test
  void acceptsOnlyTheNewKeyAfterTheKeyChanges() throws IOException {
    simulator.setApiKey("rotated-key");

    assertForbidden(client.postEvent(event().toString(), API_KEY));
    assertThat(client.postEvent(event().toString(), "rotated-key").statusCode()).isEqualTo(202);
  }

  @Test
  void validateConfirmsTheRightKey() throws IOException {
    HttpResponse<String> response = client.validate(API_KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response))
        .isEqualTo(SimulatorClient.JSON.createObjectNode().put("valid", true));
  }

  @Test
  void validateForbidsAWrongKey() throws IOException {
    assertForbidden(client.validate("not-the-key"));
  }

  @Test
  void validateForbidsAMissingKey() throws IOException {
    assertForbidden(client.validate(null));
  }

  @Test
  void rejectsMalformedJson() throws IOException {
    HttpResponse<String> response = client.postEvent("{\"title\": \"x\", ", API_KEY);

    assertRejected(response, "Request body is not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp"})
  void refusesAnEventWhoseBodyIsNotDeclaredJson(String contentType) throws IOException {
    HttpResponse<String> response =
        client.call(
            "POST",
            "/api/v1/events",
            Map.of("DD-API-KEY", API_KEY, "Content-Type", contentType),
            event().toString());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(json(response).get("errors").get(0).asText())
        .startsWith("Unsupported Media Type")
        .contains(contentType);
    assertThat(simulator.acceptedEvents()).isEmpty();
    assertThat(simulator.responsesByStatus()).containsEntry(415, 1);
  }

  @Test
  void refusesAnEventWithoutContentType() throws IOException {
    HttpResponse<String> response =
        client.callWithoutContentType(
            "POST", "/api/v1/events", Map.of("DD-API-KEY", API_KEY), event().toString());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).contains("no Content-Type");
  }

  @Test
  void acceptsAnEventDeclaredJsonWithACharset() throws IOException {
    HttpResponse<String> response =
        client.call(
            "POST",
            "/api/v1/events",
            Map.of("DD-API-KEY", API_KEY, "Content-Type", "application/json;charset=utf-8"),
            event().toString());

    assertThat(response.statusCode()).isEqualTo(202);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"7000000000000000001\"", "1.5", "true", "{}"})
  void refusesARelatedEventIdThatIsNotAnInteger(String relatedEventId) throws IOException {
    String body =
        event().toString().replaceFirst("\\}$", ",\"related_event_id\":" + relatedEventId + "}");

    assertRejected(
        client.postEvent(body, API_KEY),
        "Invalid JSON structure: related_event_id must be an integer");
  }

  @Test
  void echoesAnIntegerRelatedEventId() throws IOException {
    HttpResponse<String> response =
        client.postEvent(event().put("related_event_id", 7000000000000000001L));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response).at("/event/related_event_id").asLong())
        .isEqualTo(7000000000000000001L);
  }

  @Test
  void rejectsJsonThatIsNotAnObject() throws IOException {
    assertRejected(client.postEvent("[1, 2]", API_KEY), "Request body must be a JSON object");
  }

  @Test
  void rejectsAnEventWithoutTitle() throws IOException {
    ObjectNode event = event();
    event.remove("title");

    assertRejected(client.postEvent(event), "Event title is required");
  }

  @Test
  void rejectsAnEventWithBlankTitle() throws IOException {
    assertRejected(client.postEvent(event().put("title", "  ")), "Event title is required");
  }

  @Test
  void rejectsAnEventWithoutText() throws IOException {
    ObjectNode event = event();
    event.remove("text");

    assertRejected(client.postEvent(event), "Event text is required");
  }

  @Test
  void rejectsAnEventWithBlankText() throws IOException {
    assertRejected(client.postEvent(event().put("text", "")), "Event text is required");
  }

  @Test
  void acceptsTextOfExactlyFourThousandCharacters() throws IOException {
    assertThat(client.postEvent(event().put("text", "x".repeat(4000))).statusCode()).isEqualTo(202);
  }

  @Test
  void rejectsTextOverFourThousandCharacters() throws IOException {
    assertRejected(
        client.postEvent(event().put("text", "x".repeat(4001))),
        "Event text is limited to 4000 characters, got 4001");
  }

  @Test
  void countsTextLengthInCharactersNotUtf16Units() throws IOException {
    // 4000 emoji are 8000 UTF-16 units but 4000 characters.
    String text = "\uD83D\uDCC8".repeat(4000);

    assertThat(client.postEvent(event().put("text", text)).statusCode()).isEqualTo(202);
  }

  @Test
  void acceptsAggregationKeyOfExactlyOneHundredCharacters() throws IOException {
    HttpResponse<String> response =
        client.postEvent(event().put("aggregation_key", "k".repeat(100)));

    assertThat(response.statusCode()).isEqualTo(202);
  }

  @Test
  void rejectsAggregationKeyOverOneHundredCharacters() throws IOException {
    assertRejected(
        client.postEvent(event().put("aggregation_key", "k".repeat(101))),
        "aggregation_key is limited to 100 characters, got 101");
  }

  @Test
  void acceptsAnEventThatHappenedExactlyEighteenHoursAgo() throws IOException {
    long eighteenHoursAgo = NOW.minus(Duration.ofHours(18)).getEpochSecond();

    HttpResponse<String> response =
        client.postEvent(event().put("date_happened", eighteenHoursAgo));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(simulator.acceptedEvents().get(0).dateHappened().getEpochSecond())
        .isEqualTo(eighteenHoursAgo);
  }

  @Test
  void rejectsAnEventThatHappenedMoreThanEighteenHoursAgo() throws IOException {
    long tooOld = NOW.minus(Duration.ofHours(18)).getEpochSecond() - 1;

    assertRejected(
        client.postEvent(event().put("date_happened", tooOld)), "Event too far in the past");
  }

  @Test
  void acceptsAnEventDatedExactlyTwoHoursAhead() throws IOException {
    long twoHoursAhead = NOW.plus(Duration.ofHours(2)).getEpochSecond();

    assertThat(client.postEvent(event().put("date_happened", twoHoursAhead)).statusCode())
        .isEqualTo(202);
  }

  @Test
  void rejectsAnEventDatedMoreThanTwoHoursAhead() throws IOException {
    long tooFarAhead = NOW.plus(Duration.ofHours(2)).getEpochSecond() + 1;

    assertRejected(
        client.postEvent(event().put("date_happened", tooFarAhead)), "Event too far in the future");
  }

  @Test
  void judgesTheDateWindowByTheInjectedClock() throws IOException {
    long dated = NOW.getEpochSecond();
    clock.advance(Duration.ofHours(18).plusSeconds(1));

    assertRejected(
        client.postEvent(event().put("date_happened", dated)), "Event too far in the past");
  }

  @Test
  void rejectsADateThatIsNotEpochSeconds() throws IOException {
    assertRejected(
        client.postEvent(event().put("date_happened", "2025-03-01T12:00:00Z")),
        "date_happened must be a whole number of seconds since the epoch");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "error",
        "warning",
        "info",
        "success",
        "user_update",
        "recommendation",
        "snapshot"
      })
  void acceptsEveryDocumentedAlertType(String alertType) throws IOException {
    assertThat(client.postEvent(event().put("alert_type", alertType)).statusCode()).isEqualTo(202);
    assertThat(simulator.acceptedEvents())
        .singleElement()
        .extracting(ReceivedEvent::alertType)
        .isEqualTo(alertType);
  }

  @Test
  void rejectsAnUnknownAlertType() throws IOException {
    assertRejected(
        client.postEvent(event().put("alert_type", "critical")),
        "Invalid alert_type 'critical': must be one of error, warning, info, success, user_update,"
            + " recommendation, snapshot");
  }

  @ParameterizedTest
  @ValueSource(strings = {"normal", "low"})
  void acceptsEveryDocumentedPriority(String priority) throws IOException {
    assertThat(client.postEvent(event().put("priority", priority)).statusCode()).isEqualTo(202);
  }

  @Test
  void rejectsAnUnknownPriority() throws IOException {
    assertRejected(
        client.postEvent(event().put("priority", "high")),
        "Invalid priority 'high': must be one of normal, low");
  }

  @Test
  void rejectsTagsThatAreNotStrings() throws IOException {
    ObjectNode event = event();
    event.putArray("tags").add("team:data").add(42);

    assertRejected(client.postEvent(event), "tags must be an array of strings");
  }

  @Test
  void acceptsALongTitleAsDatadogDoes() throws IOException {
    String title = "t".repeat(5000);

    assertThat(client.postEvent(event().put("title", title)).statusCode()).isEqualTo(202);
    assertThat(simulator.acceptedEvents().get(0).title()).isEqualTo(title);
  }

  @Test
  void answersAnAcceptedEventWithDatadogsResponseShape() throws IOException {
    ObjectNode sent =
        event().put("priority", "low").put("date_happened", NOW.getEpochSecond() - 60);
    sent.putArray("tags").add("dataset:orders").add("check:null_rate");

    HttpResponse<String> response = client.postEvent(sent);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("ok");
    JsonNode event = body.get("event");
    assertThat(fieldNames(event))
        .containsExactly(
            "id",
            "id_str",
            "title",
            "text",
            "date_happened",
            "handle",
            "priority",
            "related_event_id",
            "tags",
            "url");
    long id = event.get("id").asLong();
    assertThat(event.get("id_str").asText()).isEqualTo(Long.toString(id));
    assertThat(event.get("title").asText()).isEqualTo("Null rate rose");
    assertThat(event.get("text").asText()).isEqualTo("orders.customer_id");
    assertThat(event.get("date_happened").asLong()).isEqualTo(NOW.getEpochSecond() - 60);
    assertThat(event.get("handle").isNull()).isTrue();
    assertThat(event.get("priority").asText()).isEqualTo("low");
    assertThat(event.get("related_event_id").isNull()).isTrue();
    assertThat(event.get("tags"))
        .containsExactly(
            SimulatorClient.JSON.getNodeFactory().textNode("dataset:orders"),
            SimulatorClient.JSON.getNodeFactory().textNode("check:null_rate"));
    assertThat(event.get("url").asText())
        .isEqualTo("https://app.datadoghq.com/event/event?id=" + id);
  }

  @Test
  void answersIdsTooLargeForADoubleSoClientsMustReadIdStr() throws IOException {
    long id = json(client.postEvent(event())).get("event").get("id_str").asLong();

    assertThat(id).isGreaterThan(1L << 53);
  }

  @Test
  void echoesOmittedOptionalFieldsAsNullAndDatesTheEventOnReceipt() throws IOException {
    JsonNode event = json(client.postEvent(event())).get("event");

    assertThat(event.get("priority").isNull()).isTrue();
    assertThat(event.get("tags").isNull()).isTrue();
    assertThat(event.get("date_happened").asLong()).isEqualTo(NOW.getEpochSecond());
  }

  @Test
  void givesEachAcceptedEventAHigherId() throws IOException {
    long first = json(client.postEvent(event())).get("event").get("id").asLong();
    long second = json(client.postEvent(event())).get("event").get("id").asLong();

    assertThat(second).isGreaterThan(first);
  }

  @Test
  void recordsEveryFieldOfAnAcceptedEvent() throws IOException {
    clock.advance(Duration.ofMinutes(1));
    ObjectNode sent =
        event()
            .put("alert_type", "warning")
            .put("priority", "normal")
            .put("aggregation_key", "orders-null-rate")
            .put("date_happened", NOW.getEpochSecond())
            .put("source_type_name", "dqnotify")
            .put("host", "spark-driver-1");
    sent.putArray("tags").add("team:data");

    long id = json(client.postEvent(sent)).get("event").get("id").asLong();

    assertThat(simulator.acceptedEvents())
        .containsExactly(
            new ReceivedEvent(
                id,
                "Null rate rose",
                "orders.customer_id",
                List.of("team:data"),
                "warning",
                "normal",
                "orders-null-rate",
                NOW,
                "dqnotify",
                "spark-driver-1",
                NOW.plus(Duration.ofMinutes(1)),
                sent.toString()));
  }

  @Test
  void recordsOnlyAcceptedEventsButCountsEveryResponse() throws IOException {
    client.postEvent(event());
    client.postEvent(event().put("text", ""));
    client.postEvent(event().toString(), "wrong");
    client.validate(API_KEY);

    assertThat(simulator.acceptedEvents()).hasSize(1);
    assertThat(simulator.requestCount()).isEqualTo(4);
    assertThat(simulator.responsesByStatus()).isEqualTo(Map.of(202, 1, 400, 1, 403, 1, 200, 1));
  }

  @Test
  void forgetsEventsAndCountsWhenRecordingIsCleared() throws IOException {
    long before = json(client.postEvent(event())).get("event").get("id").asLong();

    simulator.clearRecorded();
    long after = json(client.postEvent(event())).get("event").get("id").asLong();

    assertThat(simulator.acceptedEvents()).extracting(ReceivedEvent::id).containsExactly(after);
    assertThat(after).isGreaterThan(before);
    assertThat(simulator.requestCount()).isEqualTo(1);
  }

  @Test
  void resetClearsFaultsAndRecordings() throws IOException {
    client.postEvent(event());
    simulator.faults().statusFor(500, Duration.ofHours(1));

    simulator.reset();

    assertThat(simulator.acceptedEvents()).isEmpty();
    assertThat(simulator.faults().describeActive()).isEmpty();
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void leavesOtherPathsToWireMockWhichAnswersNotFound() throws IOException {
    HttpResponse<String> response = client.admin("GET", "/api/v1/events", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(simulator.requestCount()).isZero();
  }

  @Test
  void keepsItsEndpointsWhenWireMockIsResetThroughItsOwnAdminApi() throws IOException {
    assertThat(client.admin("POST", "/__admin/reset", null).statusCode()).isEqualTo(200);

    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void recordsEveryEventSentConcurrentlyUnderAUniqueId() throws Exception {
    int threads = 8;
    int eventsPerThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<List<Long>>> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        senders.add(
            () -> {
              List<Long> ids = new ArrayList<>();
              for (int i = 0; i < eventsPerThread; i++) {
                HttpResponse<String> response =
                    client.postEvent(event().put("title", "thread " + thread + " event " + i));
                assertThat(response.statusCode()).isEqualTo(202);
                ids.add(json(response).get("event").get("id").asLong());
              }
              return ids;
            });
      }
      Set<Long> answeredIds = new HashSet<>();
      for (Future<List<Long>> sent : pool.invokeAll(senders)) {
        answeredIds.addAll(sent.get());
      }

      List<ReceivedEvent> recorded = simulator.acceptedEvents();
      assertThat(answeredIds).hasSize(threads * eventsPerThread);
      assertThat(recorded)
          .extracting(ReceivedEvent::id)
          .isSorted()
          .containsExactlyInAnyOrderElementsOf(answeredIds);
      assertThat(recorded).extracting(ReceivedEvent::title).doesNotHaveDuplicates();
      assertThat(simulator.responsesByStatus()).isEqualTo(Map.of(202, threads * eventsPerThread));
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void assertForbidden(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("{\"errors\":[\"Forbidden\"]}");
  }

  private void assertRejected(HttpResponse<String> response, String reason) {
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode errors = json(response).get("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).asText()).startsWith(reason);
    assertThat(simulator.acceptedEvents()).isEmpty();
  }
}
