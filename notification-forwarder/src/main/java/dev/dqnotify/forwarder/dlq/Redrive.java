package dev.dqnotify.forwarder.dlq;

import dev.dqnotify.forwarder.BoundedRun;
import dev.dqnotify.config.Durations;
import dev.dqnotify.forwarder.ForwarderConfig;
import dev.dqnotify.forwarder.Stages;
import dev.dqnotify.forwarder.consume.BoundedConsumer;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.filter.EventScreen;
import dev.dqnotify.forwarder.pipeline.NotificationPipeline;
import dev.dqnotify.forwarder.pipeline.RunReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code dq-forwarder dlq redrive}: sends dead letters back through the pipeline (decode → filter →
 * dedupe → group → render → deliver) once their cause is fixed.
 *
 * <p>Bookkeeping: the {@link RedriveLedger} group {@code <consume.group-id>-dlq-redrive} records
 * each dead letter that reached a final answer — delivered, or deliberately not posted (a repeat, a
 * silence, below the minimum severity) — and is committed as the run goes, so a second redrive of the
 * same dead letters posts nothing. A dead letter that fails again (still undecodable, rejected again)
 * is not recorded and stays in the dead-letter topic with its first reason, so it can be redriven
 * once more after another fix; the run lists the new reason. A redrive writes nothing to the
 * dead-letter topic.
 *
 * <p>Dedupe still applies: an event is skipped when the live forwarder delivered it after all (the
 * same reconstruction a replay uses, on the outbox partition the dead letter came from), or when
 * another dead letter of this run carried it. {@code --force} redrives dead letters the ledger
 * records too, and skips no event as delivered.
 */
final class Redrive {

  /** How often the ledger is committed during a run. */
  private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

  /**
   * One redrive.
   *
   * @param positions the dead letters to redrive; empty: all of them (not yet redriven)
   * @param force redrive what the ledger records as redriven, and skip nothing as delivered
   * @param dryRun post and record nothing; say what would be posted
   */
  record Request(List<DeadLetterPosition> positions, boolean force, boolean dryRun) {
    Request {
      positions = List.copyOf(positions);
    }
  }

  private Redrive() {}

  /**
   * Runs {@code request} to its end with {@code stages}.
   *
   * @param out the summary
   * @param err progress and notes
   * @throws IllegalArgumentException when a position names no dead letter
   */
  static RunReport run(Stages stages, Request request, PrintWriter out, PrintWriter err) throws InterruptedException {
    ForwarderConfig config = stages.config();
    Clock clock = stages.clock();
    DeadLetterReader reader = stages.deadLetterReader();
    Map<TopicPartition, BoundedConsumer.Range> all = reader.ranges();
    Map<TopicPartition, Long> logStarts = new HashMap<>();
    all.forEach((partition, range) -> logStarts.put(partition, range.start()));
    String ledgerGroup = RedriveLedger.groupId(config.groupId());
    Consumer<byte[], byte[]> ledgerConsumer = stages.ledgerConsumer(ledgerGroup);
    stages.closeLater(ledgerConsumer);
    RedriveLedger ledger = RedriveLedger.read(ledgerConsumer, logStarts);

    Map<TopicPartition, BoundedConsumer.Range> ranges = new HashMap<>();
    Set<DeadLetterPosition> selected = new HashSet<>(request.positions());
    long[] alreadyRedriven = {0};
    if (request.positions().isEmpty()) {
      ranges.putAll(all);
    } else {
      Map<TopicPartition, long[]> bounds = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
      for (DeadLetterPosition position : request.positions()) {
        TopicPartition partition = new TopicPartition(config.deadLetterTopic(), position.partition());
        BoundedConsumer.Range range = all.get(partition);
        if (range == null || position.offset() < range.start() || position.offset() >= range.end()) {
          throw new IllegalArgumentException("there is no dead letter at " + position + " in "
              + config.deadLetterTopic() + " (see dq-forwarder dlq list)");
        }
        bounds.merge(partition, new long[] {position.offset(), position.offset() + 1},
            (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
      }
      bounds.forEach((partition, b) -> ranges.put(partition, new BoundedConsumer.Range(b[0], b[1])));
    }
    BiPredicate<TopicPartition, Long> include = (partition, offset) -> {
      if (!request.positions().isEmpty() && !selected.contains(new DeadLetterPosition(partition.partition(), offset))) {
        return false;
      }
      if (!request.force() && ledger.redriven(partition, offset)) {
        alreadyRedriven[0]++;
        return false;
      }
      return true;
    };

    Deduplicator deduplicator = stages.deduplicator(config.dedupeHorizon());
    if (!request.force()) {
      Set<DeadLetterEntry.Origin> deadLettered = reader.originsOrNone(config.topic(), err);
      Map<TopicPartition, Long> committed = stages.committedOffsets();
      stages.learnDelivered(deduplicator, committed, committed.keySet(),
          clock.instant().minus(config.dedupeHorizon()), deadLettered);
    }

    NotificationPipeline.Settings settings = new NotificationPipeline.Settings(Optional.of(config.backfillAfter()),
        config.schemaRegistryRetryInterval(), false, Redrive::dedupeScope);
    NotificationPipeline.OutcomeListener recordInLedger = (record, outcome, failure) -> {
      boolean finalAnswer = outcome != NotificationPipeline.Outcome.DEAD_LETTERED
          && outcome != NotificationPipeline.Outcome.UNDECODABLE;
      if (finalAnswer && !request.dryRun()) {
        ledger.record(new TopicPartition(record.topic(), record.partition()), record.offset());
      }
    };
    err.printf("Redriving %s from %s: %s%n", request.positions().isEmpty() ? "every dead letter not yet redriven"
        : request.positions(), config.deadLetterTopic(), request.dryRun() ? "dry run, nothing is posted or recorded"
        : "ledger group " + ledgerGroup);
    Instant[] lastCommit = {clock.instant()};
    BoundedRun.Result result = BoundedRun.run(stages, new BoundedRun.Spec("redrive", "dq-forwarder-dlq-redrive",
        ranges, include, stages.screen(EventScreen.Selection.all()), deduplicator,
        DeadLetterSink.keptInPlace(config.deadLetterTopic()), settings, request.dryRun(), OptionalDouble.empty()),
        recordInLedger, () -> {
          // Committed as the run goes: a redrive stopped halfway does not post its first half twice.
          if (ledger.hasChanges() && !clock.instant().isBefore(lastCommit[0].plus(COMMIT_INTERVAL))) {
            ledger.commit(ledgerConsumer);
            lastCommit[0] = clock.instant();
          }
        }, err);
    ledger.commit(ledgerConsumer);
    RunReport report = result.report();

    out.printf("Redrive of %s%s finished in %s:%n", config.deadLetterTopic(), request.dryRun() ? " (dry run)" : "",
        Durations.human(result.took()));
    RunReport.line(out, "dead letters redriven", countSelected(report), "");
    RunReport.line(out, "skipped, redriven before", alreadyRedriven[0],
        "recorded in group " + ledgerGroup + "; --force redrives them again");
    RunReport.line(out, "skipped, already delivered", report.count(NotificationPipeline.Outcome.DEDUPLICATED),
        "the event was delivered since, or twice in this run");
    report.printOutcomes(out, request.dryRun(), config.deadLetterTopic() + " (kept there)");
    report.printNotes(out, request.dryRun());
    long stillFailing = report.count(NotificationPipeline.Outcome.DEAD_LETTERED)
        + report.count(NotificationPipeline.Outcome.UNDECODABLE);
    if (stillFailing > 0) {
      out.println(stillFailing + " dead letter(s) failed again and stay in " + config.deadLetterTopic()
          + "; fix the cause and redrive them again.");
    }
    out.flush();
    return report;
  }

  private static long countSelected(RunReport report) {
    long sum = 0;
    for (NotificationPipeline.Outcome outcome : NotificationPipeline.Outcome.values()) {
      sum += report.count(outcome);
    }
    return sum;
  }

  /** A dead letter belongs to the dedupe state of the outbox partition it was read from. */
  private static TopicPartition dedupeScope(ConsumerRecord<byte[], byte[]> record) {
    return DeadLetterEntry.origin(record).map(DeadLetterEntry.Origin::partition)
        .orElseGet(() -> new TopicPartition(record.topic(), record.partition()));
  }
}
