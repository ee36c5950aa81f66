package dev.dqnotify.forwarder.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.forwarder.testing.LogCapture;
import dev.dqnotify.forwarder.testing.RecordingSimulator;
import dev.dqnotify.forwarder.testing.SimulatorRequests;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.StoredMonitor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The command end to end: the official Datadog client against the simulator's Monitors API, with
 * keys from the environment or key files.
 */
class MonitorsCommandIT {

  private static final String API_KEY = "dd0123456789abcdef0123456789abcd";
  private static final String APP_KEY = "app0123456789abcdef0123456789abcdef0123";
  private static final Map<String, String> ENV =
      Map.of("DD_API_KEY", API_KEY, "DD_APP_KEY", APP_KEY);

  private static final String TWO_ROUTES =
      """
      routes:
        - name: stores-north-late-and-silent
          match: {team: team-stores-north, env: prod, event_type: [LATE_DATA, STORE_SILENT]}
          notify: ["@teams-stores-north-dq"]
          priority: 2
        - match: {team: team-stores-south, env: prod}
          notify: ["@teams-stores-south-dq", "@teams-stores-oncall"]
      defaults: {window: 5m, message_prefix: "Data quality alert"}
      """;

  /** Monitor options Datadog marks deprecated, and Synthetics-only ones the client fills in. */
  private static final List<String> NOT_TO_SEND =
      List.of("new_host_delay", "silenced", "locked", "synthetics_check_id", "groupby_simple_monitor",
          "enable_logs_sample", "device_ids", "min_failure_duration", "min_location_failed");

  @RegisterExtension
  static final RecordingSimulator SIMULATOR =
      new RecordingSimulator(API_KEY, builder -> builder.applicationKey(APP_KEY));

  @TempDir Path dir;

  private static DatadogSimulator datadog() {
    return SIMULATOR.simulator();
  }

  /** {@code text} with each {@code '} written as the escaped quote {@code \"} of a query literal. */
  private static String quoted(String text) {
    return text.replace("'", "\\\"");
  }

  /** What one run printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  private Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new MonitorsCommand(env));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private Run run(String command, Path routes, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(command, "--file", routes.toString(), "--datadog-url", datadog().baseUrl()));
    args.addAll(List.of(more));
    return run(ENV, args.toArray(String[]::new));
  }

  private Path routes(String yaml) throws IOException {
    return Files.writeString(dir.resolve("monitors.yaml"), yaml);
  }

  @Test
  void applyCreatesOneEventMonitorPerRoute() throws IOException {
    Run apply = run("apply", routes(TWO_ROUTES));

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out())
        .contains("+ create [dqnotify] stores-north-late-and-silent")
        .contains("+ create [dqnotify] team-stores-south-prod")
        .contains("Plan: 2 to create, 0 to update, 0 unchanged, 0 to delete.")
        .contains("Applied: 2 created, 0 updated, 0 deleted.");
    List<StoredMonitor> monitors = datadog().monitors();
    assertThat(monitors).hasSize(2);
    StoredMonitor north = monitors.get(0);
    assertThat(north.name()).isEqualTo("[dqnotify] stores-north-late-and-silent");
    assertThat(north.type()).isEqualTo("event-v2 alert");
    assertThat(north.query())
        .isEqualTo(
            quoted(
                "events(\"tags:('source:dqnotify') team:'team-stores-north' env:'prod'"
                    + " (event_type:'late_data' OR event_type:'store_silent')\")"
                    + ".rollup(\"count\").by(\"notification_id\").last(\"5m\") > 0"));
    assertThat(north.tags())
        .containsExactlyInAnyOrder(
            "managed-by:dqnotify", "dqnotify-route:stores-north-late-and-silent");
    assertThat(north.message())
        .contains("Data quality alert", "{{event.title}}", "{{{event.text}}}", "{{event.tags}}")
        .contains("@teams-stores-north-dq");
    assertThat(north.priority()).isEqualTo(2L);
    assertThat(north.options())
        .containsEntry("notify_no_data", false)
        .containsEntry("thresholds", Map.of("critical", 0.0));
    StoredMonitor south = monitors.get(1);
    assertThat(south.query())
        .startsWith(quoted("events(\"tags:('source:dqnotify') team:'team-stores-south' env:'prod'\")"));
    assertThat(south.message()).contains("@teams-stores-south-dq @teams-stores-oncall");
    assertThat(south.priority()).isNull();
  }

  @Test
  void applyingTwiceChangesNothingTheSecondTime() throws IOException {
    Path routes = routes(TWO_ROUTES);
    assertThat(run("apply", routes).exitCode()).isZero();
    List<StoredMonitor> afterFirst = datadog().monitors();

    Run second = run("apply", routes);

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("= unchanged [dqnotify] stores-north-late-and-silent")
        .contains("0 to create, 0 to update")
        .contains("Applied: 0 created, 0 updated, 0 deleted.");
    assertThat(datadog().monitors()).isEqualTo(afterFirst);
  }

  @Test
  void planShowsWhatAChangedRouteWouldChangeAndChangesNothing() throws IOException {
    Path routes = routes(TWO_ROUTES);
    run("apply", routes);
    List<StoredMonitor> applied = datadog().monitors();
    routes(
        TWO_ROUTES
            .replace("[LATE_DATA, STORE_SILENT]", "[LATE_DATA]")
            .replace("@teams-stores-north-dq", "@teams-stores-north-ops")
            .replace("priority: 2", "priority: 1"));

    Run plan = run("plan", routes);

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("(plan only: nothing is changed)")
        .contains("~ update [dqnotify] stores-north-late-and-silent (monitor ")
        .contains(
            quoted(
                "    query:\n"
                    + "      - events(\"tags:('source:dqnotify') team:'team-stores-north' env:'prod'"
                    + " (event_type:'late_data' OR event_type:'store_silent')\")"))
        .contains(
            quoted(
                "      + events(\"tags:('source:dqnotify') team:'team-stores-north' env:'prod'"
                    + " event_type:'late_data'\")"))
        .contains("      - @teams-stores-north-dq\n      + @teams-stores-north-ops\n")
        .contains("    priority:\n      - 2\n      + 1\n")
        .contains("= unchanged [dqnotify] team-stores-south-prod")
        .contains("Plan: 0 to create, 1 to update, 1 unchanged, 0 to delete.")
        .doesNotContain("Applied");
    assertThat(datadog().monitors()).isEqualTo(applied);

    Run apply = run("apply", routes);

    assertThat(apply.out()).contains("Applied: 0 created, 1 updated, 0 deleted.");
    StoredMonitor north = datadog().monitors().get(0);
    assertThat(north.revision()).isEqualTo(1);
    assertThat(north.priority()).isEqualTo(1L);
    assertThat(north.message()).contains("@teams-stores-north-ops");
    assertThat(run("plan", routes).out()).contains("0 to create, 0 to update, 2 unchanged");
  }

  @Test
  void clearsAPriorityRemovedFromTheFile() throws IOException {
    Path routes = routes(TWO_ROUTES);
    run("apply", routes);
    routes(TWO_ROUTES.replace("    priority: 2\n", ""));

    Run apply = run("apply", routes);

    assertThat(apply.out()).contains("Applied: 0 created, 1 updated, 0 deleted.");
    assertThat(datadog().monitors().get(0).priority()).isNull();
    assertThat(run("plan", routes).out()).contains("0 to create, 0 to update");
  }

  @Test
  void keepsOptionsAddedByHandWhenItUpdatesAMonitor() throws Exception {
    Path routes = routes(TWO_ROUTES);
    run("apply", routes);
    long id = datadog().monitors().get(0).id();
    updateByHand(id, "{\"options\":{\"renotify_interval\":60,\"thresholds\":{\"critical\":0}}}");
    assertThat(run("plan", routes).out())
        .as("options dqnotify does not manage are not compared")
        .contains("~ update [dqnotify] stores-north-late-and-silent")
        .contains("options.notify_no_data:\n      - (none)\n      + false");
    routes(TWO_ROUTES.replace("priority: 2", "priority: 3"));

    run("apply", routes);

    assertThat(datadog().monitors().get(0).options())
        .containsEntry("renotify_interval", 60)
        .containsEntry("notify_no_data", false);
    assertThat(datadog().monitors().get(0).priority()).isEqualTo(3L);
  }

  @Test
  void sendsNoDeprecatedMonitorOptionsWhenItCreatesOrUpdatesAMonitor() throws IOException {
    int before = SimulatorRequests.count(SIMULATOR.requestLog());
    Path routes = routes(TWO_ROUTES);
    run("apply", routes);
    assertThat(datadog().monitors().get(0).options())
        .as("the simulator, as Datadog, answers with silenced: {} that an update would echo back")
        .containsKey("silenced");
    routes(TWO_ROUTES.replace("priority: 2", "priority: 3"));

    run("apply", routes);

    List<JsonNode> creates = SimulatorRequests.bodies(SIMULATOR.requestLog(), before, "POST", "/api/v1/monitor");
    List<JsonNode> updates = SimulatorRequests.bodies(SIMULATOR.requestLog(), before, "PUT", "/api/v1/monitor/");
    assertThat(creates).isNotEmpty();
    assertThat(updates).isNotEmpty();
    for (JsonNode body : concat(creates, updates)) {
      List<String> sent = new ArrayList<>();
      body.path("options").fieldNames().forEachRemaining(sent::add);
      assertThat(sent).as(body.toString()).doesNotContainAnyElementsOf(NOT_TO_SEND).contains("thresholds");
    }
  }

  /** Changes monitor {@code id} as someone in Datadog's UI (or an older dqnotify) would. */
  private static void updateByHand(long id, String json) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(datadog().baseUrl() + "/api/v1/monitor/" + id))
                    .header("DD-API-KEY", API_KEY)
                    .header("DD-APPLICATION-KEY", APP_KEY)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
    List<JsonNode> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void migratesAMonitorThatSearchedTheReservedSourceAttributeAndShowsTheQueryDiff()
      throws Exception {
    Path routes = routes(TWO_ROUTES);
    run("apply", routes);
    long id = datadog().monitors().get(0).id();
    String before =
        "events(\"source:dqnotify team:team-stores-north env:prod"
            + " (event_type:late_data OR event_type:store_silent)\")"
            + ".rollup(\"count\").by(\"notification_id\").last(\"5m\") > 0";
    updateByHand(id, "{\"query\":" + new ObjectMapper().writeValueAsString(before) + "}");

    Run plan = run("plan", routes);

    assertThat(plan.out())
        .contains("~ update [dqnotify] stores-north-late-and-silent (monitor " + id + ")")
        .contains("    query:\n      - " + before + "\n")
        .contains(quoted("      + events(\"tags:('source:dqnotify') team:'team-stores-north'"))
        .contains("Plan: 0 to create, 1 to update, 1 unchanged, 0 to delete.");

    run("apply", routes);

    assertThat(datadog().monitors().get(0).query()).startsWith(quoted("events(\"tags:('source:dqnotify')"));
    assertThat(run("plan", routes).out()).contains("0 to create, 0 to update, 2 unchanged");
  }

  @Test
  void deletesAMonitorWhoseRouteIsGoneOnlyWithPrune() throws IOException {
    run("apply", routes(TWO_ROUTES));
    String southRoute =
        TWO_ROUTES.substring(
            TWO_ROUTES.indexOf("  - match: {team: team-stores-south"),
            TWO_ROUTES.indexOf("defaults:"));
    Path oneRoute = routes(TWO_ROUTES.replace(southRoute, ""));

    Run plan = run("plan", oneRoute);
    Run apply = run("apply", oneRoute);

    assertThat(plan.out())
        .contains("- delete-candidate [dqnotify] team-stores-south-prod (monitor ")
        .contains("route team-stores-south-prod is no longer in the routes file; kept")
        .contains("(1 delete-candidate(s) kept; --prune deletes them)");
    assertThat(apply.out()).contains("Applied: 0 created, 0 updated, 0 deleted.");
    assertThat(datadog().monitors()).hasSize(2);

    Run prune = run("apply", oneRoute, "--prune");

    assertThat(prune.exitCode()).as(prune.err()).isZero();
    assertThat(prune.out())
        .contains("- delete [dqnotify] team-stores-south-prod")
        .contains("Applied: 0 created, 0 updated, 1 deleted.");
    assertThat(datadog().monitors())
        .extracting(StoredMonitor::name)
        .containsExactly("[dqnotify] stores-north-late-and-silent");
  }

  @Test
  void leavesMonitorsItDoesNotManageAlone() throws IOException {
    run("apply", routes(TWO_ROUTES));

    Run prune = run("apply", routes("routes: []\n"), "--prune");

    assertThat(prune.out()).contains("Applied: 0 created, 0 updated, 2 deleted.");
    assertThat(datadog().monitors()).isEmpty();
    assertThat(run("plan", routes("routes: []\n"), "--prune").out())
        .contains("0 to create, 0 to update, 0 unchanged, 0 to delete");
  }

  @Test
  void aMistakeInTheRoutesFileExitsWithTwoBeforeAskingDatadog() throws IOException {
    Path routes =
        routes(
            """
            routes:
              - name: north
                match: {team: a, event_type: [LATE]}
                notify: []
            """);

    Run apply = run("apply", routes);

    assertThat(apply.exitCode()).isEqualTo(MonitorsCommand.USAGE_ERROR);
    assertThat(apply.err())
        .contains(routes + ": routes[0] (north): match.event_type: unknown event type 'LATE'")
        .contains(routes + ": routes[0] (north): notify: empty");
    assertThat(apply.out()).isEmpty();
    assertThat(datadog().monitors()).isEmpty();
  }

  @Test
  void aMissingApplicationKeyExitsWithTwoAndNamesWhereItWasLookedFor() throws IOException {
    Run plan =
        run(
            Map.of("DD_API_KEY", API_KEY),
            "plan",
            "--file",
            routes(TWO_ROUTES).toString(),
            "--datadog-url",
            datadog().baseUrl());

    assertThat(plan.exitCode()).isEqualTo(MonitorsCommand.USAGE_ERROR);
    assertThat(plan.err())
        .isEqualTo("No Datadog application key: set DD_APP_KEY or pass --app-key-file\n");
  }

  @Test
  void aRefusedKeyExitsWithOneAndSaysWhatToCheck() throws IOException {
    Run plan =
        run(
            Map.of("DD_API_KEY", API_KEY, "DD_APP_KEY", "not-the-app-key"),
            "plan",
            "--file",
            routes(TWO_ROUTES).toString(),
            "--datadog-url",
            datadog().baseUrl());

    assertThat(plan.exitCode()).isEqualTo(MonitorsCommand.DATADOG_ERROR);
    assertThat(plan.err())
        .startsWith(
            "listing monitors: Datadog answered 403 Forbidden (check DD_API_KEY and"
                + " DD_APP_KEY")
        .contains("on " + datadog().baseUrl() + " (--site, DD_SITE)")
        .doesNotContain("not-the-app-key");
  }

  @Test
  void anUnreachableDatadogExitsWithOne() throws IOException {
    String closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = "http://127.0.0.1:" + socket.getLocalPort();
    }

    Run plan = run(ENV, "plan", "--file", routes(TWO_ROUTES).toString(), "--datadog-url", closed);

    assertThat(plan.exitCode()).isEqualTo(MonitorsCommand.DATADOG_ERROR);
    assertThat(plan.err()).startsWith("listing monitors: no answer from " + closed);
  }

  @Test
  void readsKeysFromKeyFilesAndNeverPrintsOrLogsThem() throws IOException {
    Path apiKeyFile = Files.writeString(dir.resolve("api.key"), API_KEY + "\n");
    Path appKeyFile = Files.writeString(dir.resolve("app.key"), APP_KEY + "\n");
    Path routes = routes(TWO_ROUTES);
    List<Run> runs = new ArrayList<>();
    List<String> logLines;
    try (LogCapture logs = new LogCapture()) {
      LoggerFactory.getLogger(MonitorsCommandIT.class).trace("capture-check");
      String[] keyFiles = {
        "--api-key-file", apiKeyFile.toString(), "--app-key-file", appKeyFile.toString()
      };
      runs.add(
          run(
              Map.of(),
              with(
                  keyFiles,
                  "apply",
                  "--file",
                  routes.toString(),
                  "--datadog-url",
                  datadog().baseUrl())));
      runs.add(run(ENV, "plan", "--file", routes.toString(), "--datadog-url", datadog().baseUrl()));
      runs.add(
          run(
              Map.of("DD_API_KEY", API_KEY, "DD_APP_KEY", APP_KEY + "x"),
              "plan",
              "--file",
              routes.toString(),
              "--datadog-url",
              datadog().baseUrl()));
      Files.delete(appKeyFile);
      runs.add(
          run(
              Map.of(),
              with(
                  keyFiles,
                  "plan",
                  "--file",
                  routes.toString(),
                  "--datadog-url",
                  datadog().baseUrl())));
      logLines = logs.lines();
    }

    assertThat(runs).extracting(Run::exitCode).containsExactly(0, 0, 1, 2);
    assertThat(runs.get(0).out()).contains("Applied: 2 created");
    assertThat(runs.get(3).err())
        .contains("application key file " + appKeyFile + " does not exist");
    assertThat(logLines).anyMatch(line -> line.contains("capture-check"));
    for (Run run : runs) {
      assertThat(run.out() + run.err()).doesNotContain(API_KEY).doesNotContain(APP_KEY);
    }
    assertThat(logLines)
        .allSatisfy(line -> assertThat(line).doesNotContain(API_KEY).doesNotContain(APP_KEY));
  }

  @Test
  void everySubcommandExplainsItselfWithHelp() {
    Run monitors = run(ENV, "--help");
    Run plan = run(ENV, "plan", "--help");
    Run apply = run(ENV, "apply", "--help");

    assertThat(monitors.exitCode()).isZero();
    assertThat(monitors.out()).contains("Usage: monitors").contains("plan").contains("apply");
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.out())
        .contains("Usage: monitors plan")
        .contains("--file=FILE")
        .contains("--datadog-url=URL")
        .contains("--app-key-file=FILE")
        .contains("Changes nothing");
    assertThat(apply.exitCode()).isZero();
    assertThat(apply.out()).contains("Usage: monitors apply").contains("--prune");
  }

  private static String[] with(String[] first, String... rest) {
    List<String> all = new ArrayList<>(List.of(rest));
    all.addAll(List.of(first));
    return all.toArray(String[]::new);
  }
}
