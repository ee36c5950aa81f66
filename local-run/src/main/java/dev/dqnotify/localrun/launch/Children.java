package dev.dqnotify.localrun.launch;

import dev.dqnotify.localstack.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The child processes of a local run. {@link #close()} stops them in the reverse order of their
 * start (the forwarder before the job it reads from); once closed, a child that is still being
 * started is stopped at once, so a Ctrl-C during start-up leaves nothing behind.
 */
public final class Children implements AutoCloseable {

  private final Duration grace;
  private final List<ChildProcess> started = new ArrayList<>(); // guarded by this
  private boolean closed; // guarded by this

  /** Children that get {@code grace} to stop after SIGTERM before they are killed. */
  public Children(Duration grace) {
    this.grace = grace;
  }

  /**
   * Starts {@code command} in {@code workDir} with the environment of this JVM, without its
   * {@code DQNOTIFY_*} variables, plus {@code environment}; stdout and stderr go to {@code logFile}.
   * The child is stopped by {@link #close()}, politely first.
   *
   * @throws IllegalStateException when the run is already stopping
   */
  public ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
      Path logFile) {
    // The run writes every setting its children need; a DQNOTIFY_* variable of the user's shell
    // would silently override them (environment wins over the config file).
    ChildProcess child = ChildProcess.start(name, command, environment, variable -> !variable.startsWith("DQNOTIFY_"),
        workDir, logFile, ChildProcess.OnJvmExit.CALLER_STOPS);
    synchronized (this) {
      if (!closed) {
        started.add(child);
        return child;
      }
    }
    child.stop(Duration.ZERO);
    throw new IllegalStateException("the local run is stopping; " + name + " was not started");
  }

  /** Every child started so far, in start order. */
  public synchronized List<ChildProcess> all() {
    return List.copyOf(started);
  }

  /**
   * Stops every child: SIGTERM to all, last started first, then one shared grace period in which
   * they stop side by side, then SIGKILL for any still running. Idempotent.
   */
  @Override
  public void close() {
    List<ChildProcess> toStop;
    synchronized (this) {
      closed = true;
      toStop = new ArrayList<>(started);
    }
    Collections.reverse(toStop);
    toStop.forEach(ChildProcess::terminate);
    long deadline = System.nanoTime() + grace.toNanos();
    toStop.forEach(child -> child.awaitOrKill(deadline));
  }
}
