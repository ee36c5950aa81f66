package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Datadog's API, for tests and the local run: it validates events the way
 * Datadog's v1 Events API does, records what it accepted, and fails on demand.
 *
 * <p>Runs on WireMock, bound to 127.0.0.1. Typical use:
 *
 * <pre>{@code
 * try (DatadogSimulator datadog = DatadogSimulator.start("test-key")) {
 *   datadog.faults().rateLimitNext(2, 1);
 *   // point the forwarder at datadog.baseUrl() with API key "test-key", run it, then:
 *   assertThat(datadog.acceptedEvents()).hasSize(3);
 * }
 * }</pre>
 *
 * <h2>Datadog API</h2>
 *
 * <ul>
 *   <li>{@code POST /api/v1/events}: a {@code DD-API-KEY} header that is missing or not the
 *       configured key gets 403 {@code {"errors":["Forbidden"]}}. A body Datadog would refuse gets
 *       400 {@code {"errors":["<reason>"]}}: malformed JSON or not an object; {@code title} or
 *       {@code text} missing or blank; {@code text} over 4000 characters; {@code aggregation_key}
 *       over 100 characters; {@code date_happened} (epoch seconds) more than 18 h in the past
 *       ("Event too far in the past") or more than 2 h in the future ("Event too far in the
 *       future"); {@code alert_type} not one of error, warning, info, success, user_update,
 *       recommendation, snapshot; {@code priority} not one of normal, low; {@code tags} not an
 *       array of strings; {@code related_event_id} not an integer. Long titles are accepted, as by Datadog. Lengths count Unicode code
 *       points. An accepted event gets 202 {@code {"status":"ok","event":{"id":…,"id_str":"…",
 *       "title":…,"text":…,"date_happened":…,"handle":null,"priority":…,"related_event_id":null,
 *       "tags":[…],"url":"https://app.datadoghq.com/event/event?id=…"}}}; fields the request left
 *       out come back as null, {@code date_happened} then being the time of receipt. Ids increase
 *       and, like Datadog's, exceed 2^53: read {@code id_str}.
 *   <li>{@code GET /api/v1/validate}: 200 {@code {"valid":true}} with the right key, else 403.
 * </ul>
 *
 * <h2>Datadog Dashboards API</h2>
 *
 * <p>{@code POST/GET /api/v1/dashboard} and {@code GET/PUT/DELETE /api/v1/dashboard/{id}}, needing
 * both keys; see {@link DashboardApi} for what is checked and what the server adds.
 *
 * <h2>Datadog Monitors API</h2>
 *
 * <p>Monitors are kept in memory ({@link #monitors()}) and answered as Datadog's v1 API answers
 * them. Every route needs the {@code DD-API-KEY} and a {@code DD-APPLICATION-KEY} (the configured
 * one, or any non-blank key when none was configured); a missing or wrong one gets 403 {@code
 * {"errors":["Forbidden"]}}. A definition Datadog would refuse gets 400 {@code
 * {"errors":["<reason>",…]}}, every reason listed: {@code type} not a Datadog monitor type; {@code
 * name}, {@code message} or {@code query} missing or blank; for {@code event-v2 alert} a query not
 * shaped {@code events("<search>")[.index("…")].rollup("<aggregation>"[, "<measure>"])
 * [.by("<facet>[,…]")].last("<window>") <comparator> <number>}, a window outside 1m–48h, more than
 * 4 facets, or an {@code options.thresholds.critical} that differs from the query's threshold;
 * {@code tags} not an array of strings; {@code priority} not 1–5 or null.
 *
 * <ul>
 *   <li>{@code POST /api/v1/monitor}: creates; 200 with the monitor ({@code id}, {@code created},
 *       {@code modified}, {@code creator}, {@code overall_state}, … and {@code options} with
 *       Datadog's defaults {@code notify_audit}, {@code include_tags}, {@code silenced} added).
 *   <li>{@code PUT /api/v1/monitor/{id}}: the fields sent replace the stored ones and the result is
 *       validated as a whole; the type cannot change; 200 with the monitor, 404 for an unknown id.
 *   <li>{@code GET /api/v1/monitor/{id}}: 200 with the monitor, or 404.
 *   <li>{@code GET /api/v1/monitor}: the monitors in ascending order of id, filtered as Datadog
 *       does by {@code name} (case-insensitive substring), {@code monitor_tags} (comma-separated,
 *       all must be tags of the monitor), {@code tags} (comma-separated, all must be terms of the
 *       query) and {@code id_offset}; paged by {@code page} (from 0) and {@code page_size} (default
 *       100, at most 1000) when {@code page} is given.
 *   <li>{@code DELETE /api/v1/monitor/{id}}: 200 {@code {"deleted_monitor_id":…}}, or 404.
 *   <li>{@code POST /api/v1/monitor/validate}: 200 {@code {}} for a definition that would be
 *       created, else the 400 above; stores nothing.
 * </ul>
 *
 * <p>{@code event-v2 alert} monitors are evaluated on the accepted events as Datadog documents it
 * (search syntax, back-dating to {@code date_happened}, window, groups, rollup, threshold), on the
 * simulator's clock at Datadog's evaluation frequency or at once with {@link #evaluateMonitors()};
 * state changes record a {@link Notification} per {@code @teams-…}, {@code @slack-…} or {@code
 * @opsgenie-…} handle of the rendered message. docs/local-stack.md states the rules and the Datadog
 * pages they rest on. {@code POST}/{@code PUT} bodies not declared {@code application/json} get
 * 415.
 *
 * <p>Scripted faults and the request counters concern event delivery only: monitor requests never
 * meet a fault and are not counted.
 *
 * <p>An event is recorded when its request arrives. Under a latency fault a client that gives up
 * waiting has still had its event accepted, as with a slow real server, so a retry creates a
 * duplicate.
 *
 * <h2>Admin API</h2>
 *
 * <p>Under WireMock's admin path, for processes other than the one that started the simulator. All
 * bodies are JSON; a body that cannot be used gets 400 {@code {"errors":["<reason>"]}}.
 *
 * <ul>
 *   <li>{@code POST /__admin/datadog/faults} adds a fault (see {@link Faults} for how faults
 *       combine) and answers the active faults, as {@code GET} does. A fault lasts until cleared
 *       unless it has {@code "count"} (the next N requests) or {@code "durationMs"} (by the
 *       simulator's clock), never both. Bodies:
 *       <ul>
 *         <li>{@code {"type":"latency","delayMs":200}}, optionally with {@code "durationMs"}
 *         <li>{@code {"type":"status","status":500,"durationMs":5000}}; status 400–599
 *         <li>{@code {"type":"status","status":503,"matching":"<regex>"}}: only the event posts whose
 *             body contains a match, until cleared
 *         <li>{@code {"type":"every_nth","n":3,"status":503}}
 *         <li>{@code {"type":"rate_limit","count":3,"resetSeconds":2}}: 429 with {@code
 *             x-ratelimit-reset} of {@code resetSeconds} (default 1), or with {@code "durationMs"}
 *             instead the seconds left until the fault ends
 *         <li>{@code {"type":"drop_connection","count":2}}, optionally with {@code
 *             "mode":"reset_by_peer"} (default) or {@code "empty_response"}
 *       </ul>
 *   <li>{@code GET /__admin/datadog/faults}: {@code {"activeFaults":["<description>",…]}}.
 *   <li>{@code DELETE /__admin/datadog/faults}: removes every fault.
 *   <li>{@code GET /__admin/datadog/events}: the accepted events, oldest first, as a JSON array of
 *       {@code {"id","id_str","title","text","tags","alert_type","priority","aggregation_key",
 *       "date_happened","source_type_name","host","received_at","raw"}} ({@code raw} is the request
 *       body as a string, {@code received_at} ISO-8601).
 *   <li>{@code DELETE /__admin/datadog/events}: forgets accepted events and counters (as {@link
 *       #clearRecorded()}); answers the stats.
 *   <li>{@code GET /__admin/datadog/stats}: {@code {"requests":N,"accepted":N,
 *       "responsesByStatus":{"202":N,…},"droppedConnections":N}}.
 *   <li>{@code POST /__admin/datadog/reset}: clears faults, accepted events, counters, monitors and
 *       notifications (as {@link #reset()}); answers the stats.
 *   <li>{@code PUT /__admin/datadog/api-key} with {@code {"apiKey":"<key>"}}: changes the accepted
 *       key.
 *   <li>{@code GET|DELETE /__admin/datadog/notifications}, {@code POST
 *       /__admin/datadog/monitors/evaluate}, {@code GET /__admin/datadog/monitors/states}: the
 *       notifications monitors sent and the monitors' states; shapes in docs/local-stack.md.
 * </ul>
 *
 * <p>WireMock's own admin API stays available; nothing done through it removes the Datadog
 * endpoints.
 */
public final class DatadogSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DatadogSimulator.class);
  private static final String HOST = "127.0.0.1";

  private final WireMockServer server;
  private final int port; // kept, as WireMock no longer tells it once stopped
  private final ApiKey apiKey;
  private final Faults faults;
  private final Recorder recorder;
  private final MonitorStore monitors;
  private final MonitorEvaluator evaluator;
  private final ScheduledExecutorService scheduler;
  private final RequestLog requestLog; // null when none was asked for
  private final DashboardApi dashboards;

  private DatadogSimulator(
      WireMockServer server,
      ApiKey apiKey,
      Faults faults,
      Recorder recorder,
      MonitorStore monitors,
      MonitorEvaluator evaluator,
      ScheduledExecutorService scheduler,
      RequestLog requestLog,
      DashboardApi dashboards) {
    this.server = server;
    this.port = server.port();
    this.apiKey = apiKey;
    this.faults = faults;
    this.recorder = recorder;
    this.monitors = monitors;
    this.evaluator = evaluator;
    this.scheduler = scheduler;
    this.requestLog = requestLog;
    this.dashboards = dashboards;
  }

  /** Starts a simulator on a free port that accepts {@code apiKey}, on the system clock. */
  public static DatadogSimulator start(String apiKey) {
    return builder().apiKey(apiKey).start();
  }

  /** A builder for a simulator with a chosen port or clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:PORT}, the base URL to configure a Datadog client with. */
  public String baseUrl() {
    return "http://" + HOST + ":" + port();
  }

  /** The port the simulator listens on. */
  public int port() {
    return port;
  }

  /** Changes the API key the simulator accepts from the next request on. */
  public void setApiKey(String apiKey) {
    this.apiKey.set(apiKey);
    log.info("Datadog simulator API key changed");
  }

  /** The faults scripted on this simulator, for adding and clearing them. */
  public Faults faults() {
    return faults;
  }

  /** The events accepted (answered 202) since start or {@link #clearRecorded()}, oldest first. */
  public List<ReceivedEvent> acceptedEvents() {
    return recorder.acceptedEvents();
  }

  /** Copies of the dashboards held now (v1 Dashboards API, both keys needed), in order of id. */
  public List<JsonNode> dashboards() {
    return dashboards.all();
  }

  /** The monitors held now, in ascending order of id. */
  public List<StoredMonitor> monitors() {
    return monitors.all();
  }

  /**
   * Evaluates every event monitor now, by the simulator's clock, instead of waiting for the next
   * whole minute; answers the notifications this evaluation sent.
   */
  public List<Notification> evaluateMonitors() {
    return evaluator.evaluateNow();
  }

  /** The notifications monitors sent since start, {@link #clearNotifications()} or reset. */
  public List<Notification> notifications() {
    return evaluator.notifications();
  }

  /**
   * The ids of the monitors whose search and window counted the accepted event {@code eventId} in
   * some evaluation so far, ascending; empty when it triggered no monitor (or none has been
   * evaluated since it arrived: call {@link #evaluateMonitors()} first to know now).
   */
  public SortedSet<Long> monitorsMatching(long eventId) {
    return new TreeSet<>(evaluator.monitorsMatching(eventId));
  }

  /**
   * Forgets the notifications sent so far; group states stay, so an alerting group does not
   * notify again because of it.
   */
  public void clearNotifications() {
    evaluator.clearNotifications();
  }

  /** Requests to the Datadog API endpoints, answered or dropped; the admin API is not counted. */
  public int requestCount() {
    return recorder.stats().requests();
  }

  /** Responses the Datadog API endpoints gave, by HTTP status; dropped connections not included. */
  public Map<Integer, Integer> responsesByStatus() {
    return recorder.stats().responsesByStatus();
  }

  /** Requests whose connection a fault dropped. */
  public int droppedConnections() {
    return recorder.stats().droppedConnections();
  }

  /** Forgets accepted events and counters; faults and the API key stay. Ids keep increasing. */
  public void clearRecorded() {
    recorder.clear();
  }

  /**
   * Back to a fresh simulator between tests: clears faults, accepted events, counters, monitors,
   * their group states and notifications. The keys stay; ids keep increasing.
   */
  public void reset() {
    faults.clear();
    recorder.clear();
    monitors.clear();
    evaluator.clear();
    dashboards.clear();
  }

  /** Stops the server; requests in flight may fail. Closing again does nothing. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    if (server.isRunning()) {
      server.stop();
      log.info("Datadog simulator on {} stopped", baseUrl());
    }
    if (requestLog != null) {
      requestLog.close();
    }
  }

  /** Configures and starts a {@link DatadogSimulator}. */
  public static final class Builder {
    private int port;
    private String apiKey;
    private String applicationKey;
    private Clock clock = Clock.systemUTC();
    private String bindAddress = HOST;
    private Path requestLog = fromEnvironment();

    private Builder() {}

    private static Path fromEnvironment() {
      String file = System.getenv(RequestLog.ENVIRONMENT_VARIABLE);
      return file == null || file.isBlank() ? null : Path.of(file);
    }

    /**
     * Appends every request to the Datadog API endpoints to {@code file} as one JSON line (see
     * docs/local-stack.md); null for none. Defaults to the file named by the environment variable
     * {@code DATADOG_SIMULATOR_REQUEST_LOG}, when set.
     */
    public Builder requestLog(Path file) {
      this.requestLog = file;
      return this;
    }

    /**
     * The address to listen on; loopback (the default) for tests and the local run, {@code 0.0.0.0}
     * in a container, where other containers reach it.
     */
    public Builder bindAddress(String bindAddress) {
      if (bindAddress == null || bindAddress.isBlank()) {
        throw new IllegalArgumentException("bind address must not be blank");
      }
      this.bindAddress = bindAddress;
      return this;
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The API key to accept in the {@code DD-API-KEY} header; required. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * The application key to accept in the {@code DD-APPLICATION-KEY} header of monitor requests;
     * when none is set, any non-blank application key is accepted.
     */
    public Builder applicationKey(String applicationKey) {
      if (applicationKey == null || applicationKey.isBlank()) {
        throw new IllegalArgumentException("application key must not be blank");
      }
      this.applicationKey = applicationKey;
      return this;
    }

    /**
     * The clock for the {@code date_happened} window, receipt times and time-bounded faults;
     * defaults to the system clock. Tests pass a clock they move by hand.
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Starts the simulator; it is ready for requests when this returns.
     *
     * @throws IllegalArgumentException when the request log cannot be written
     */
    public DatadogSimulator start() {
      ApiKey key = new ApiKey(apiKey);
      Faults faults = new Faults(clock);
      Recorder recorder = new Recorder();
      MonitorStore monitors = new MonitorStore();
      MonitorEvaluator evaluator = new MonitorEvaluator(monitors, recorder::acceptedEvents, clock);
      // The same class as the API key: both are a single accepted value.
      ApiKey appKey = applicationKey == null ? null : new ApiKey(applicationKey);
      RequestLog requests = requestLog == null ? null : RequestLog.open(requestLog, clock);
      List<Extension> extensions = new ArrayList<>();
      if (requests != null) {
        // The first filter, so it sees every request before an endpoint or a fault answers it.
        extensions.add(requests);
      }
      extensions.add(new DatadogApi(key, faults, recorder, clock));
      extensions.add(
          new MonitorApi(
              key,
              presented -> appKey == null || appKey.matches(presented),
              monitors,
              evaluator,
              clock));
      extensions.add(new DatadogAdminApi(key, faults, recorder, monitors, evaluator));
      DashboardApi dashboards =
          new DashboardApi(key, presented -> appKey == null || appKey.matches(presented), clock);
      extensions.add(dashboards);
      WireMockServer server =
          new WireMockServer(
              WireMockConfiguration.options()
                  .bindAddress(bindAddress)
                  .port(port)
                  // A scripted latency holds one thread per request; WireMock's default of 25 would cap
                  // the concurrency a client under test can reach (and falsify delivery benchmarks).
                  .containerThreads(256)
                  // Keeps a long run's memory flat: the recorder keeps what tests assert on.
                  .disableRequestJournal()
                  // Per-request work a benchmark would count against the client: WireMock's
                  // request dump (the recorder and admin API say what arrived) and a gzip
                  // handler no Datadog client asks for.
                  .stubRequestLoggingDisabled(true)
                  .gzipDisabled(true)
                  // Plain HTTP/1.1 only, so a dropped connection is a dropped TCP connection
                  // rather than a reset HTTP/2 stream on a connection that carries on.
                  .http2PlainDisabled(true)
                  .extensionScanningEnabled(false)
                  .notifier(new WireMockLog())
                  .extensions(extensions.toArray(new Extension[0])));
      server.start();
      // Polls the (possibly hand-moved) clock each second; evaluates once per whole minute of it.
      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "datadog-simulator-monitors");
                thread.setDaemon(true);
                return thread;
              });
      scheduler.scheduleWithFixedDelay(
          () -> {
            try {
              evaluator.evaluateIfDue();
            } catch (RuntimeException e) {
              log.error("Evaluating monitors failed", e);
            }
          },
          1,
          1,
          TimeUnit.SECONDS);
      DatadogSimulator simulator =
          new DatadogSimulator(
              server, key, faults, recorder, monitors, evaluator, scheduler, requests, dashboards);
      log.info(
          "Datadog simulator listening on {}{}",
          simulator.baseUrl(),
          requests == null ? "" : ", logging requests to " + requests.file());
      return simulator;
    }
  }
}
