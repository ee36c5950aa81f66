package dev.dqnotify.forwarder;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.forwarder.telemetry.Logging;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * What the one-shot tools ({@code replay}, {@code dlq …}) share: the configuration options, the
 * stages built from them and closed afterwards, and the exit codes — 0 done, 1 failed, 2 a mistake
 * in the configuration or the options (the message says which).
 */
public abstract class OperationCommand implements Callable<Integer> {

  /** Exit code of a run that failed. */
  public static final int FAILED = 1;

  @CommandLine.Mixin
  ConfigOptions options;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  // As run from the command line: the system clock and environment; logging for a terminal.
  private Clock clock = Clock.systemUTC();
  private Map<String, String> environment = System.getenv();
  private boolean ownLogging = true;

  /**
   * This command with another clock and environment, and the caller's logging (tests): one place
   * for what every tool would otherwise take in a second constructor.
   */
  public final OperationCommand using(Clock clock, Map<String, String> environment) {
    this.clock = clock;
    this.environment = environment;
    this.ownLogging = false;
    return this;
  }

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (ownLogging) {
      Logging.forTools();
    }
    try (Stages stages = new Stages(options.load(), environment, clock)) {
      return run(stages, out, err);
    } catch (ConfigException e) {
      err.println("Configuration error: " + e.getMessage());
      return ForwarderMain.CONFIG_ERROR;
    } catch (IllegalArgumentException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return ForwarderMain.CONFIG_ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println(spec.qualifiedName() + " was interrupted; nothing is committed, run it again");
      return FAILED;
    } catch (RuntimeException e) {
      err.println(spec.qualifiedName() + " failed: " + e);
      return FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Does the work with {@code stages}; returns the exit code. */
  protected abstract int run(Stages stages, PrintWriter out, PrintWriter err) throws InterruptedException;
}
