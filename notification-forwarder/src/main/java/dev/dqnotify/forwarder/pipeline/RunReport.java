package dev.dqnotify.forwarder.pipeline;

import dev.dqnotify.forwarder.deliver.EventSink;
import dev.dqnotify.forwarder.deliver.FinalOutcome;
import dev.dqnotify.forwarder.dlq.DeadLetter;
import dev.dqnotify.forwarder.render.DatadogEvent;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a replay or redrive did, counted from the pipeline's terminal outcomes and from what reached
 * the sink, and its closing summary. Outcomes arrive on the running thread; the sink may be called
 * from delivery threads.
 */
public final class RunReport implements NotificationPipeline.OutcomeListener {

  /** A record that did not get through, and why. */
  public record Failure(ConsumerRecord<byte[], byte[]> record, NotificationPipeline.Outcome outcome, DeadLetter reason) {}

  /** How many titles a dry run shows. */
  static final int TITLES_SHOWN = 5;
  /** How many failures the summary lists one by one. */
  static final int FAILURES_SHOWN = 20;

  private final Map<NotificationPipeline.Outcome, Long> outcomes = new EnumMap<>(NotificationPipeline.Outcome.class);
  private final List<Failure> failures = new ArrayList<>();
  private final AtomicLong datadogEvents = new AtomicLong();
  private final List<String> titles = new ArrayList<>();

  @Override
  public void terminal(ConsumerRecord<byte[], byte[]> record, NotificationPipeline.Outcome outcome,
      Optional<DeadLetter> failure) {
    outcomes.merge(outcome, 1L, Long::sum);
    failure.ifPresent(reason -> failures.add(new Failure(record, outcome, reason)));
  }

  /** {@code sink}, counting the Datadog events it accepts and keeping the first titles. */
  public EventSink counting(EventSink sink) {
    return new EventSink() {
      @Override
      public CompletableFuture<FinalOutcome> submit(DatadogEvent event) {
        return sink.submit(event).whenComplete((outcome, error) -> {
          if (outcome instanceof FinalOutcome.Delivered) {
            datadogEvents.incrementAndGet();
            synchronized (titles) {
              if (titles.size() < TITLES_SHOWN) {
                titles.add(event.title());
              }
            }
          }
        });
      }

      @Override
      public boolean saturated() {
        return sink.saturated();
      }
    };
  }

  /** How many records ended with {@code outcome}. */
  public long count(NotificationPipeline.Outcome outcome) {
    return outcomes.getOrDefault(outcome, 0L);
  }

  /** Every record that did not get through, with why. */
  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** Datadog events accepted (or, in a dry run, that would have been posted). */
  public long datadogEvents() {
    return datadogEvents.get();
  }

  /** The first titles posted (or that would have been). */
  public List<String> titles() {
    synchronized (titles) {
      return List.copyOf(titles);
    }
  }

  /** Prints one summary line: {@code   label ........ 12  note}. */
  public static void line(PrintWriter out, String label, long count, String note) {
    out.println(String.format(Locale.ROOT, "  %-34s %,9d%s", label, count, note.isEmpty() ? "" : "  " + note));
  }

  /** The count lines every run prints: what the pipeline decided, and what was (or would be) posted. */
  public void printOutcomes(PrintWriter out, boolean dryRun, String deadLetterTopic) {
    line(out, "below forward.min-severity", count(NotificationPipeline.Outcome.BELOW_MIN_SEVERITY), "");
    line(out, "silenced", count(NotificationPipeline.Outcome.SILENCED), "held back by an active silence");
    line(out, "undecodable", count(NotificationPipeline.Outcome.UNDECODABLE), "not dead-lettered again");
    String events = "(" + datadogEvents() + " Datadog event" + (datadogEvents() == 1 ? "" : "s") + ")";
    line(out, dryRun ? "would be posted" : "posted", count(NotificationPipeline.Outcome.DELIVERED), events);
    line(out, "rejected by Datadog", count(NotificationPipeline.Outcome.DEAD_LETTERED),
        dryRun ? "none in a dry run" : "→ " + deadLetterTopic);
  }

  /** What follows the counts: a dry run's titles, and the records that did not get through. */
  public void printNotes(PrintWriter out, boolean dryRun) {
    if (dryRun) {
      out.println("Nothing was posted (--dry-run). The first titles that would be:");
      titles().forEach(title -> out.println("  - " + title));
    }
    failures.stream().limit(FAILURES_SHOWN).forEach(failure -> out.println("  "
        + failure.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + failure.record().topic() + "-"
        + failure.record().partition() + "@" + failure.record().offset() + " (" + failure.reason().stage() + "): "
        + failure.reason().exceptionMessage()));
    if (failures.size() > FAILURES_SHOWN) {
      out.println("  … and " + (failures.size() - FAILURES_SHOWN) + " more");
    }
    out.flush();
  }
}
