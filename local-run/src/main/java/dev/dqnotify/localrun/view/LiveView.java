package dev.dqnotify.localrun.view;

import dev.dqnotify.localrun.faults.DatadogOutage;
import dev.dqnotify.localrun.observe.Snapshot;
import dev.dqnotify.localstack.sensors.EventType;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The live progress view of a local run. On a terminal it is one block, redrawn in place (ANSI);
 * otherwise (a pipe, a CI log) a compact line every few seconds. Announcements — the outage
 * schedule, the phases — are printed above the block as they happen and stay on screen.
 */
public final class LiveView implements AutoCloseable {

  private static final String CLEAR_BELOW = "\u001b[J";
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String GREEN = "\u001b[32m";
  private static final String RESET = "\u001b[0m";
  private static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

  private final PrintStream out;
  private final boolean ansi;
  private final int width;
  private final String title;
  private List<String> shown = List.of(); // guarded by this; the block on screen (ANSI)
  private Duration lastPlain; // guarded by this

  /**
   * A view on {@code out}.
   *
   * @param ansi redraw a block in place (a terminal) rather than print lines
   * @param width the terminal's width; longer lines are cut so the redraw stays in place
   * @param title the block's first words, e.g. where Datadog is
   */
  public LiveView(PrintStream out, boolean ansi, int width, String title) {
    this.out = out;
    this.ansi = ansi;
    this.width = Math.max(40, width);
    this.title = title;
  }

  /** Prints {@code line} above the block, for good. */
  public synchronized void announce(String line) {
    if (ansi) {
      erase();
      // Not cut: it stays above the block, so it may wrap; only the block must fit to be redrawn.
      out.println(line);
      draw(shown);
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Shows {@code snapshot}: redraws the block, or prints a line when one is due. */
  public void update(Snapshot snapshot) {
    update(snapshot, false);
  }

  /** Shows the run's last {@code snapshot}, a line included. */
  public void last(Snapshot snapshot) {
    update(snapshot, true);
  }

  private synchronized void update(Snapshot snapshot, boolean last) {
    if (ansi) {
      erase();
      draw(block(snapshot, title).stream().map(this::colour).toList());
    } else if (last || lastPlain == null || snapshot.elapsed().minus(lastPlain).compareTo(PLAIN_EVERY) >= 0) {
      lastPlain = snapshot.elapsed();
      out.println(line(snapshot));
    }
    out.flush();
  }

  /** Leaves the last block on screen and moves below it. */
  @Override
  public synchronized void close() {
    shown = List.of();
    out.flush();
  }

  private void erase() {
    if (!shown.isEmpty()) {
      // Up to the block's first line, back to its start, then clear everything below.
      out.print("\u001b[" + shown.size() + "A\r" + CLEAR_BELOW);
    }
  }

  private void draw(List<String> lines) {
    lines.forEach(out::println);
    shown = lines;
  }

  private String cut(String line) {
    return line.length() < width ? line : line.substring(0, width - 2) + "…";
  }

  private String colour(String line) {
    String text = cut(line);
    if (text.startsWith("dqnotify")) {
      return BOLD + text + RESET;
    }
    if (text.contains("DOWN")) {
      return RED + text + RESET;
    }
    if (text.contains("RATE-LIMITING")) {
      return YELLOW + text + RESET;
    }
    if (text.startsWith("  Datadog") && text.contains("healthy")) {
      return GREEN + text + RESET;
    }
    return text;
  }

  /** The block's lines (no colour). */
  static List<String> block(Snapshot s, String title) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "dqnotify local run  %s of %s  %s  ·  %s", DatadogOutage.clockText(
        s.elapsed()), DatadogOutage.clockText(s.runLength()), s.phase(), title));
    lines.add(String.format(Locale.ROOT, "  sensors     %,d raw messages → sensor-raw  %s", s.messagesSent(),
        s.phase().equals("sending") ? String.format(Locale.ROOT, "(%.1f/s)", s.messagesPerSecond()) : "(done)"));
    lines.add("  ingest job  " + (s.jobProcessed().isEmpty() ? "starting its first batch"
        : String.format(Locale.ROOT, "%,d processed · lag %,d · batch %d", s.jobProcessed().getAsLong(),
            s.jobLag().getAsLong(), s.jobBatch().orElse(0))));
    List<String> types = new ArrayList<>();
    for (EventType type : EventType.values()) {
      types.add(type.name() + " " + s.found().getOrDefault(type.name(), 0L) + "/"
          + s.injected().getOrDefault(type.name(), 0L));
    }
    long found = s.found().values().stream().mapToLong(Long::longValue).sum();
    long injected = s.injected().values().stream().mapToLong(Long::longValue).sum();
    lines.add(String.format(Locale.ROOT, "  DqEvents    %d found of %d injected so far; by type, found/injected:", found,
        injected));
    lines.add("              " + String.join(" · ", types.subList(0, 3)));
    lines.add("              " + String.join(" · ", types.subList(3, types.size())));
    lines.add("  forwarder   posted " + s.posted() + " · retried " + s.retried() + " · dead-lettered "
        + s.deadLettered() + delivered(s));
    lines.add("  Datadog     " + s.datadogStatus() + responses(s.responses()));
    return lines;
  }

  /** The one-line form, for logs and pipes. */
  static String line(Snapshot s) {
    long found = s.found().values().stream().mapToLong(Long::longValue).sum();
    long injected = s.injected().values().stream().mapToLong(Long::longValue).sum();
    OptionalLong lag = s.jobLag();
    return String.format(Locale.ROOT, "[%s] %s · sent %,d (%.0f/s) · job lag %s · DqEvents %d/%d · posted %d · "
            + "retried %d · DLQ %d%s · Datadog %s", DatadogOutage.clockText(s.elapsed()), s.phase(),
        s.messagesSent(), s.messagesPerSecond(), lag.isPresent() ? Long.toString(lag.getAsLong()) : "-", found,
        injected, s.posted(), s.retried(), s.deadLettered(),
        s.backlog().isPresent() ? " · backlog " + s.backlog().getAsLong() : "", s.datadogStatus());
  }

  private static String delivered(Snapshot s) {
    if (s.delivered().isEmpty()) {
      return "";
    }
    return " · " + s.delivered().getAsLong() + " of " + s.outboxEvents() + " DqEvents in Datadog"
        + (s.backlog().getAsLong() > 0 ? " (backlog " + s.backlog().getAsLong() + ")" : "");
  }

  private static String responses(Map<Integer, Integer> responses) {
    Map<Integer, Integer> toEvents = new TreeMap<>(responses);
    toEvents.remove(200); // the forwarder's API key checks; events are answered 202
    if (toEvents.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(" · responses");
    toEvents.forEach((status, n) -> text.append(' ').append(status).append('×').append(n));
    return text.toString();
  }
}
