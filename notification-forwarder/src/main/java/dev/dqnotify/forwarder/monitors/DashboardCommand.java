package dev.dqnotify.forwarder.monitors;

import com.datadog.api.client.v1.model.Dashboard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
public final class DashboardCommand extends DatadogAsCodeCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads keys and site from the process environment; the constructor picocli uses. */
  public DashboardCommand() {
    this(System.getenv());
  }

  /** Reads keys and site from {@code env} instead of the process environment. */
  public DashboardCommand(Map<String, String> env) {
    super(env);
  }

  /** Options {@code plan} and {@code apply} share. */
  static final class Settings extends Options {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
        description = "The dashboard (JSON, Datadog's v1 Dashboards API body), e.g. deploy/datadog/dashboard.json.")
    Path file;

    @Override
    Path file() {
      return file;
    }
  }

  /** {@code dashboard plan}: shows the change; writes nothing. */
  @Command(name = "plan", description = "Show whether the dashboard would be created, updated or is unchanged. "
      + "Changes nothing.")
  static final class PlanCommand extends Step {
    PlanCommand() {
      super(false, new Settings());
    }
  }

  /** {@code dashboard apply}: makes Datadog's dashboard match the file. */
  @Command(name = "apply", description = "Create or update the dashboard until it matches the file; a second run "
      + "changes nothing.")
  static final class ApplyCommand extends Step {
    ApplyCommand() {
      super(true, new Settings());
    }
  }

  @Override
  Reconciliation prepare(Options options, boolean apply) {
    Path path = options.file();
    JsonNode file = read(path);
    return (datadog, baseUrl, out, err) -> {
      Dashboard desired;
      try {
        desired = datadog.dashboardOf(file);
      } catch (IllegalArgumentException e) {
        err.println(path + ": " + e.getMessage());
        return USAGE_ERROR;
      }
      String title = desired.getTitle();
      out.println("Dashboard \"" + title + "\" in " + path + " on " + baseUrl
          + (apply ? "" : " (plan only: nothing is changed)") + ":");
      List<String> ids = datadog.dashboardsTitled(title);
      if (ids.size() > 1) {
        err.println(ids.size() + " dashboards are titled \"" + title + "\" (" + String.join(", ", ids)
            + "); delete the extra ones so that the file names one dashboard");
        return DATADOG_ERROR;
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
      return 0;
    };
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
