package dev.dqnotify.forwarder.monitors;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The shell the as-code commands ({@code monitors}, {@code dashboard}) share: keys and site read
 * from an environment, a {@code plan} and an {@code apply} subcommand over one file, and one frame
 * around a run, so both keep the same exit codes — 0 done (or nothing to do), 1 Datadog failed or
 * refused, 2 a mistake in the file, the options or the keys (found before Datadog is called).
 */
abstract class DatadogAsCodeCommand implements Runnable {

  /** Exit code when Datadog failed or refused. */
  static final int DATADOG_ERROR = 1;

  /** Exit code of a mistake in the file, the options or the keys. */
  static final int USAGE_ERROR = 2;

  private final Map<String, String> env;

  @Spec private CommandLine.Model.CommandSpec spec;

  // --help without picocli's standard --version, which would print nothing for a subcommand.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** @param env where keys and site come from: the process environment, or a caller's (local run, tests) */
  DatadogAsCodeCommand(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options {@code plan} and {@code apply} share; a command adds its file (and its own options). */
  abstract static class Options {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin DatadogOptions datadog;

    /** The file the command makes Datadog match. */
    abstract Path file();
  }

  /** A run against Datadog, prepared from a checked file; returns the exit code. */
  @FunctionalInterface
  interface Reconciliation {
    int run(MonitorsClient datadog, URI baseUrl, PrintWriter out, PrintWriter err) throws MonitorsClient.Failure;
  }

  /**
   * Reads and checks the command's file for a plan or, with {@code apply}, a change.
   *
   * @throws IllegalArgumentException (or {@link RoutesFileException}) for a mistake in the file
   */
  abstract Reconciliation prepare(Options options, boolean apply);

  /** {@code plan} or {@code apply}: its parent's reconciliation with its options. */
  abstract static class Step implements Callable<Integer> {
    @ParentCommand private DatadogAsCodeCommand parent;
    @Spec private CommandLine.Model.CommandSpec spec;
    // Given, not left to picocli: it fills the command's own options (file, --prune) into this instance.
    @Mixin private Options options;
    private final boolean apply;

    Step(boolean apply, Options options) {
      this.apply = apply;
      this.options = options;
    }

    @Override
    public Integer call() {
      return parent.reconcile(options, apply, spec.commandLine());
    }
  }

  private int reconcile(Options options, boolean apply, CommandLine commandLine) {
    PrintWriter out = commandLine.getOut();
    PrintWriter err = commandLine.getErr();
    Reconciliation reconciliation;
    URI baseUrl;
    DatadogKeys keys;
    Duration timeout;
    try {
      reconciliation = prepare(options, apply);
      baseUrl = options.datadog.baseUrl(env);
      keys = options.datadog.keys(env);
      timeout = options.datadog.timeout();
    } catch (RoutesFileException | IllegalArgumentException | IllegalStateException e) {
      // Safe to print: key sources name the variable or file, never the key.
      err.println(e.getMessage());
      err.flush();
      return USAGE_ERROR;
    }
    try (MonitorsClient datadog = new MonitorsClient(baseUrl, keys.apiKey(), keys.applicationKey(), timeout)) {
      int code = reconciliation.run(datadog, baseUrl, out, err);
      out.flush();
      err.flush();
      return code;
    } catch (MonitorsClient.Failure e) {
      out.flush();
      err.println(e.getMessage());
      err.flush();
      return DATADOG_ERROR;
    }
  }
}
