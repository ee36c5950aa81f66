package dev.dqnotify.forwarder;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.config.Redaction;
import dev.dqnotify.config.Settings;
import dev.dqnotify.forwarder.dlq.DeadLetterCommand;
import dev.dqnotify.forwarder.dlq.DeadLetterRefusedException;
import dev.dqnotify.forwarder.monitors.DashboardCommand;
import dev.dqnotify.forwarder.monitors.MonitorsCommand;
import dev.dqnotify.forwarder.replay.ReplayCommand;
import dev.dqnotify.forwarder.telemetry.Logging;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code dq-forwarder} command line.
 *
 * <pre>
 * dq-forwarder run --config forwarder.conf [--conf key=value ...]
 * dq-forwarder replay --from TIME|PARTITION:OFFSET,... [--to TIME] [--force] [--dry-run] --config forwarder.conf
 * dq-forwarder dlq list|show|redrive --config forwarder.conf
 * dq-forwarder health [--ready] [--config forwarder.conf]
 * dq-forwarder config-reference [--write docs/forwarder.md]
 * </pre>
 *
 * <p>Exit codes: 0 after a clean shutdown (SIGTERM included); 1 when the forwarder failed, or Kafka
 * or the registry did not answer at start-up (a supervisor restarts it); 2 for a mistake restarting
 * cannot fix: a configuration error (the message names the key), a missing topic, a registry URL
 * leading to no registry, or a dead letter the dead-letter topic refuses; also {@code dq-forwarder}
 * without a command (it prints its usage).
 */
@Command(name = "dq-forwarder", mixinStandardHelpOptions = true, version = "dq-forwarder 0.1.0",
    description = "Forwards data-quality events from the Kafka outbox to the Datadog Events API.",
    subcommands = {ForwarderMain.Run.class, ForwarderMain.Reference.class, MonitorsCommand.class, DashboardCommand.class,
        ReplayCommand.class, DeadLetterCommand.class, HealthCommand.class, CommandLine.HelpCommand.class})
public final class ForwarderMain implements Callable<Integer> {

  /** Exit code of a configuration mistake. */
  public static final int CONFIG_ERROR = 2;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new ForwarderMain());
  }

  /** Without a subcommand there is nothing to do: the usage goes to stderr and the exit code is 2. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("dq-forwarder: a command is required (run, health, replay, dlq, monitors, "
        + "config-reference)");
    spec.commandLine().usage(spec.commandLine().getErr());
    return CONFIG_ERROR;
  }

  /** {@code dq-forwarder run}: the service. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Consume the outbox and post to Datadog until SIGTERM. The Datadog API key comes from "
          + "datadog.api-key-file or DD_API_KEY, the site from datadog.site or DD_SITE.")
  static final class Run implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ForwarderMain.class);

    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Forwarder forwarder;
      try {
        Settings settings = options.settings();
        ForwarderConfig forwarderConfig = ForwarderConfig.from(settings);
        if (forwarderConfig.jsonLogs()) {
          Logging.useJson(forwarderConfig.logService(), forwarderConfig.env(), logRedaction(settings, System.getenv()));
        }
        log.info("Starting dq-forwarder with configuration:\n{}", settings.describe());
        forwarder = Forwarder.start(forwarderConfig, System.getenv(), Clock.systemUTC());
      } catch (ConfigException e) {
        spec.commandLine().getErr().println("Configuration error: " + e.getMessage());
        return CONFIG_ERROR;
      } catch (StartupException e) {
        log.error("dq-forwarder cannot start: {}", e.getMessage());
        spec.commandLine().getErr().println("dq-forwarder cannot start: " + e.getMessage());
        return e.configuration() ? CONFIG_ERROR : 1;
      }
      // The code this thread decided on; the hook also runs after System.exit and must not change it.
      AtomicInteger decided = new AtomicInteger(-1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        if (decided.get() < 0) {
          log.info("SIGTERM: shutting down");
        }
        forwarder.close();
        // A JVM ended by a signal exits 143; a clean shutdown on request should say 0.
        int code = decided.get();
        Runtime.getRuntime().halt(code >= 0 ? code : forwarder.terminated().isCompletedExceptionally() ? 1 : 0);
      }, "shutdown"));
      decided.set(awaitEnd(forwarder));
      return decided.get();
    }

    /** The configuration's secrets, and Datadog's keys from the environment, masked wherever they turn up. */
    static Redaction logRedaction(Settings settings, Map<String, String> environment) {
      List<String> keys = new ArrayList<>();
      for (String variable : List.of("DD_API_KEY", "DD_APP_KEY")) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
          keys.add(value.strip());
        }
      }
      return settings.redaction().with(keys);
    }

    private int awaitEnd(Forwarder forwarder) {
      try {
        forwarder.terminated().get();
        return 0;
      } catch (ExecutionException e) {
        forwarder.close();
        if (e.getCause() instanceof DeadLetterRefusedException refused) {
          spec.commandLine().getErr().println("dq-forwarder stopped: " + refused.getMessage());
          return refused.permanent() ? CONFIG_ERROR : 1;
        }
        return 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
  }

  /** {@code dq-forwarder config-reference}: the settings table of {@code docs/forwarder.md}. */
  @Command(name = "config-reference", mixinStandardHelpOptions = true,
      description = "Print every setting with its default and description as a Markdown table, or regenerate the "
          + "table in a document.")
  static final class Reference implements Callable<Integer> {
    @Option(names = "--write", paramLabel = "FILE",
        description = "Replace the generated settings block in FILE (e.g. docs/forwarder.md) instead of printing.")
    Path write;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (write == null) {
        spec.commandLine().getOut().print(ForwarderConfig.reference());
      } else {
        ReferenceDocs.write(write);
        spec.commandLine().getOut().println("Regenerated the settings block in " + write);
      }
      return 0;
    }
  }
}
