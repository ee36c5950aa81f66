package dev.dqnotify.localstack.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: readiness checks never sleep blindly. */
public final class Deadline {

  private static final long POLL_INTERVAL_MS = 100;

  private Deadline() {}

  /**
   * Returns once {@code condition} is true. {@code stillPossible} is checked on every round (for
   * example "the child is alive") and its exception ends the wait early with the real cause.
   *
   * @throws IllegalStateException naming {@code what} when {@code timeout} passes first
   */
  public static void await(
      String what, Duration timeout, Runnable stillPossible, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      stillPossible.run();
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(what + " did not happen within " + timeout);
      }
      try {
        Thread.sleep(POLL_INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting until " + what, e);
      }
    }
  }
}
