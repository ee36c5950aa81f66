package dev.dqnotify.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program of the local stack running in its own JVM, so that its classpath (Kafka's Scala 2.13,
 * Apicurio's Quarkus) never meets the caller's (Spark's Scala 2.12).
 *
 * <p>The child's output goes to a log file. A JVM shutdown hook destroys the child, so that a test
 * JVM or a CLI ended by Ctrl-C leaves no process behind; the hook holds the child's own
 * {@link ProcessHandle}, never the PID of a wrapper shell.
 */
public final class ChildJvm implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChildJvm.class);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Thread shutdownHook;

  private ChildJvm(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.shutdownHook = new Thread(() -> destroyNow(process), "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code java <jvmArgs> <programArgs>} with the same Java that runs this JVM.
   *
   * @param name short name used in thread names and messages, e.g. {@code kafka}
   * @param workDir working directory of the child
   * @param logFile where the child's stdout and stderr go (appended)
   * @param arguments JVM options followed by the main class or {@code -jar} and its arguments
   */
  public static ChildJvm start(String name, Path workDir, Path logFile, List<String> arguments) {
    return start(name, workDir, logFile, Map.of(), arguments);
  }

  /**
   * As {@link #start(String, Path, Path, List)}, with {@code environment} added to this JVM's
   * environment (e.g. {@code SPARK_HOME} for a Spark worker).
   */
  public static ChildJvm start(
      String name, Path workDir, Path logFile, Map<String, String> environment, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(arguments);
    try {
      Files.createDirectories(workDir);
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(environment);
      Process process = builder.start();
      log.debug("Started {} (pid {}), log {}", name, process.pid(), logFile);
      return new ChildJvm(name, process, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name + " with " + command.get(0), e);
    }
  }

  /**
   * Runs a short-lived Java program to completion (e.g. a storage formatter) and fails with its
   * output when it exits non-zero or takes longer than {@code timeout}.
   */
  public static void runToCompletion(
      String name, Path workDir, Path logFile, List<String> arguments, Duration timeout) {
    try (ChildJvm child = start(name, workDir, logFile, arguments)) {
      int exitCode = child.awaitExit(timeout);
      if (exitCode != 0) {
        throw new IllegalStateException(
            name + " failed with exit code " + exitCode + ":\n" + child.logTail(20));
      }
    }
  }

  /** The operating-system process id of the child JVM. */
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

  /** Whether the child JVM is still running. */
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

  /** Fails with the child's last log lines if it has exited. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with code " + process.exitValue() + "; last lines of " + logFile + ":\n"
              + logTail(30));
    }
  }

  /**
   * Stops the child: a polite SIGTERM first (Kafka flushes and closes its logs), then SIGKILL
   * after {@code grace}. Returns once the process is gone.
   */
  public void stop(Duration grace) {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("{} (pid {}) did not stop within {}; killing it", name, process.pid(), grace);
          destroyNow(process);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroyNow(process);
    } finally {
      removeShutdownHook();
    }
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
