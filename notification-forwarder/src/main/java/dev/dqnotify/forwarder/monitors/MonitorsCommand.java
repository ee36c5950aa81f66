package dev.dqnotify.forwarder.monitors;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dq-forwarder monitors}: Datadog monitors as code. A routes file says which dqnotify events
 * go to which Teams channels; {@code plan} shows what it would take to make Datadog's monitors
 * match it, {@code apply} does it.
 *
 * <pre>
 * dq-forwarder monitors plan  --file monitors.yaml [--prune]
 * dq-forwarder monitors apply --file monitors.yaml [--prune]
 * </pre>
 *
 * <p>Each route becomes one {@code event-v2 alert} monitor tagged {@code managed-by:dqnotify} and
 * {@code dqnotify-route:<name>}. Only what differs is written, so {@code apply} run twice writes
 * nothing the second time. Managed monitors no route claims are only deleted with {@code --prune}.
 * The keys come from {@code DD_API_KEY} and {@code DD_APP_KEY} (or key files) and are never
 * printed.
 *
 * <p>Exit codes: 0 done (or nothing to do); 1 Datadog failed or refused a monitor; 2 a mistake in
 * the routes file, the options or the keys.
 */
@Command(
    name = "monitors",
    description =
        "Datadog monitors as code: keep one event monitor per route of a routes file, so dqnotify"
            + " events reach the right Microsoft Teams channels.",
    subcommands = {MonitorsCommand.PlanCommand.class, MonitorsCommand.ApplyCommand.class})
public final class MonitorsCommand extends DatadogAsCodeCommand {

  /** Reads keys and site from the process environment; the constructor picocli uses. */
  public MonitorsCommand() {
    this(System.getenv());
  }

  /**
   * Reads keys and site from {@code env} instead of the process environment: for a caller that
   * applies monitors itself (the local run, end-to-end tests).
   */
  public MonitorsCommand(Map<String, String> env) {
    super(env);
  }

  /** Options {@code plan} and {@code apply} share. */
  static final class Settings extends Options {
    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "The routes file (YAML), e.g. monitors.yaml.")
    Path file;

    @Option(
        names = "--prune",
        description =
            "Delete managed monitors that no route claims (without it they are only listed as"
                + " delete-candidates).")
    boolean prune;

    @Override
    Path file() {
      return file;
    }
  }

  /** {@code monitors plan}: shows the changes; writes nothing. */
  @Command(
      name = "plan",
      description =
          "Show how Datadog's monitors differ from the routes file: what would be created, updated,"
              + " left unchanged or deleted. Changes nothing.")
  static final class PlanCommand extends Step {
    PlanCommand() {
      super(false, new Settings());
    }
  }

  /** {@code monitors apply}: makes the monitors match the file. */
  @Command(
      name = "apply",
      description =
          "Create and update Datadog monitors until they match the routes file; with --prune also"
              + " delete managed monitors no route claims. Prints the plan first; a second run"
              + " changes nothing.")
  static final class ApplyCommand extends Step {
    ApplyCommand() {
      super(true, new Settings());
    }
  }

  @Override
  Reconciliation prepare(Options options, boolean apply) {
    Settings settings = (Settings) options;
    RoutesFile routes = RoutesFile.load(settings.file);
    Map<String, MonitorSpec> desired = new LinkedHashMap<>();
    routes.routes().forEach(route -> desired.put(route.name(), RouteMonitors.desired(route, routes)));
    return (datadog, baseUrl, out, err) -> {
      out.println("Monitors for " + desired.size() + " route(s) in " + settings.file + " on " + baseUrl
          + (apply ? "" : " (plan only: nothing is changed)") + ":");
      out.println();
      Plan plan = Plan.of(desired, datadog.managed());
      PlanPrinter.print(plan, settings.prune, out);
      if (!refusals(plan, datadog, err).isEmpty()) {
        err.println((apply ? "Nothing was applied: " : "") + "Datadog would refuse the monitor(s) above; fix the routes file.");
        return DATADOG_ERROR;
      }
      if (apply) {
        apply(plan, settings.prune, datadog, out);
      }
      return 0;
    };
  }

  /**
   * Asks Datadog to validate every monitor to be written, so a bad one stops the run before any
   * write.
   */
  private static List<String> refusals(Plan plan, MonitorsClient datadog, PrintWriter err)
      throws MonitorsClient.Failure {
    List<MonitorSpec> toWrite = new ArrayList<>();
    plan.steps(Plan.Create.class).forEach(create -> toWrite.add(create.desired()));
    plan.steps(Plan.Update.class).forEach(update -> toWrite.add(update.desired()));
    List<String> refusals = new ArrayList<>();
    for (MonitorSpec spec : toWrite) {
      for (String reason : datadog.validate(spec)) {
        String refusal = "Datadog refuses " + spec.name() + ": " + reason;
        refusals.add(refusal);
        err.println(refusal);
      }
    }
    return refusals;
  }

  private static void apply(Plan plan, boolean prune, MonitorsClient datadog, PrintWriter out)
      throws MonitorsClient.Failure {
    int created = 0;
    int updated = 0;
    int deleted = 0;
    for (Plan.Step step : plan.steps()) {
      if (step instanceof Plan.Create create) {
        long id = datadog.create(create.desired());
        out.println("Created " + create.name() + " (monitor " + id + ")");
        created++;
      } else if (step instanceof Plan.Update update) {
        datadog.update(update.id(), update.desired());
        out.println("Updated " + update.name() + " (monitor " + update.id() + ")");
        updated++;
      } else if (step instanceof Plan.Delete delete && prune) {
        datadog.delete(delete.id());
        out.println("Deleted " + delete.name() + " (monitor " + delete.id() + ")");
        deleted++;
      }
    }
    out.println(
        "Applied: " + created + " created, " + updated + " updated, " + deleted + " deleted.");
    out.flush();
  }
}
