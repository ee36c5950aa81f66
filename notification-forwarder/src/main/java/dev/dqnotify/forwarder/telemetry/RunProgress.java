package dev.dqnotify.forwarder.telemetry;

import dev.dqnotify.config.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The progress line of a replay or redrive, for the operator's terminal (stderr), at most once per
 * interval: {@code replay: 1,234 / 10,000 records (12%), 250 records/s, ETA 35s}. Done counts the
 * records that reached their terminal outcome; the rate is the average since the start.
 */
public final class RunProgress {

  private final String label;
  private final long total;
  private final PrintWriter out;
  private final Clock clock;
  private final Duration interval;
  private final Instant started;
  private Instant lastPrinted;
  private long lastDone = -1;

  /**
   * @param label what runs, e.g. {@code replay}
   * @param total how many records the run will read (an upper bound: offsets, some may be markers)
   */
  public RunProgress(String label, long total, PrintWriter out, Clock clock, Duration interval) {
    this.label = label;
    this.total = total;
    this.out = out;
    this.clock = clock;
    this.interval = interval;
    this.started = clock.instant();
    this.lastPrinted = started;
  }

  /** Prints the line if the interval has passed and something moved. */
  public void update(long done) {
    Instant now = clock.instant();
    if (Duration.between(lastPrinted, now).compareTo(interval) >= 0 && done != lastDone) {
      out.println(line(done, Duration.between(started, now)));
      out.flush();
      lastPrinted = now;
      lastDone = done;
    }
  }

  /** The line for {@code done} records after {@code elapsed}. */
  String line(long done, Duration elapsed) {
    long shown = Math.min(done, total);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %,d / %,d records (%d%%)", label, shown,
        total, total == 0 ? 100 : shown * 100 / total));
    double seconds = elapsed.toMillis() / 1000.0;
    if (seconds > 0 && done > 0) {
      double rate = done / seconds;
      line.append(String.format(Locale.ROOT, ", %,.0f records/s", rate));
      long eta = (long) Math.ceil(Math.max(0, total - shown) / rate);
      line.append(", ETA ").append(Durations.human(Duration.ofSeconds(eta)));
    }
    return line.toString();
  }
}
