package dev.dqnotify.localrun.launch;

import dev.dqnotify.localstack.process.LogTail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One program of the local run in its own process (the ingest job under spark-submit, the
 * forwarder), its output in a log file.
 *
 * <p>Unlike the local stack's {@code ChildJvm}, which kills its child at once when the JVM shuts
 * down, this one is stopped politely first: on SIGTERM the forwarder commits what it delivered and
 * Spark stops its query, and only a child that outlives the grace period is killed. {@link
 * Children} stops every child from one shutdown hook, in the reverse order of their start.
 */
public final class ChildProcess {

  private static final Pattern PROBLEM =
      Pattern.compile("ERROR|FATAL|Exception|Caused by|cannot|refuse|failed", Pattern.CASE_INSENSITIVE);

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command} in {@code workDir} with the environment of this JVM, without its
   * {@code DQNOTIFY_*} variables, plus {@code environment}; stdout and stderr go to {@code logFile}.
   */
  static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
      Path logFile) {
    try {
      Files.createDirectories(workDir);
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      // The run writes every setting its children need; a DQNOTIFY_* variable of the user's shell
      // would silently override them (environment wins over the config file).
      builder.environment().keySet().removeIf(variable -> variable.startsWith("DQNOTIFY_"));
      builder.environment().putAll(environment);
      return new ChildProcess(name, builder.start(), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name + " (" + command.get(0) + ")", e);
    }
  }

  /** Short name, e.g. {@code ingest-job}. */
  public String name() {
    return name;
  }

  /** The operating-system process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Where its output goes. */
  public Path logFile() {
    return logFile;
  }

  /** The last {@code lines} lines of its log, for error messages. */
  public String logTail(int lines) {
    return LogTail.of(logFile, lines);
  }

  /** Fails, with what its log says went wrong, when the process has exited. */
  public void requireAlive() {
    if (!process.isAlive()) {
      int code = process.exitValue();
      throw new IllegalStateException(name + " exited with code " + code
          + (code > 128 ? " (killed by signal " + (code - 128) + ")" : "") + "; from its log " + logFile + ":\n"
          + problems(10));
    }
  }

  /**
   * The last {@code max} lines of the log that name a problem (errors, exceptions, refusals), or
   * its last lines when none does: a Spark log ends in pages of INFO lines that say nothing.
   */
  public String problems(int max) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
      List<String> problems = all.stream().filter(line -> PROBLEM.matcher(line).find()).toList();
      List<String> chosen = problems.isEmpty() ? all : problems;
      return String.join("\n", chosen.subList(Math.max(0, chosen.size() - max), chosen.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
    }
  }

  /** Asks the process to stop (SIGTERM); {@link #awaitOrKill} finishes the stop. */
  void terminate() {
    if (process.isAlive()) {
      process.destroy();
    }
  }

  /**
   * Waits until {@code deadline} (a {@link System#nanoTime()}) for the process to end, then kills it
   * and whatever it started (SIGKILL); returns when the process is gone.
   *
   * @return true when it ended by itself before the deadline
   */
  boolean awaitOrKill(long deadline) {
    boolean polite;
    try {
      polite = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      polite = false;
    }
    if (!polite) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return polite;
  }

  /** SIGTERM, then SIGKILL once {@code grace} has passed; returns when the process is gone. */
  boolean stop(Duration grace) {
    terminate();
    return awaitOrKill(System.nanoTime() + grace.toNanos());
  }
}
