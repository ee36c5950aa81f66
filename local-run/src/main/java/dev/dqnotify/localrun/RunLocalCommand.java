package dev.dqnotify.localrun;

import dev.dqnotify.localstack.cli.DurationConverter;
import dev.dqnotify.localstack.sensors.FaultPlan;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/run-local}: the whole dqnotify pipeline on this machine for a bounded time — the local
 * stack, the sensor simulator with every situation injected, the ingest job under spark-submit, the
 * forwarder, a Datadog outage halfway through — with a live view and a report at the end.
 *
 * <p>Exit codes: 0 when every injected situation was found and nothing was lost, 1 when the run
 * found a problem or failed on the way, 2 when it could not start (options, missing build output).
 */
@Command(name = "run-local", mixinStandardHelpOptions = true, version = "dqnotify run-local 0.1.0",
    sortOptions = false,
    description = {
      "Runs dqnotify end to end on this machine for a bounded time: Kafka, a schema",
      "registry and a Datadog simulator; simulated sensors with every data-quality",
      "situation injected; the ingest job (Spark, local mode); the forwarder. Halfway",
      "through, Datadog fails for a while. Ends with a report: terminal, HTML, JSON.",
      "With DD_API_KEY (and DD_SITE) set, the forwarder posts to real Datadog instead.",
      ""})
public final class RunLocalCommand implements Callable<Integer> {

  /** The system property the local run's log configuration writes to. */
  static final String LOG_PROPERTY = "dqnotify.local-run.log";

  @Option(names = "--duration", defaultValue = "2m", converter = DurationConverter.class, paramLabel = "TIME",
      description = "How long the sensors send, e.g. 45s, 2m (default: ${DEFAULT-VALUE}); start-up and drain add "
          + "about a minute.")
  Duration duration;

  @Option(names = "--rate", defaultValue = "20", paramLabel = "N",
      description = "Regular sensor messages per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--work-dir", defaultValue = "target/local-run", paramLabel = "DIR",
      description = "Where logs, data and the report go; wiped at the start (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--repo-dir", defaultValue = ".", paramLabel = "DIR",
      description = "The repository root with the build output (default: the current directory).")
  Path repoDir;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulation (default: random, printed).")
  Long seed;

  @Option(names = "--faults", paramLabel = "PLAN",
      description = "Situations to inject, e.g. late=3,duplicate=2,malformed=5,insufficient=2,out-of-range=3,"
          + "unknown-store=1,silent=1 (default: about 24 a minute, every type).")
  String faults;

  @Option(names = "--group-mode", defaultValue = "per-event", paramLabel = "MODE",
      description = "The forwarder's group.mode: per-event or digest (default: ${DEFAULT-VALUE}).")
  String groupMode;

  @Option(names = "--plain", description = "Print progress lines instead of redrawing a block on the terminal.")
  boolean plain;

  @Option(names = "--skip-build", description = "bin/run-local only: do not run the Maven build first.")
  boolean skipBuild;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    CommandLine commandLine = new CommandLine(new RunLocalCommand())
        .setOut(new java.io.PrintWriter(out, true))
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("run-local failed: " + e.getMessage());
          return 1;
        });
    System.exit(commandLine.execute(args));
  }

  @Override
  public Integer call() {
    RunSettings settings;
    try {
      settings = new RunSettings(duration, rate, workDir, repoDir, Optional.ofNullable(seed),
          faults == null ? Optional.empty() : Optional.of(FaultPlan.parse(faults)), groupMode, plain);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    // Before any class logs: this JVM's log goes to the work directory, never the terminal.
    System.setProperty(LOG_PROPERTY, settings.workDir().toAbsolutePath().resolve("logs/local-run.log").toString());
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-local-run.xml");
    }
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    boolean terminal = System.console() != null && !plain && System.getenv("TERM") != null
        && !"dumb".equals(System.getenv("TERM"));
    return new LocalRun(settings, out, terminal, terminalWidth()).run();
  }

  private static int terminalWidth() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").trim());
    } catch (NumberFormatException e) {
      return 100;
    }
  }
}
