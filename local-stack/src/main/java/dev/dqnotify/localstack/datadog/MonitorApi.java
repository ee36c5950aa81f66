package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The simulated Datadog v1 Monitors API under {@code /api/v1/monitor}: create, update, get, list,
 * delete and validate, on an in-memory {@link MonitorStore}. The routes are documented on {@link
 * DatadogSimulator}.
 *
 * <p>A request filter, like {@link DatadogApi} and for the same reason: nothing done through
 * WireMock's own admin API can remove it. Scripted faults belong to event delivery and do not reach
 * these endpoints, so a test of monitors is never disturbed by a fault meant for events.
 */
final class MonitorApi implements StubRequestFilterV2 {

  static final String MONITOR_PATH = "/api/v1/monitor";
  static final String VALIDATE_PATH = MONITOR_PATH + "/validate";
  static final String APPLICATION_KEY_HEADER = "DD-APPLICATION-KEY";

  /** Datadog's largest page; a bigger {@code page_size} is refused. */
  static final int MAX_PAGE_SIZE = 1000;

  static final int DEFAULT_PAGE_SIZE = 100;

  private static final Pattern ONE_MONITOR =
      Pattern.compile(Pattern.quote(MONITOR_PATH) + "/(\\d{1,18})");
  private static final List<String> DEFINITION_FIELDS =
      List.of("type", "name", "query", "message", "tags", "options", "priority");

  private final ApiKey apiKey;
  private final Predicate<String> applicationKey;
  private final MonitorStore store;
  private final MonitorEvaluator evaluator;
  private final Clock clock;

  /**
   * @param applicationKey whether a presented {@code DD-APPLICATION-KEY} is accepted; never called
   *     with null
   */
  MonitorApi(
      ApiKey apiKey,
      Predicate<String> applicationKey,
      MonitorStore store,
      MonitorEvaluator evaluator,
      Clock clock) {
    this.apiKey = apiKey;
    this.applicationKey = applicationKey;
    this.store = store;
    this.evaluator = evaluator;
    this.clock = clock;
  }

  @Override
  public String getName() {
    return "dqnotify-datadog-monitors";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String path = request.getUrl().split("\\?", 2)[0];
    if (!path.equals(MONITOR_PATH) && !path.startsWith(MONITOR_PATH + "/")) {
      return RequestFilterAction.continueWith(request);
    }
    return RequestFilterAction.stopWith(serve(request, path).build());
  }

  /**
   * The refusal of a request to an API that needs both keys (monitors, dashboards), or null when it
   * may go on: 403 for a missing or wrong key of either, as Datadog answers; 415 for a POST or PUT
   * whose body is not declared JSON.
   */
  static ResponseDefinitionBuilder refuseUnlessBothKeys(Request request, ApiKey apiKey,
      Predicate<String> applicationKey) {
    String appKey = request.getHeader(APPLICATION_KEY_HEADER);
    if (!apiKey.matches(request.getHeader(DatadogApi.API_KEY_HEADER))
        || appKey == null
        || appKey.isBlank()
        || !applicationKey.test(appKey)) {
      return Json.response(403, Json.errors("Forbidden"));
    }
    RequestMethod method = request.getMethod();
    if (method.equals(RequestMethod.POST) || method.equals(RequestMethod.PUT)) {
      return Json.refuseUnlessJson(request.getHeader("Content-Type"));
    }
    return null;
  }

  private ResponseDefinitionBuilder serve(Request request, String path) {
    ResponseDefinitionBuilder refused = refuseUnlessBothKeys(request, apiKey, applicationKey);
    if (refused != null) {
      return refused;
    }
    RequestMethod method = request.getMethod();
    if (path.equals(MONITOR_PATH)) {
      if (method.equals(RequestMethod.POST)) {
        return create(request);
      }
      if (method.equals(RequestMethod.GET)) {
        return list(request);
      }
    } else if (path.equals(VALIDATE_PATH) && method.equals(RequestMethod.POST)) {
      return validate(request);
    } else {
      Matcher one = ONE_MONITOR.matcher(path);
      if (one.matches()) {
        long id = Long.parseLong(one.group(1));
        if (method.equals(RequestMethod.GET)) {
          return store
              .get(id)
              .map(m -> Json.response(200, toJson(m)))
              .orElseGet(() -> notFound(id));
        }
        if (method.equals(RequestMethod.PUT)) {
          return update(id, request);
        }
        if (method.equals(RequestMethod.DELETE)) {
          return delete(id);
        }
      }
    }
    return Json.response(404, Json.errors("No such endpoint: " + method + " " + path));
  }

  private ResponseDefinitionBuilder create(Request request) {
    Optional<JsonNode> body = body(request);
    if (body.isEmpty()) {
      return notAnObject();
    }
    MonitorValidator.Checked checked = MonitorValidator.check(body.get());
    if (!checked.isValid()) {
      return badRequest(checked.errors());
    }
    return Json.response(200, toJson(store.create(checked.definition(), clock.instant())));
  }

  private ResponseDefinitionBuilder validate(Request request) {
    Optional<JsonNode> body = body(request);
    if (body.isEmpty()) {
      return notAnObject();
    }
    MonitorValidator.Checked checked = MonitorValidator.check(body.get());
    return checked.isValid() ? Json.response(200, "{}") : badRequest(checked.errors());
  }

  /** Fields the body has replace the stored ones; the result must be valid as a whole. */
  private ResponseDefinitionBuilder update(long id, Request request) {
    Optional<StoredMonitor> stored = store.get(id);
    if (stored.isEmpty()) {
      return notFound(id);
    }
    Optional<JsonNode> body = body(request);
    if (body.isEmpty()) {
      return notAnObject();
    }
    ObjectNode merged = definitionJson(stored.get());
    for (String field : DEFINITION_FIELDS) {
      if (body.get().has(field)) {
        merged.set(field, body.get().get(field));
      }
    }
    MonitorValidator.Checked checked = MonitorValidator.check(merged);
    if (!checked.isValid()) {
      return badRequest(checked.errors());
    }
    if (!checked.definition().type().equals(stored.get().type())) {
      return badRequest(
          List.of("The type of a monitor cannot be changed (it is '" + stored.get().type() + "')"));
    }
    return store
        .update(id, checked.definition(), clock.instant())
        .map(m -> Json.response(200, toJson(m)))
        .orElseGet(() -> notFound(id));
  }

  private ResponseDefinitionBuilder delete(long id) {
    if (!store.delete(id)) {
      return notFound(id);
    }
    return Json.response(200, Json.MAPPER.createObjectNode().put("deleted_monitor_id", id));
  }

  /**
   * Datadog's filters: {@code name} is a case-insensitive substring of the name; {@code
   * monitor_tags} (comma-separated) must all be tags of the monitor; {@code tags} (comma-separated)
   * must all appear in the query's scope, here as terms of the query; {@code id_offset} lists only
   * larger ids. {@code page} (from 0) pages by {@code page_size} (default 100, at most 1000);
   * without {@code page}, everything is listed.
   */
  private ResponseDefinitionBuilder list(Request request) {
    Stream<StoredMonitor> monitors = store.all().stream();
    Optional<String> name = param(request, "name");
    if (name.isPresent()) {
      String part = name.get().toLowerCase(Locale.ROOT);
      monitors = monitors.filter(m -> m.name().toLowerCase(Locale.ROOT).contains(part));
    }
    for (String tag : commaSeparated(param(request, "monitor_tags"))) {
      monitors = monitors.filter(m -> m.tags().contains(tag));
    }
    for (String tag : commaSeparated(param(request, "tags"))) {
      Pattern term = Pattern.compile("(?<![\\w:./-])" + Pattern.quote(tag) + "(?![\\w:./-])");
      monitors = monitors.filter(m -> term.matcher(m.query()).find());
    }
    try {
      Optional<Long> idOffset = number(request, "id_offset", 0, Long.MAX_VALUE);
      if (idOffset.isPresent()) {
        long offset = idOffset.get();
        monitors = monitors.filter(m -> m.id() > offset);
      }
      Optional<Long> page = number(request, "page", 0, Integer.MAX_VALUE);
      Optional<Long> pageSize = number(request, "page_size", 1, MAX_PAGE_SIZE);
      if (page.isPresent()) {
        long size = pageSize.orElse((long) DEFAULT_PAGE_SIZE);
        monitors = monitors.skip(page.get() * size).limit(size);
      }
    } catch (IllegalArgumentException e) {
      return badRequest(List.of(e.getMessage()));
    }
    ArrayNode body = Json.MAPPER.createArrayNode();
    monitors.map(this::toJson).forEach(body::add);
    return Json.response(200, body);
  }

  /** A monitor as Datadog's API answers it; {@code overall_state} as last evaluated. */
  private ObjectNode toJson(StoredMonitor monitor) {
    ObjectNode json = definitionJson(monitor);
    json.put("id", monitor.id());
    json.put("org_id", 1);
    json.put("multi", monitor.query().contains(".by("));
    json.put("created", monitor.created().toString());
    json.put("modified", monitor.modified().toString());
    json.putNull("deleted");
    json.putNull("restricted_roles");
    json.put("overall_state", evaluator.overallState(monitor.id()));
    json.put("draft_status", "published");
    json.putObject("creator")
        .put("email", "simulator@dqnotify.dev")
        .put("handle", "simulator@dqnotify.dev")
        .put("name", "Datadog simulator");
    return json;
  }

  private static ObjectNode definitionJson(StoredMonitor monitor) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("type", monitor.type());
    json.put("name", monitor.name());
    json.put("query", monitor.query());
    json.put("message", monitor.message());
    ArrayNode tags = json.putArray("tags");
    monitor.tags().forEach(tags::add);
    json.set("options", Json.MAPPER.valueToTree(monitor.options()));
    if (monitor.priority() == null) {
      json.putNull("priority");
    } else {
      json.put("priority", monitor.priority());
    }
    return json;
  }

  private static Optional<JsonNode> body(Request request) {
    try {
      JsonNode body = Json.MAPPER.readTree(request.getBodyAsString());
      return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> param(Request request, String name) {
    QueryParameter parameter = request.queryParameter(name);
    if (parameter == null || !parameter.isPresent() || parameter.firstValue().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(parameter.firstValue());
  }

  private static List<String> commaSeparated(Optional<String> value) {
    return value.stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(String::strip)
        .filter(tag -> !tag.isEmpty())
        .toList();
  }

  private static Optional<Long> number(Request request, String name, long min, long max) {
    Optional<String> value = param(request, name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(value.get());
      if (n >= min && n <= max) {
        return Optional.of(n);
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    throw new IllegalArgumentException(
        name + " must be an integer from " + min + " to " + max + ", got '" + value.get() + "'");
  }

  private static ResponseDefinitionBuilder notFound(long id) {
    return Json.response(404, Json.errors("Monitor not found: " + id));
  }

  private static ResponseDefinitionBuilder notAnObject() {
    return badRequest(List.of("Request body must be a JSON object"));
  }

  private static ResponseDefinitionBuilder badRequest(List<String> errors) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode list = body.putArray("errors");
    errors.forEach(list::add);
    return Json.response(400, body);
  }
}
