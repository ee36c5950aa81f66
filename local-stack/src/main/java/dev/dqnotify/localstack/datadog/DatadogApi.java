package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Clock;
import java.time.Instant;

/**
 * The simulated Datadog endpoints {@code POST /api/v1/events} and {@code GET /api/v1/validate}.
 *
 * <p>A request filter rather than stub mappings, so nothing done through WireMock's own admin API
 * (such as {@code POST /__admin/reset}) can remove the endpoints. Other requests pass on to
 * WireMock, which answers 404.
 */
final class DatadogApi implements StubRequestFilterV2 {

  static final String EVENTS_PATH = "/api/v1/events";
  static final String VALIDATE_PATH = "/api/v1/validate";
  static final String API_KEY_HEADER = "DD-API-KEY";

  private static final String EVENT_URL = "https://app.datadoghq.com/event/event?id=";

  private final ApiKey apiKey;
  private final Faults faults;
  private final Recorder recorder;
  private final Clock clock;

  DatadogApi(ApiKey apiKey, Faults faults, Recorder recorder, Clock clock) {
    this.apiKey = apiKey;
    this.faults = faults;
    this.recorder = recorder;
    this.clock = clock;
  }

  @Override
  public String getName() {
    return "dqnotify-datadog-api";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String path = pathOf(request.getUrl());
    boolean events = request.getMethod().equals(RequestMethod.POST) && path.equals(EVENTS_PATH);
    boolean validate = request.getMethod().equals(RequestMethod.GET) && path.equals(VALIDATE_PATH);
    if (!events && !validate) {
      return RequestFilterAction.continueWith(request);
    }
    Faults.Decision decision = faults.onRequest(events ? request.getBodyAsString() : null);
    ResponseDefinitionBuilder response =
        decision.interruption().map(this::interrupt).orElseGet(() -> serve(request, events));
    if (!decision.delay().isZero()) {
      response.withFixedDelay(Math.toIntExact(decision.delay().toMillis()));
    }
    return RequestFilterAction.stopWith(response.build());
  }

  private ResponseDefinitionBuilder interrupt(Interruption interruption) {
    if (interruption instanceof Interruption.Drop drop) {
      recorder.countDroppedConnection();
      return ResponseDefinitionBuilder.responseDefinition().withFault(wireMockFault(drop.mode()));
    }
    Interruption.Reply reply = (Interruption.Reply) interruption;
    recorder.countResponse(reply.status());
    ResponseDefinitionBuilder response = Json.response(reply.status(), reply.body());
    reply.headers().forEach(response::withHeader);
    return response;
  }

  private ResponseDefinitionBuilder serve(Request request, boolean events) {
    if (!apiKey.matches(request.getHeader(API_KEY_HEADER))) {
      return answer(403, Json.errors("Forbidden"));
    }
    if (!events) {
      ObjectNode valid = Json.MAPPER.createObjectNode().put("valid", true);
      return answer(200, Json.write(valid));
    }
    ResponseDefinitionBuilder refused = Json.refuseUnlessJson(request.getHeader("Content-Type"));
    if (refused != null) {
      recorder.countResponse(415);
      return refused;
    }
    Instant now = clock.instant();
    EventValidator.Result result = EventValidator.validate(request.getBodyAsString(), now);
    if (result instanceof EventValidator.Invalid invalid) {
      return answer(400, Json.errors(invalid.reason()));
    }
    EventValidator.Valid submitted = (EventValidator.Valid) result;
    ReceivedEvent received = recorder.accept(submitted.event());
    return answer(202, Json.write(acceptedBody(received, submitted)));
  }

  private ResponseDefinitionBuilder answer(int status, String body) {
    recorder.countResponse(status);
    return Json.response(status, body);
  }

  /** The body Datadog answers a created event with; absent optional fields come back as null. */
  private static ObjectNode acceptedBody(
      ReceivedEvent received, EventValidator.Valid submitted) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("status", "ok");
    ObjectNode event = body.putObject("event");
    event.put("id", received.id());
    event.put("id_str", Long.toString(received.id()));
    event.put("title", received.title());
    event.put("text", received.text());
    event.put("date_happened", received.dateHappened().getEpochSecond());
    event.putNull("handle");
    event.put("priority", received.priority());
    if (submitted.relatedEventId() == null) {
      event.putNull("related_event_id");
    } else {
      event.put("related_event_id", submitted.relatedEventId());
    }
    if (!submitted.tagsSent()) {
      event.putNull("tags");
    } else {
      ArrayNode tags = event.putArray("tags");
      received.tags().forEach(tags::add);
    }
    event.put("url", EVENT_URL + received.id());
    return body;
  }

  private static Fault wireMockFault(Faults.ConnectionDrop mode) {
    return switch (mode) {
      case RESET_BY_PEER -> Fault.CONNECTION_RESET_BY_PEER;
      case EMPTY_RESPONSE -> Fault.EMPTY_RESPONSE;
    };
  }

  private static String pathOf(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }
}
