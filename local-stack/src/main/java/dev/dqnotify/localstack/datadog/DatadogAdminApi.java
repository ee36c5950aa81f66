package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The simulator's routes on WireMock's admin API, under {@code /__admin/datadog}, so a process
 * other than the one that started the simulator can script faults and read what was received. The
 * routes are documented on {@link DatadogSimulator}. Admin requests never meet a fault.
 */
final class DatadogAdminApi implements AdminApiExtension {

  private final ApiKey apiKey;
  private final Faults faults;
  private final Recorder recorder;
  private final MonitorStore monitors;
  private final MonitorEvaluator evaluator;

  DatadogAdminApi(
      ApiKey apiKey,
      Faults faults,
      Recorder recorder,
      MonitorStore monitors,
      MonitorEvaluator evaluator) {
    this.monitors = monitors;
    this.evaluator = evaluator;
    this.apiKey = apiKey;
    this.faults = faults;
    this.recorder = recorder;
  }

  @Override
  public String getName() {
    return "dqnotify-datadog-admin";
  }

  @Override
  public void contributeAdminApiRoutes(Router router) {
    router.add(RequestMethod.GET, "/datadog/faults", (admin, event, params) -> activeFaults());
    router.add(RequestMethod.POST, "/datadog/faults", (admin, event, params) -> addFault(event));
    router.add(
        RequestMethod.DELETE,
        "/datadog/faults",
        (admin, event, params) -> {
          faults.clear();
          return activeFaults();
        });
    router.add(RequestMethod.GET, "/datadog/events", (admin, event, params) -> events());
    router.add(
        RequestMethod.DELETE,
        "/datadog/events",
        (admin, event, params) -> {
          recorder.clear();
          return stats();
        });
    router.add(RequestMethod.GET, "/datadog/stats", (admin, event, params) -> stats());
    router.add(
        RequestMethod.POST,
        "/datadog/reset",
        (admin, event, params) -> {
          faults.clear();
          recorder.clear();
          monitors.clear();
          evaluator.clear();
          return stats();
        });
    router.add(RequestMethod.PUT, "/datadog/api-key", (admin, event, params) -> setApiKey(event));
    router.add(
        RequestMethod.GET, "/datadog/notifications", (admin, event, params) -> notifications(event));
    router.add(
        RequestMethod.DELETE,
        "/datadog/notifications",
        (admin, event, params) -> {
          ObjectNode body = Json.MAPPER.createObjectNode();
          body.put("cleared", evaluator.clearNotifications());
          return Json.response(200, body).build();
        });
    router.add(
        RequestMethod.POST,
        "/datadog/monitors/evaluate",
        (admin, event, params) ->
            Json.response(200, notificationsJson(evaluator.evaluateNow())).build());
    router.add(RequestMethod.GET, "/datadog/monitors/states", (admin, event, params) -> states());
  }

  /** Filtered by {@code handle} (with or without its {@code @}) and {@code monitor_id}. */
  private ResponseDefinition notifications(ServeEvent event) {
    Stream<Notification> notifications = evaluator.notifications().stream();
    QueryParameter handle = event.getRequest().queryParameter("handle");
    if (handle.isPresent() && !handle.firstValue().isBlank()) {
      String wanted = handle.firstValue().startsWith("@") ? handle.firstValue() : "@" + handle.firstValue();
      notifications = notifications.filter(n -> n.handle().equals(wanted));
    }
    QueryParameter monitor = event.getRequest().queryParameter("monitor_id");
    if (monitor.isPresent() && !monitor.firstValue().isBlank()) {
      long id;
      try {
        id = Long.parseLong(monitor.firstValue().strip());
      } catch (NumberFormatException e) {
        return badRequest("monitor_id must be a monitor's id (an integer), got '" + monitor.firstValue() + "'");
      }
      notifications = notifications.filter(n -> n.monitorId() == id);
    }
    return Json.response(200, notificationsJson(notifications.toList())).build();
  }

  private static ArrayNode notificationsJson(List<Notification> notifications) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (Notification n : notifications) {
      ObjectNode json = array.addObject();
      json.put("id", n.id());
      json.put("monitor_id", n.monitorId());
      json.put("monitor_name", n.monitorName());
      json.put("group", n.group());
      json.put("transition", n.transition().jsonName());
      json.put("handle", n.handle());
      json.put("message", n.message());
      if (n.eventId() == null) {
        json.putNull("event_id");
      } else {
        json.put("event_id", n.eventId().toString());
      }
      json.put("value", n.value());
      json.put("at", n.at().toString());
    }
    return array;
  }

  private ResponseDefinition states() {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (StoredMonitor monitor : monitors.all()) {
      ObjectNode json = array.addObject();
      json.put("monitor_id", monitor.id());
      json.put("name", monitor.name());
      json.put("overall_state", evaluator.overallState(monitor.id()));
      ArrayNode alerting = json.putArray("alerting_groups");
      evaluator.alertingGroups(monitor.id()).forEach(alerting::add);
    }
    return Json.response(200, array).build();
  }

  private ResponseDefinition addFault(ServeEvent event) {
    return withJsonBody(
        event,
        body -> {
          FaultCommand.apply(body, faults);
          return activeFaults();
        });
  }

  private ResponseDefinition setApiKey(ServeEvent event) {
    return withJsonBody(
        event,
        body -> {
          JsonNode key = body.get("apiKey");
          if (key == null || !key.isTextual()) {
            throw new IllegalArgumentException("Body must be {\"apiKey\":\"<new key>\"}");
          }
          apiKey.set(key.asText());
          return Json.response(200, "{}").build();
        });
  }

  private ResponseDefinition activeFaults() {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode active = body.putArray("activeFaults");
    faults.describeActive().forEach(active::add);
    return Json.response(200, body).build();
  }

  private ResponseDefinition events() {
    ArrayNode events = Json.MAPPER.createArrayNode();
    for (ReceivedEvent received : recorder.acceptedEvents()) {
      ObjectNode event = events.addObject();
      event.put("id", received.id());
      event.put("id_str", Long.toString(received.id()));
      event.put("title", received.title());
      event.put("text", received.text());
      ArrayNode tags = event.putArray("tags");
      received.tags().forEach(tags::add);
      event.put("alert_type", received.alertType());
      event.put("priority", received.priority());
      event.put("aggregation_key", received.aggregationKey());
      event.put("date_happened", received.dateHappened().getEpochSecond());
      event.put("source_type_name", received.sourceTypeName());
      event.put("host", received.host());
      event.put("received_at", received.receivedAt().toString());
      event.put("raw", received.rawJson());
      ArrayNode matched = event.putArray("matched_monitor_ids");
      evaluator.monitorsMatching(received.id()).stream().sorted().forEach(matched::add);
    }
    return Json.response(200, events).build();
  }

  private ResponseDefinition stats() {
    Recorder.Stats stats = recorder.stats();
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("requests", stats.requests());
    body.put("accepted", stats.accepted());
    ObjectNode byStatus = body.putObject("responsesByStatus");
    stats.responsesByStatus().forEach((status, count) -> byStatus.put(status.toString(), count));
    body.put("droppedConnections", stats.droppedConnections());
    return Json.response(200, body).build();
  }

  /** Parses the request body and runs {@code action}; any mistake in the body becomes a 400. */
  private static ResponseDefinition withJsonBody(
      ServeEvent event, Function<JsonNode, ResponseDefinition> action) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(event.getRequest().getBodyAsString());
    } catch (JsonProcessingException e) {
      return badRequest("Body is not valid JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      return badRequest("Body must be a JSON object");
    }
    try {
      return action.apply(body);
    } catch (IllegalArgumentException e) {
      return badRequest(e.getMessage());
    }
  }

  private static ResponseDefinition badRequest(String reason) {
    return Json.response(400, Json.errors(reason)).build();
  }
}
