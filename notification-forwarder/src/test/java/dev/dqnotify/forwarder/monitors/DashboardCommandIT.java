package dev.dqnotify.forwarder.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The repository's dashboard applied with the official client to the simulator's Dashboards API. */
class DashboardCommandIT {

  /** The dashboard as the repository ships it. */
  static final Path DASHBOARD = Path.of("..", "deploy", "datadog", "dashboard.json");

  private static final String API_KEY = "dd0123456789abcdef0123456789abcd";
  private static final String APP_KEY = "app0123456789abcdef0123456789abcdef0123";
  private static final Map<String, String> ENV = Map.of("DD_API_KEY", API_KEY, "DD_APP_KEY", APP_KEY);

  private static DatadogSimulator datadog;

  @TempDir Path dir;

  @BeforeAll
  static void startDatadog() {
    datadog = DatadogSimulator.builder().apiKey(API_KEY).applicationKey(APP_KEY).start();
  }

  @AfterAll
  static void stopDatadog() {
    datadog.close();
  }

  @BeforeEach
  void noDashboardsYet() {
    datadog.reset();
  }

  private record Run(int exitCode, String out, String err) {}

  private Run run(Map<String, String> env, String command, Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new DashboardCommand(env));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(command, "--file", file.toString(), "--datadog-url", datadog.baseUrl());
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void appliesTheRepositorysDashboardOnceAndASecondApplyChangesNothing() throws Exception {
    Run plan = run(ENV, "plan", DASHBOARD);
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("Dashboard \"dqnotify forwarder\"", "(plan only: nothing is changed)", "+ create");
    assertThat(datadog.dashboards()).isEmpty();

    Run apply = run(ENV, "apply", DASHBOARD);
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("Created dashboard ");
    assertThat(datadog.dashboards()).singleElement().satisfies(stored -> {
      JsonNode file = new ObjectMapper().readTree(DASHBOARD.toFile());
      assertThat(stored.get("title").asText()).isEqualTo("dqnotify forwarder");
      assertThat(stored.get("widgets")).hasSize(file.get("widgets").size());
      assertThat(stored.at("/widgets/0/definition/requests/0/q").asText())
          .isEqualTo(file.at("/widgets/0/definition/requests/0/q").asText());
    });

    Run again = run(ENV, "apply", DASHBOARD);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("= unchanged").doesNotContain("Created", "Updated");
    assertThat(datadog.dashboards()).hasSize(1);
  }

  @Test
  void updatesTheDashboardOfTheSameTitleWhenTheFileChanged() throws Exception {
    assertThat(run(ENV, "apply", DASHBOARD).exitCode()).isZero();
    ObjectNode changed = (ObjectNode) new ObjectMapper().readTree(DASHBOARD.toFile());
    ((ObjectNode) changed.at("/widgets/0/definition")).put("title", "DqEvents by type (renamed)");
    Path file = Files.writeString(dir.resolve("dashboard.json"), changed.toString());

    Run apply = run(ENV, "apply", file);

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("~ update", "Updated dashboard ");
    assertThat(datadog.dashboards()).singleElement()
        .satisfies(d -> assertThat(d.at("/widgets/0/definition/title").asText()).isEqualTo("DqEvents by type (renamed)"));
  }

  @Test
  void aFileThatIsNotADashboardStopsWithTwoBeforeAnythingIsSent() throws Exception {
    Path file = Files.writeString(dir.resolve("dashboard.json"),
        "{\"title\":\"x\",\"layout_type\":\"ordered\",\"widgets\":[{\"definition\":{\"type\":\"no_such_widget\"}}]}");

    Run plan = run(ENV, "plan", file);

    assertThat(plan.exitCode()).isEqualTo(MonitorsCommand.USAGE_ERROR);
    assertThat(plan.err()).startsWith(file + ": not a Datadog dashboard");
  }

  @Test
  void aRefusedKeyNamesTheSiteButNotTheKey() {
    Run plan = run(Map.of("DD_API_KEY", API_KEY, "DD_APP_KEY", "wrong-app-key"), "plan", DASHBOARD);

    assertThat(plan.exitCode()).isEqualTo(MonitorsCommand.DATADOG_ERROR);
    assertThat(plan.err()).startsWith("listing dashboards: Datadog answered 403")
        .contains("on " + datadog.baseUrl() + " (--site, DD_SITE)").doesNotContain("wrong-app-key");
  }
}
