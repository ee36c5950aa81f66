package dev.dqnotify.forwarder;

import dev.dqnotify.forwarder.consume.BoundedConsumer;
import dev.dqnotify.forwarder.consume.Handoff;
import dev.dqnotify.forwarder.consume.OffsetTracker;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.deliver.DryRunSink;
import dev.dqnotify.forwarder.deliver.EventSink;
import dev.dqnotify.forwarder.dlq.DeadLetterSink;
import dev.dqnotify.forwarder.filter.EventScreen;
import dev.dqnotify.forwarder.pipeline.NotificationPipeline;
import dev.dqnotify.forwarder.pipeline.RunReport;
import dev.dqnotify.forwarder.telemetry.RunProgress;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BiPredicate;
import org.apache.kafka.common.TopicPartition;

/**
 * One bounded run, a replay or a redrive, wired in one place: its own sink (Datadog, or the dry-run
 * sink), offset tracker and handoff around the shared stages, a {@link BoundedConsumer} over fixed
 * offset ranges, every terminal outcome counted in a {@link RunReport}, and the progress line on
 * the operator's terminal. What a run reads and how its pipeline differs is its {@link Spec}.
 */
public final class BoundedRun {

  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  /**
   * What a run reads and how its pipeline differs from the live forwarder's.
   *
   * @param label names the run on the progress line ({@code replay}, {@code redrive})
   * @param clientId the client id of its consumer (no group)
   * @param ranges what to read, by partition
   * @param include which records of the ranges go through the pipeline; the rest are read past
   * @param screen the run's selection and the minimum severity
   * @param deduplicator its dedupe state, filled before the run (a bounded run is never assigned
   *     partitions, so it has no seen-ids reader)
   * @param deadLetters where what fails goes
   * @param settings the pipeline's settings for this run
   * @param dryRun post nothing; the dry-run sink accepts every event
   * @param eventsPerSecond the most events posted per second, if limited (else the configured limit)
   */
  public record Spec(String label, String clientId, Map<TopicPartition, BoundedConsumer.Range> ranges,
      BiPredicate<TopicPartition, Long> include, EventScreen screen, Deduplicator deduplicator,
      DeadLetterSink deadLetters, NotificationPipeline.Settings settings, boolean dryRun,
      OptionalDouble eventsPerSecond) {

    /** Takes an immutable copy of the ranges. */
    public Spec {
      ranges = Map.copyOf(ranges);
    }

    /** How many records the ranges span (an upper bound: some offsets may be markers). */
    public long total() {
      return ranges.values().stream().mapToLong(BoundedConsumer.Range::size).sum();
    }
  }

  /**
   * What a run did.
   *
   * @param report its outcome counts and failures
   * @param read how many records of the ranges were read
   * @param took how long it ran, by the stages' clock
   */
  public record Result(RunReport report, long read, Duration took) {}

  private BoundedRun() {}

  /**
   * Runs {@code spec} to its end on the calling thread.
   *
   * @param listener told every terminal outcome after the report counted it (a redrive's ledger)
   * @param onProgress called with every progress update, about every 100 ms (a redrive commits its ledger)
   * @param err where the progress line goes
   * @throws InterruptedException when interrupted; what is in flight is abandoned
   */
  public static Result run(Stages stages, Spec spec, NotificationPipeline.OutcomeListener listener,
      Runnable onProgress, PrintWriter err) throws InterruptedException {
    Clock clock = stages.clock();
    RunReport report = new RunReport();
    EventSink sink = report.counting(spec.dryRun() ? new DryRunSink() : stages.deliverer(spec.eventsPerSecond()));
    OffsetTracker tracker = new OffsetTracker(clock);
    Handoff handoff = new Handoff();
    NotificationPipeline pipeline = stages.pipeline(spec.screen(), spec.deduplicator(), null, sink,
        spec.deadLetters(), tracker, handoff, spec.settings(), (record, outcome, failure) -> {
          report.terminal(record, outcome, failure);
          listener.terminal(record, outcome, failure);
        });
    RunProgress progress = new RunProgress(spec.label(), spec.total(), err, clock, PROGRESS_INTERVAL);
    Instant began = clock.instant();
    long read = new BoundedConsumer(stages.rangeConsumer(spec.clientId()), spec.ranges(), spec.include(), tracker,
        handoff, pipeline, stages.config().maxPendingRecords(), clock).run((recordsRead, done) -> {
          progress.update(done);
          onProgress.run();
        });
    return new Result(report, read, Duration.between(began, clock.instant()));
  }
}
