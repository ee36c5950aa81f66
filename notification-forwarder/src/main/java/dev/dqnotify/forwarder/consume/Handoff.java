package dev.dqnotify.forwarder.consume;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The way back to the consumer thread: work finished on other threads (an HTTP call, a produce)
 * hands its continuation in here, and the consumer thread runs it between polls. So the offset
 * tracker, the grouper and the dedupe state are touched by one thread only and need no locks.
 * Use it as the executor of {@code whenCompleteAsync}.
 */
public final class Handoff implements Executor {

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

  /** Queues {@code task} for the consumer thread; callable from any thread. */
  @Override
  public void execute(Runnable task) {
    queue.add(task);
  }

  /** Runs every queued task (consumer thread only); returns how many ran. */
  public int runPending() {
    int ran = 0;
    for (Runnable task; (task = queue.poll()) != null; ran++) {
      task.run();
    }
    return ran;
  }

  /** Waits up to {@code timeout} for a task, then runs it and everything else queued. */
  public void runNext(Duration timeout) throws InterruptedException {
    Runnable task = queue.poll(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    if (task != null) {
      task.run();
      runPending();
    }
  }
}
