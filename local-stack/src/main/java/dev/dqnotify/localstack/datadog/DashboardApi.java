package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated Datadog v1 Dashboards API under {@code /api/v1/dashboard}: create, list, get,
 * update and delete, held in memory. Like Datadog it needs both keys (403 otherwise), refuses a
 * dashboard without {@code title}, a {@code layout_type} of {@code ordered} or {@code free} and
 * {@code widgets} whose every {@code definition} has a {@code type} (400 {@code {"errors":[…]}}),
 * and gives each dashboard an id like {@code abc-def-123} and each widget a numeric {@code id}, so a
 * client that compares what it wrote with what it reads back must ignore what the server adds.
 */
final class DashboardApi implements StubRequestFilterV2 {

  static final String DASHBOARD_PATH = "/api/v1/dashboard";

  private static final Pattern ONE_DASHBOARD = Pattern.compile(Pattern.quote(DASHBOARD_PATH) + "/([a-z0-9-]{1,64})");
  private static final Set<String> LAYOUTS = Set.of("ordered", "free");

  private final ApiKey apiKey;
  private final Predicate<String> applicationKey;
  private final Clock clock;
  private final Map<String, ObjectNode> dashboards = new TreeMap<>();
  private final AtomicLong ids = new AtomicLong(1000);

  DashboardApi(ApiKey apiKey, Predicate<String> applicationKey, Clock clock) {
    this.apiKey = apiKey;
    this.applicationKey = applicationKey;
    this.clock = clock;
  }

  @Override
  public String getName() {
    return "dqnotify-datadog-dashboards";
  }

  /** Forgets every dashboard. */
  synchronized void clear() {
    dashboards.clear();
  }

  /** Copies of the dashboards held now, by id. */
  synchronized List<JsonNode> all() {
    List<JsonNode> copies = new ArrayList<>();
    dashboards.values().forEach(d -> copies.add(d.deepCopy()));
    return copies;
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String path = request.getUrl().split("\\?", 2)[0];
    if (!path.equals(DASHBOARD_PATH) && !path.startsWith(DASHBOARD_PATH + "/")) {
      return RequestFilterAction.continueWith(request);
    }
    synchronized (this) {
      return RequestFilterAction.stopWith(serve(request, path).build());
    }
  }

  private ResponseDefinitionBuilder serve(Request request, String path) {
    ResponseDefinitionBuilder refused = MonitorApi.refuseUnlessBothKeys(request, apiKey, applicationKey);
    if (refused != null) {
      return refused;
    }
    RequestMethod method = request.getMethod();
    if (path.equals(DASHBOARD_PATH)) {
      if (method.equals(RequestMethod.POST)) {
        return write(newId(), request, Optional.empty());
      }
      if (method.equals(RequestMethod.GET)) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("dashboards");
        dashboards.values().forEach(d -> list.addObject().put("id", d.get("id").asText())
            .put("title", d.get("title").asText()).put("layout_type", d.get("layout_type").asText())
            .put("url", d.get("url").asText()).put("created_at", d.get("created_at").asText())
            .put("modified_at", d.get("modified_at").asText()));
        return Json.response(200, body);
      }
    } else {
      Matcher one = ONE_DASHBOARD.matcher(path);
      if (one.matches()) {
        String id = one.group(1);
        ObjectNode existing = dashboards.get(id);
        if (existing == null) {
          return Json.response(404, Json.errors("Dashboard " + id + " not found"));
        }
        if (method.equals(RequestMethod.GET)) {
          return Json.response(200, existing);
        }
        if (method.equals(RequestMethod.PUT)) {
          return write(id, request, Optional.of(existing));
        }
        if (method.equals(RequestMethod.DELETE)) {
          dashboards.remove(id);
          ObjectNode body = Json.MAPPER.createObjectNode().put("deleted_dashboard_id", id);
          return Json.response(200, body);
        }
      }
    }
    return Json.response(404, Json.errors("No such endpoint: " + method + " " + path));
  }

  private ResponseDefinitionBuilder write(String id, Request request, Optional<ObjectNode> existing) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(request.getBodyAsString());
    } catch (JsonProcessingException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return Json.response(400, Json.errors("The request body must be a JSON object"));
    }
    List<String> errors = check(body);
    if (!errors.isEmpty()) {
      ObjectNode answer = Json.MAPPER.createObjectNode();
      errors.forEach(answer.putArray("errors")::add);
      return Json.response(400, answer);
    }
    ObjectNode stored = ((ObjectNode) body).deepCopy();
    String now = clock.instant().toString();
    stored.put("id", id);
    stored.put("url", "/dashboard/" + id + "/" + stored.get("title").asText().toLowerCase().replaceAll("[^a-z0-9]+", "-"));
    stored.put("author_handle", "dqnotify-simulator");
    stored.put("created_at", existing.map(e -> e.get("created_at").asText()).orElse(now));
    stored.put("modified_at", now);
    stored.get("widgets").forEach(widget -> ((ObjectNode) widget).put("id", ids.incrementAndGet()));
    dashboards.put(id, stored);
    return Json.response(200, stored);
  }

  private static List<String> check(JsonNode body) {
    List<String> errors = new ArrayList<>();
    if (!body.path("title").isTextual() || body.path("title").asText().isBlank()) {
      errors.add("Invalid dashboard: 'title' is required");
    }
    if (!LAYOUTS.contains(body.path("layout_type").asText())) {
      errors.add("Invalid dashboard: 'layout_type' must be one of ordered, free");
    }
    JsonNode widgets = body.path("widgets");
    if (!widgets.isArray()) {
      errors.add("Invalid dashboard: 'widgets' is required");
    } else {
      for (int i = 0; i < widgets.size(); i++) {
        if (!widgets.get(i).path("definition").path("type").isTextual()) {
          errors.add("Invalid widget " + i + ": 'definition.type' is required");
        }
      }
    }
    return errors;
  }

  private String newId() {
    long n = ids.incrementAndGet();
    return Long.toString(n % 1000, 36) + "-" + Long.toString(n / 7 % 1000, 36) + "-" + Long.toString(n, 36);
  }
}
