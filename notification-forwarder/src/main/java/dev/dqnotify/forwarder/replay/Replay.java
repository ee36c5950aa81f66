package dev.dqnotify.forwarder.replay;

import dev.dqnotify.forwarder.BoundedRun;
import dev.dqnotify.config.Durations;
import dev.dqnotify.forwarder.ForwarderConfig;
import dev.dqnotify.forwarder.Stages;
import dev.dqnotify.forwarder.consume.BoundedConsumer;
import dev.dqnotify.forwarder.consume.RangeReader;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.dedupe.DeliveredIds;
import dev.dqnotify.forwarder.dlq.DeadLetterEntry;
import dev.dqnotify.forwarder.dlq.DeadLetterSink;
import dev.dqnotify.forwarder.filter.EventScreen;
import dev.dqnotify.forwarder.pipeline.NotificationPipeline;
import dev.dqnotify.forwarder.pipeline.RunReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code dq-forwarder replay}: sends a window of the outbox through the pipeline again, tagged
 * {@code backfill:true}, with its own consumer (assign and seek; no group, nothing committed).
 *
 * <p>What a replay reads, per partition: from {@code --from} (a time, via {@code offsetsForTimes},
 * or explicit offsets) up to {@code --to} (a time) or the end — but never past the live group's
 * committed offset. Records at or after it have not been handled by the live forwarder yet; it will
 * deliver them, and a replay that posted them too would notify twice. They are counted, not read.
 *
 * <p>"Already delivered", precisely: without {@code --force} a replay skips an event when the live
 * forwarder delivered it, which the outbox and the dead-letter topic tell exactly enough
 * ({@link DeliveredIds}): its id occurs on the same partition below the live group's committed
 * offset — read from the earlier of {@code --from} and now − {@code dedupe.horizon}, so the whole
 * window is known, not only the horizon — in a record that was not held back, i.e. not
 * dead-lettered and not silenced, nor a repeat of a held-back first copy. Records the live forwarder
 * dead-lettered are left to {@code dlq redrive}. So a replay without {@code --force} posts what
 * silences held back (once they are over: a replay obeys active silences like the live forwarder),
 * and nothing the live forwarder delivered. With {@code --force} it posts every event of the window
 * (each id once), dead-lettered ones included.
 */
final class Replay {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Slack so ids read at the edge of the reconstruction are not expired before the run ends. */
  private static final Duration HORIZON_SLACK = Duration.ofHours(1);

  /** Where a replay starts. */
  sealed interface Start {
    /** At the first record written at or after {@code time}, on every partition. */
    record At(Instant time) implements Start {}

    /** At the given offset on each listed partition; other partitions are not replayed. */
    record Offsets(Map<Integer, Long> offsets) implements Start {
      public Offsets {
        offsets = Map.copyOf(offsets);
      }
    }

    /**
     * {@code 2025-03-01T02:00:00Z} (ISO-8601 with an offset or zone) or
     * {@code partition:offset[,partition:offset…]}.
     *
     * @throws IllegalArgumentException saying what is wrong and what is valid
     */
    static Start parse(String text) {
      String trimmed = text.trim();
      if (trimmed.matches("\\d+\\s*:\\s*\\d+(\\s*,\\s*\\d+\\s*:\\s*\\d+)*")) {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String pair : trimmed.split(",")) {
          String[] parts = pair.split(":");
          int partition = Integer.parseInt(parts[0].trim());
          if (offsets.put(partition, Long.parseLong(parts[1].trim())) != null) {
            throw new IllegalArgumentException("'" + text + "' names partition " + partition + " twice");
          }
        }
        return new Offsets(offsets);
      }
      return new At(parseTime(text));
    }
  }

  /**
   * An ISO-8601 time with an offset or zone.
   *
   * @throws IllegalArgumentException naming the text and what is valid
   */
  static Instant parseTime(String text) {
    try {
      return ZonedDateTime.parse(text.trim(), DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is neither a time nor partition:offset pairs; expected "
          + "ISO-8601 with an offset (2025-03-01T02:00:00Z, 2025-03-01T03:00:00+01:00) or 0:1200,1:1180");
    }
  }

  /**
   * One replay.
   *
   * @param from where it starts
   * @param to where it ends (exclusive), if not at the live group's committed offsets
   * @param selection which events of the window
   * @param force post events the live forwarder delivered too
   * @param dryRun post nothing; say what would be posted
   * @param eventsPerSecond the most events posted per second, if limited
   */
  record Request(Start from, Optional<Instant> to, EventScreen.Selection selection, boolean force, boolean dryRun,
      OptionalDouble eventsPerSecond) {}

  private Replay() {}

  /**
   * Runs {@code request} to its end with {@code stages}.
   *
   * @param out the summary
   * @param err progress and notes
   * @return the counts, for tests and the exit code
   * @throws IllegalArgumentException for a start that names partitions the topic lacks
   */
  static RunReport run(Stages stages, Request request, PrintWriter out, PrintWriter err) throws InterruptedException {
    ForwarderConfig config = stages.config();
    Clock clock = stages.clock();
    String topic = config.topic();
    Map<TopicPartition, Long> committed = stages.committedOffsets();
    Plan plan;
    try (Consumer<byte[], byte[]> consumer = stages.rangeConsumer("dq-forwarder-replay")) {
      plan = plan(consumer, topic, request, committed);
    }
    err.printf("Replaying %s: %,d records on %d partition(s) %s; %,d records at or after group %s's committed offsets "
        + "are left to the live forwarder%n", topic, plan.total(), plan.ranges().size(), plan.describe(),
        plan.leftToLive(), config.groupId());

    Set<DeadLetterEntry.Origin> deadLettered = stages.deadLetterReader().originsOrNone(topic, err);
    Instant since = plan.earliest().isBefore(stages.clock().instant().minus(config.dedupeHorizon()))
        ? plan.earliest() : clock.instant().minus(config.dedupeHorizon());
    Deduplicator deduplicator = stages.deduplicator(Duration.between(since, clock.instant()).plus(HORIZON_SLACK));
    if (!request.force()) {
      stages.learnDelivered(deduplicator, committed, plan.ranges().keySet(), since, deadLettered);
    }

    DeadLetterSink deadLetters = request.dryRun() ? DeadLetterSink.keptInPlace(config.deadLetterTopic())
        : stages.deadLetterPublisher();
    NotificationPipeline.Settings settings = new NotificationPipeline.Settings(Optional.empty(),
        config.schemaRegistryRetryInterval(), false, record -> new TopicPartition(record.topic(), record.partition()));
    long[] skippedDeadLettered = {0};
    BiPredicate<TopicPartition, Long> include = (partition, offset) -> {
      if (!request.force() && deadLettered.contains(new DeadLetterEntry.Origin(partition, offset))) {
        skippedDeadLettered[0]++;
        return false;
      }
      return true;
    };
    BoundedRun.Result result = BoundedRun.run(stages, new BoundedRun.Spec("replay", "dq-forwarder-replay",
        plan.ranges(), include, stages.screen(request.selection()), deduplicator, deadLetters, settings,
        request.dryRun(), request.eventsPerSecond()), NotificationPipeline.OutcomeListener.NONE, () -> { }, err);
    RunReport report = result.report();
    long read = result.read();

    out.printf("Replay of %s %s%s finished in %s:%n", topic, plan.describe(), request.dryRun() ? " (dry run)" : "",
        Durations.human(result.took()));
    RunReport.line(out, "read", read, "records of the window up to the live group's committed offsets");
    RunReport.line(out, "matched", read - skippedDeadLettered[0]
        - report.count(NotificationPipeline.Outcome.NOT_SELECTED) - report.count(NotificationPipeline.Outcome.UNDECODABLE),
        "events of the selection (--event-type, --store)");
    RunReport.line(out, "skipped, already delivered", report.count(NotificationPipeline.Outcome.DEDUPLICATED),
        request.force() ? "repeats within the window (--force)" : "by the live forwarder, or repeats");
    RunReport.line(out, "skipped, dead-lettered", skippedDeadLettered[0], "left to dq-forwarder dlq redrive");
    report.printOutcomes(out, request.dryRun(), config.deadLetterTopic());
    RunReport.line(out, "left to the live forwarder", plan.leftToLive(),
        "records at or after group " + config.groupId() + "'s committed offsets");
    report.printNotes(out, request.dryRun());
    return report;
  }

  /**
   * What a replay reads.
   *
   * @param ranges by partition, capped at the live group's committed offsets
   * @param leftToLive records of the window at or after those offsets
   * @param earliest the earliest record time the window starts at
   * @param from the start as given
   * @param to the end as given
   */
  record Plan(Map<TopicPartition, BoundedConsumer.Range> ranges, long leftToLive, Instant earliest, Start from,
      Optional<Instant> to) {

    long total() {
      return ranges.values().stream().mapToLong(BoundedConsumer.Range::size).sum();
    }

    String describe() {
      String start = from instanceof Start.At at ? "from " + at.time() : "from offsets " + ((Start.Offsets) from)
          .offsets();
      return start + to.map(t -> " to " + t).orElse("");
    }
  }

  static Plan plan(Consumer<byte[], byte[]> consumer, String topic, Request request,
      Map<TopicPartition, Long> committed) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("topic " + topic + " does not exist");
    }
    List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
    Map<TopicPartition, Long> starts = new HashMap<>();
    Instant earliest;
    if (request.from() instanceof Start.At at) {
      starts.putAll(offsetsAt(consumer, partitions, at.time(), ends));
      earliest = at.time();
    } else {
      Map<Integer, Long> offsets = ((Start.Offsets) request.from()).offsets();
      offsets.forEach((partition, offset) -> {
        TopicPartition tp = new TopicPartition(topic, partition);
        if (!partitions.contains(tp)) {
          throw new IllegalArgumentException("--from names partition " + partition + ", but " + topic + " has "
              + partitions.size() + " partition(s)");
        }
        starts.put(tp, Math.min(offset, ends.get(tp)));
      });
      earliest = firstTimestamp(consumer, starts, ends);
    }
    Map<TopicPartition, Long> windowEnds = request.to().map(to -> offsetsAt(consumer, partitions, to, ends))
        .orElse(ends);
    Map<TopicPartition, BoundedConsumer.Range> ranges = new HashMap<>();
    long leftToLive = 0;
    for (Map.Entry<TopicPartition, Long> start : starts.entrySet()) {
      TopicPartition partition = start.getKey();
      long windowEnd = Math.max(start.getValue(), windowEnds.get(partition));
      long cap = committed.getOrDefault(partition, 0L);
      long end = Math.max(start.getValue(), Math.min(windowEnd, cap));
      leftToLive += windowEnd - end;
      if (end > start.getValue()) {
        ranges.put(partition, new BoundedConsumer.Range(start.getValue(), end));
      }
    }
    return new Plan(ranges, leftToLive, earliest, request.from(), request.to());
  }

  /** Per partition, the first offset written at or after {@code time}, else the end. */
  private static Map<TopicPartition, Long> offsetsAt(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
      Instant time, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, time.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, TIMEOUT);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    partitions.forEach(p -> offsets.put(p, Optional.ofNullable(found.get(p)).map(OffsetAndTimestamp::offset)
        .orElse(ends.get(p))));
    return offsets;
  }

  /** The earliest time of the records at {@code starts}: where a window given by offsets begins in time. */
  private static Instant firstTimestamp(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> ends) {
    Map<TopicPartition, BoundedConsumer.Range> firsts = new HashMap<>();
    starts.forEach((partition, start) -> {
      if (start < ends.get(partition)) {
        firsts.put(partition, new BoundedConsumer.Range(start, ends.get(partition)));
      }
    });
    Instant[] earliest = {Instant.now()};
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    // Past the deadline what was found stands; a partition not reached counts as now, as before.
    RangeReader.read(consumer, firsts, () -> System.nanoTime() < deadline, record -> {
      Instant time = Instant.ofEpochMilli(record.timestamp());
      earliest[0] = time.isBefore(earliest[0]) ? time : earliest[0];
      return false; // the first record of each partition is all it needs
    });
    consumer.unsubscribe();
    return earliest[0];
  }

}
