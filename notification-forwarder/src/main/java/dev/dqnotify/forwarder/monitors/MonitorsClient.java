package dev.dqnotify.forwarder.monitors;

import com.datadog.api.client.ApiClient;
import com.datadog.api.client.ApiException;
import com.datadog.api.client.UnparsedObject;
import com.datadog.api.client.v1.api.DashboardsApi;
import com.datadog.api.client.v1.api.MonitorsApi;
import com.datadog.api.client.v1.model.Dashboard;
import com.datadog.api.client.v1.model.DashboardSummary;
import com.datadog.api.client.v1.api.MonitorsApi.ListMonitorsOptionalParameters;
import com.datadog.api.client.v1.model.Monitor;
import com.datadog.api.client.v1.model.MonitorOptions;
import com.datadog.api.client.v1.model.MonitorThresholds;
import com.datadog.api.client.v1.model.MonitorType;
import com.datadog.api.client.v1.model.MonitorUpdateRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dqnotify.config.Secret;
import dev.dqnotify.forwarder.deliver.DatadogApiClients;
import dev.dqnotify.forwarder.deliver.DatadogSite;
import jakarta.ws.rs.ProcessingException;
import java.net.URI;
import org.openapitools.jackson.nullable.JsonNullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Datadog's v1 Monitors API through the official client: lists the monitors dqnotify manages and
 * creates, updates, validates and deletes them, one request per call; and the v1 Dashboards API for
 * {@code dq-forwarder dashboard}. Every failure becomes a
 * {@link MonitorsClient.Failure} whose message names what was being done and never holds a key.
 *
 * <p>Not thread-safe: the command uses it from one thread. It remembers the options of the monitors
 * it last listed, so an update changes only the options dqnotify manages and keeps any added by
 * hand (Datadog replaces {@code options} as a whole).
 */
final class MonitorsClient implements AutoCloseable {

  private static final int PAGE_SIZE = 100;

  /** Stops a server that always answers a full page from keeping us listing forever. */
  private static final int MAX_PAGES = 1000;

  private static final String MASK = "<masked>";

  private final URI baseUrl;
  private final ApiClient apiClient;
  private final MonitorsApi monitors;
  private final DashboardsApi dashboards;
  private final List<Secret> keys;
  private final Map<Long, MonitorOptions> listedOptions = new TreeMap<>();

  /**
   * @param baseUrl from {@link DatadogSite#baseUrl(String)}
   * @param timeout for connecting and for each answer; the client's default is to wait forever
   */
  MonitorsClient(URI baseUrl, Secret apiKey, Secret applicationKey, Duration timeout) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.keys = List.of(apiKey, applicationKey);
    // The client's own retry stays off: a failed command is simply run again, every step is idempotent.
    apiClient = DatadogApiClients.create(baseUrl, timeout, timeout);
    apiClient.configureApiKeys(
        Map.of("apiKeyAuth", apiKey.reveal(), "appKeyAuth", applicationKey.reveal()));
    monitors = new MonitorsApi(apiClient);
    dashboards = new DashboardsApi(apiClient);
  }

  /**
   * A dashboard file's JSON as the client's model, so a widget or field the Dashboards API does not
   * know fails here, naming it, before anything is sent.
   *
   * @throws IllegalArgumentException naming what does not fit
   */
  Dashboard dashboardOf(JsonNode json) {
    Dashboard dashboard;
    try {
      dashboard = apiClient.getJSON().getMapper().treeToValue(json, Dashboard.class);
    } catch (Exception e) {
      throw new IllegalArgumentException("not a Datadog dashboard: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (dashboard.getTitle() == null || dashboard.getWidgets() == null || dashboard.getLayoutType() == null) {
      throw new IllegalArgumentException("not a Datadog dashboard: title, layout_type and widgets are required");
    }
    // The client keeps what it cannot read as an UnparsedObject instead of failing.
    for (int i = 0; i < dashboard.getWidgets().size(); i++) {
      if (dashboard.getWidgets().get(i).getDefinition().getActualInstance() instanceof UnparsedObject) {
        throw new IllegalArgumentException("not a Datadog dashboard: widget " + i + " has a definition the Dashboards"
            + " API does not know (" + json.path("widgets").path(i).path("definition").path("type") + ")");
      }
    }
    return dashboard;
  }

  /** {@code dashboard} as JSON, as the client would send it. */
  JsonNode json(Dashboard dashboard) {
    return apiClient.getJSON().getMapper().valueToTree(dashboard);
  }

  /** The ids of the dashboards titled {@code title}. */
  List<String> dashboardsTitled(String title) throws Failure {
    List<String> ids = new ArrayList<>();
    DashboardSummary all = callDashboards("listing dashboards", DashboardsApi::listDashboards);
    if (all.getDashboards() != null) {
      all.getDashboards().stream().filter(d -> title.equals(d.getTitle())).forEach(d -> ids.add(d.getId()));
    }
    return ids;
  }

  /** The dashboard {@code id} as JSON. */
  JsonNode dashboard(String id) throws Failure {
    return json(callDashboards("reading dashboard " + id, api -> api.getDashboard(id)));
  }

  /** Creates the dashboard; returns its id. */
  String createDashboard(Dashboard dashboard) throws Failure {
    return callDashboards("creating dashboard " + dashboard.getTitle(), api -> api.createDashboard(dashboard)).getId();
  }

  /** Replaces dashboard {@code id} with {@code dashboard}. */
  void updateDashboard(String id, Dashboard dashboard) throws Failure {
    callDashboards("updating dashboard " + id, api -> api.updateDashboard(id, dashboard));
  }

  /** A Datadog request failed; the message is safe to print. */
  static final class Failure extends Exception {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Every monitor tagged {@code managed-by:dqnotify}, and every monitor named {@code [dqnotify] …}
   * (one whose tags were edited away by hand is still ours), each once, in ascending order of id.
   */
  List<Plan.Existing> managed() throws Failure {
    Map<Long, Monitor> found = new TreeMap<>();
    listAll(new ListMonitorsOptionalParameters().monitorTags(RouteMonitors.MANAGED_TAG))
        .forEach(m -> found.put(m.getId(), m));
    listAll(new ListMonitorsOptionalParameters().name(RouteMonitors.NAME_PREFIX.strip())).stream()
        .filter(m -> m.getName() != null && m.getName().startsWith(RouteMonitors.NAME_PREFIX))
        .forEach(m -> found.put(m.getId(), m));
    listedOptions.clear();
    List<Plan.Existing> existing = new ArrayList<>();
    for (Monitor monitor : found.values()) {
      listedOptions.put(monitor.getId(), monitor.getOptions());
      existing.add(new Plan.Existing(monitor.getId(), spec(monitor)));
    }
    return existing;
  }

  /** The reasons Datadog gives for refusing {@code spec}; empty when it would take it. */
  List<String> validate(MonitorSpec spec) throws Failure {
    try {
      monitors.validateMonitor(newMonitor(spec));
      return List.of();
    } catch (ApiException e) {
      if (e.getCode() == 400) {
        return errors(e);
      }
      throw failure("validating monitor '" + spec.name() + "'", e);
    } catch (ProcessingException e) {
      throw failure("validating monitor '" + spec.name() + "'", e);
    }
  }

  /** Creates the monitor; returns its id. */
  long create(MonitorSpec spec) throws Failure {
    return call(
        "creating monitor '" + spec.name() + "'",
        api -> api.createMonitor(newMonitor(spec)).getId());
  }

  /** Makes monitor {@code id} match {@code spec}, sending every managed field. */
  void update(long id, MonitorSpec spec) throws Failure {
    MonitorUpdateRequest request =
        new MonitorUpdateRequest()
            .name(spec.name())
            .type(MonitorType.fromValue(spec.type()))
            .query(spec.query())
            .message(spec.message())
            .tags(spec.tags())
            .options(options(listedOptions.get(id), spec))
            // Sent even when null: that is how a priority removed from the file is cleared.
            .priority(spec.priority());
    call(
        "updating monitor " + id + " '" + spec.name() + "'", api -> api.updateMonitor(id, request));
  }

  void delete(long id) throws Failure {
    call("deleting monitor " + id, api -> api.deleteMonitor(id));
  }

  @Override
  public void close() {
    apiClient.getHttpClient().close();
  }

  private List<Monitor> listAll(ListMonitorsOptionalParameters filter) throws Failure {
    List<Monitor> all = new ArrayList<>();
    for (long page = 0; page < MAX_PAGES; page++) {
      long current = page;
      List<Monitor> batch =
          call(
              "listing monitors",
              api -> api.listMonitors(filter.page(current).pageSize(PAGE_SIZE)));
      all.addAll(batch);
      if (batch.size() < PAGE_SIZE) {
        return all;
      }
    }
    throw new Failure(
        "listing monitors: Datadog still had full pages after "
            + MAX_PAGES * PAGE_SIZE
            + " monitors; stopped");
  }

  private static Monitor newMonitor(MonitorSpec spec) {
    return new Monitor()
        .name(spec.name())
        .type(MonitorType.fromValue(spec.type()))
        .query(spec.query())
        .message(spec.message())
        .tags(spec.tags())
        .options(options(null, spec))
        .priority(spec.priority());
  }

  /**
   * {@code base} (the monitor's current options, if known) with the managed ones set, and without
   * what an event monitor must not be sent: the client's defaults for deprecated options ({@code
   * new_host_delay} 300) and for Synthetics-only ones ({@code min_failure_duration}, {@code
   * min_location_failed}), and the deprecated options Datadog echoes back when a monitor is listed
   * ({@code silenced}, {@code locked}, {@code synthetics_check_id}, {@code
   * groupby_simple_monitor}, {@code enable_logs_sample}), which an update would otherwise send.
   */
  @SuppressWarnings("deprecation") // clearing the deprecated options is the point
  static MonitorOptions options(MonitorOptions base, MonitorSpec spec) {
    MonitorOptions options = base == null ? new MonitorOptions() : base;
    MonitorThresholds thresholds =
        options.getThresholds() == null ? new MonitorThresholds() : options.getThresholds();
    options.setNewHostDelay_JsonNullable(JsonNullable.undefined());
    options.setSyntheticsCheckId_JsonNullable(JsonNullable.undefined());
    options.setMinFailureDuration_JsonNullable(JsonNullable.undefined());
    options.setMinLocationFailed_JsonNullable(JsonNullable.undefined());
    options.setSilenced(null);
    options.setLocked(null);
    options.setGroupbySimpleMonitor(null);
    options.setEnableLogsSample(null);
    return options
        .thresholds(thresholds.critical(spec.criticalThreshold()))
        .notifyNoData(spec.notifyNoData())
        .includeTags(spec.includeTags());
  }

  private static MonitorSpec spec(Monitor monitor) {
    MonitorOptions options = monitor.getOptions();
    MonitorThresholds thresholds = options == null ? null : options.getThresholds();
    return new MonitorSpec(
        monitor.getName(),
        monitor.getType() == null ? null : monitor.getType().getValue(),
        monitor.getQuery(),
        monitor.getMessage(),
        monitor.getTags(),
        monitor.getPriority(),
        thresholds == null ? null : thresholds.getCritical(),
        options == null ? null : options.getNotifyNoData(),
        options == null ? null : options.getIncludeTags());
  }

  /** One Datadog call with its failures translated; {@code what} says what was being done. */
  private <T> T call(String what, ApiCall<T> request) throws Failure {
    try {
      return request.apply(monitors);
    } catch (ApiException e) {
      throw failure(what, e);
    } catch (ProcessingException e) {
      throw failure(what, e);
    }
  }

  @FunctionalInterface
  private interface ApiCall<T> {
    T apply(MonitorsApi api) throws ApiException;
  }

  private <T> T callDashboards(String what, DashboardCall<T> request) throws Failure {
    try {
      return request.apply(dashboards);
    } catch (ApiException e) {
      throw failure(what, e);
    } catch (ProcessingException e) {
      throw failure(what, e);
    }
  }

  @FunctionalInterface
  private interface DashboardCall<T> {
    T apply(DashboardsApi api) throws ApiException;
  }

  private Failure failure(String what, ApiException e) {
    if (e.getCode() == 0) {
      return new Failure(what + ": request not sent: " + redact(String.valueOf(e.getCause())));
    }
    String hint =
        e.getCode() == 401 || e.getCode() == 403
            ? " (check DD_API_KEY and DD_APP_KEY: they must belong to an organisation on "
                + baseUrl
                + " (--site, DD_SITE), and the application key may read and write monitors and dashboards)"
            : "";
    return new Failure(
        what + ": Datadog answered " + e.getCode() + " " + String.join("; ", errors(e)) + hint);
  }

  private Failure failure(String what, ProcessingException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return new Failure(
        what + ": no answer from " + baseUrl + " (" + redact(cause.toString()) + ")");
  }

  /** Datadog's {@code {"errors":[…]}}, or the body as it came. */
  private List<String> errors(ApiException e) {
    String body = e.getResponseBody();
    if (body == null || body.isBlank()) {
      return List.of("(no body)");
    }
    try {
      JsonNode errors = apiClient.getJSON().getMapper().readTree(body).get("errors");
      if (errors != null && errors.isArray() && !errors.isEmpty()) {
        List<String> reasons = new ArrayList<>();
        errors.forEach(reason -> reasons.add(redact(reason.asText())));
        return reasons;
      }
    } catch (Exception notJson) {
      // fall through to the raw body
    }
    return List.of(redact(body.strip()));
  }

  /** Keeps both keys out of anything printed, should a server or proxy echo one back. */
  private String redact(String text) {
    String redacted = text;
    for (Secret key : keys) {
      if (redacted != null && !key.isEmpty()) {
        redacted = redacted.replace(key.reveal(), MASK);
      }
    }
    return redacted;
  }
}
