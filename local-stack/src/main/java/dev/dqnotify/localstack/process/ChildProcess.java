package dev.dqnotify.localstack.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program running in its own process, its output in a log file: the local stack's servers in
 * their own JVMs ({@link #java}), so that their classpaths (Kafka's Scala 2.13, Apicurio's Quarkus)
 * never meet the caller's (Spark's Scala 2.12), and the local run's programs ({@link #start}).
 *
 * <p>Who stops the child when this JVM ends is chosen at the start ({@link OnJvmExit}): a shutdown
 * hook that kills it at once, so that a test JVM or a CLI ended by Ctrl-C leaves no process behind
 * (the hook holds the child's own {@link ProcessHandle}, never the PID of a wrapper shell); or the
 * caller, which may stop it politely first ({@link #terminate}, {@link #awaitOrKill}) — on SIGTERM
 * the forwarder commits what it delivered and Spark stops its query.
 */
public final class ChildProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
  private static final Pattern PROBLEM =
      Pattern.compile("ERROR|FATAL|Exception|Caused by|cannot|refuse|failed", Pattern.CASE_INSENSITIVE);

  /** Who stops a child when this JVM shuts down. */
  public enum OnJvmExit {
    /** A shutdown hook of this JVM kills the child (SIGKILL). */
    KILL,
    /** The caller stops the child, e.g. politely and in order from its own shutdown hook. */
    CALLER_STOPS
  }

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Thread shutdownHook;

  private ChildProcess(String name, Process process, Path logFile, OnJvmExit onJvmExit) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    if (onJvmExit == OnJvmExit.KILL) {
      this.shutdownHook = new Thread(() -> destroyNow(process), "stop-" + name);
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      this.shutdownHook = null;
    }
  }

  /**
   * Starts {@code java <arguments>} with the same Java that runs this JVM, killed when this JVM ends.
   *
   * @param name short name used in thread names and messages, e.g. {@code kafka}
   * @param workDir working directory of the child
   * @param logFile where the child's stdout and stderr go (appended)
   * @param arguments JVM options followed by the main class or {@code -jar} and its arguments
   */
  public static ChildProcess java(String name, Path workDir, Path logFile, List<String> arguments) {
    return java(name, workDir, logFile, Map.of(), arguments);
  }

  /**
   * As {@link #java(String, Path, Path, List)}, with {@code environment} added to this JVM's
   * environment (e.g. {@code SPARK_HOME} for a Spark worker).
   */
  public static ChildProcess java(
      String name, Path workDir, Path logFile, Map<String, String> environment, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(arguments);
    return start(name, command, environment, variable -> true, workDir, logFile, OnJvmExit.KILL);
  }

  /**
   * Starts {@code command} in {@code workDir}, stdin empty, stdout and stderr appended to {@code logFile}.
   *
   * @param environment variables set for the child, over those it inherits
   * @param inherited which of this JVM's environment variables the child inherits, by name
   */
  public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
      Predicate<String> inherited, Path workDir, Path logFile, OnJvmExit onJvmExit) {
    try {
      Files.createDirectories(workDir);
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().keySet().removeIf(inherited.negate());
      builder.environment().putAll(environment);
      Process process = builder.start();
      log.debug("Started {} (pid {}), log {}", name, process.pid(), logFile);
      return new ChildProcess(name, process, logFile, onJvmExit);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name + " (" + command.get(0) + ")", e);
    }
  }

  /**
   * Runs a short-lived Java program to completion (e.g. a storage formatter) and fails with its
   * output when it exits non-zero or takes longer than {@code timeout}.
   */
  public static void runToCompletion(
      String name, Path workDir, Path logFile, List<String> arguments, Duration timeout) {
    try (ChildProcess child = java(name, workDir, logFile, arguments)) {
      int exitCode = child.awaitExit(timeout);
      if (exitCode != 0) {
        throw new IllegalStateException(
            name + " failed with exit code " + exitCode + ":\n" + child.logTail(20));
      }
    }
  }

  /** Short name, e.g. {@code ingest-job}. */
  public String name() {
    return name;
  }

  /** The operating-system process id of the child. */
  public long pid() {
    return process.pid();
  }

  /** The processes the child started (e.g. a Spark worker's executors), as of now. */
  public List<ProcessHandle> descendants() {
    return process.descendants().collect(Collectors.toList());
  }

  /**
   * Waits until the child exits by itself and returns its exit code.
   *
   * @throws IllegalStateException with the end of its log when it runs longer than {@code timeout}
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            name + " did not exit within " + timeout + "; last lines of " + logFile + ":\n" + logTail(30));
      }
      removeShutdownHook();
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + name + " to exit", e);
    }
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The file the child writes its output to. */
  public Path logFile() {
    return logFile;
  }

  /** The last {@code lines} lines of the child's log, for error messages. */
  public String logTail(int lines) {
    return LogTail.of(logFile, lines);
  }

  /** Fails, with what its log says went wrong, when the child has exited. */
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

  /** Asks the child to stop (SIGTERM); {@link #awaitOrKill} finishes the stop. */
  public void terminate() {
    if (process.isAlive()) {
      process.destroy();
    }
  }

  /**
   * Waits until {@code deadline} (a {@link System#nanoTime()}) for the child to end, then kills it
   * and whatever it started (SIGKILL); returns when the child is gone.
   *
   * @return true when it ended by itself before the deadline
   */
  public boolean awaitOrKill(long deadline) {
    boolean polite;
    try {
      polite = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      polite = false;
    }
    if (!polite) {
      log.warn("{} (pid {}) did not stop in time; killing it", name, process.pid());
      destroyNow(process);
    }
    removeShutdownHook();
    return polite;
  }

  /**
   * Stops the child: a polite SIGTERM first (Kafka flushes and closes its logs), then SIGKILL
   * after {@code grace}. Returns once the child is gone.
   *
   * @return true when it ended by itself within {@code grace}
   */
  public boolean stop(Duration grace) {
    terminate();
    return awaitOrKill(System.nanoTime() + grace.toNanos());
  }

  /** Kills the child at once, as a crash would (SIGKILL). */
  public void kill() {
    destroyNow(process);
    removeShutdownHook();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  private void removeShutdownHook() {
    if (shutdownHook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or about to run; it destroys an already-dead process harmlessly.
    }
  }

  private static void destroyNow(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String javaExecutable() {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    return Objects.requireNonNull(java.toString());
  }
}
