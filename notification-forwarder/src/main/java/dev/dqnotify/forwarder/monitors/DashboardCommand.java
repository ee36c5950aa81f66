package dev.dqnotify.forwarder.monitors;

import com.datadog.api.client.v1.model.Dashboard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dq-forwarder dashboard}: a Datadog dashboard as code, like {@code monitors} for monitors.
 * The file is the JSON body of Datadog's v1 Dashboards API ({@code deploy/datadog/dashboard.json}
 * is dqnotify's own); the dashboard is found by its title.
 *
 * <pre>
 * dq-forwarder dashboard plan  --file deploy/datadog/dashboard.json
 * dq-forwarder dashboard apply --file deploy/datadog/dashboard.json
 * </pre>
 *
 * <p>{@code plan} says whether the dashboard would be created, updated or is unchanged (everything
 * the file says equals what Datadog holds; what Datadog adds, such as ids and dates, is ignored);
 * {@code apply} makes it so, so a second {@code apply} writes nothing. Exit codes as {@code
 * monitors}: 0 done, 1 Datadog failed or refused, 2 a mistake in the file, the options or the keys.
 */
@Command(
    name = "dashboard",
    description = "A Datadog dashboard as code: create or update the dashboard a JSON file describes (found by title).",
    subcommands = {DashboardCommand.PlanCommand.class, DashboardCommand.ApplyCommand.class})
public final class DashboardCommand implements Runnable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;

  @Spec private CommandLine.Model.CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** Reads keys and site from the process environment; the constructor picocli uses. */
  public DashboardCommand() {
    this(System.getenv());
  }

  /** Reads keys and site from {@code env} instead of the process environment. */
  public DashboardCommand(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options {@code plan} and {@code apply} share. */
  static final class Settings {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
        description = "The dashboard (JSON, Datadog's v1 Dashboards API body), e.g. deploy/datadog/dashboard.json.")
    Path file;

    @Mixin DatadogOptions datadog;
  }

  /** {@code dashboard plan}: shows the change; writes nothing. */
  @Command(name = "plan", description = "Show whether the dashboard would be created, updated or is unchanged. "
      + "Changes nothing.")
  static final class PlanCommand implements Callable<Integer> {
    @ParentCommand private DashboardCommand parent;
    @Mixin private Settings settings;
    @Spec private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return parent.reconcile(settings, false, spec.commandLine());
    }
  }

  /** {@code dashboard apply}: makes Datadog's dashboard match the file. */
  @Command(name = "apply", description = "Create or update the dashboard until it matches the file; a second run "
      + "changes nothing.")
  static final class ApplyCommand implements Callable<Integer> {
    @ParentCommand private DashboardCommand parent;
    @Mixin private Settings settings;
    @Spec private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return parent.reconcile(settings, true, spec.commandLine());
    }
  }

  private int reconcile(Settings settings, boolean apply, CommandLine commandLine) {
    PrintWriter out = commandLine.getOut();
    PrintWriter err = commandLine.getErr();
    JsonNode file;
    URI baseUrl;
    DatadogKeys keys;
    Duration timeout;
    try {
      file = read(settings.file);
      baseUrl = settings.datadog.baseUrl(env);
      keys = settings.datadog.keys(env);
      timeout = settings.datadog.timeout();
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println(e.getMessage());
      err.flush();
      return MonitorsCommand.USAGE_ERROR;
    }
    try (MonitorsClient datadog = new MonitorsClient(baseUrl, keys.apiKey(), keys.applicationKey(), timeout)) {
      Dashboard desired;
      try {
        desired = datadog.dashboardOf(file);
      } catch (IllegalArgumentException e) {
        err.println(settings.file + ": " + e.getMessage());
        err.flush();
        return MonitorsCommand.USAGE_ERROR;
      }
      String title = desired.getTitle();
      out.println("Dashboard \"" + title + "\" in " + settings.file + " on " + baseUrl
          + (apply ? "" : " (plan only: nothing is changed)") + ":");
      List<String> ids = datadog.dashboardsTitled(title);
      if (ids.size() > 1) {
        err.println(ids.size() + " dashboards are titled \"" + title + "\" (" + String.join(", ", ids)
            + "); delete the extra ones so that the file names one dashboard");
        err.flush();
        return MonitorsCommand.DATADOG_ERROR;
      }
      if (ids.isEmpty()) {
        out.println("  + create");
        if (apply) {
          out.println("Created dashboard " + datadog.createDashboard(desired));
        }
      } else if (contains(datadog.dashboard(ids.get(0)), datadog.json(desired))) {
        out.println("  = unchanged (dashboard " + ids.get(0) + ")");
      } else {
        out.println("  ~ update (dashboard " + ids.get(0) + ")");
        if (apply) {
          datadog.updateDashboard(ids.get(0), desired);
          out.println("Updated dashboard " + ids.get(0));
        }
      }
      out.flush();
      return 0;
    } catch (MonitorsClient.Failure e) {
      out.flush();
      err.println(e.getMessage());
      err.flush();
      return MonitorsCommand.DATADOG_ERROR;
    }
  }

  private static JsonNode read(Path file) {
    try {
      JsonNode json = JSON.readTree(file.toFile());
      if (json == null || !json.isObject()) {
        throw new IllegalArgumentException(file + ": expected a JSON object (a Datadog dashboard)");
      }
      return json;
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read as JSON: " + e.getMessage().lines().findFirst()
          .orElse(""));
    }
  }

  /**
   * Whether {@code actual} holds everything {@code wanted} says: objects field by field (fields only
   * {@code actual} has, such as the ids Datadog adds, do not matter), arrays element by element.
   */
  static boolean contains(JsonNode actual, JsonNode wanted) {
    if (wanted.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getValue().isNull() && !contains(actual.path(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (wanted.isArray()) {
      if (!actual.isArray() || actual.size() != wanted.size()) {
        return false;
      }
      for (int i = 0; i < wanted.size(); i++) {
        if (!contains(actual.get(i), wanted.get(i))) {
          return false;
        }
      }
      return true;
    }
    return wanted.isNumber() && actual.isNumber() ? wanted.decimalValue().compareTo(actual.decimalValue()) == 0
        : wanted.equals(actual);
  }
}
