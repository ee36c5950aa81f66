package dev.dqnotify.forwarder.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded counterpart of {@link OutboxConsumer}, for replays and redrives: reads fixed offset
 * ranges without a consumer group (assign and seek; nothing is committed, no group's offsets move)
 * and hands each record to a {@link RecordProcessor}, until every record handed over reached its
 * terminal outcome. Reads through {@link RangeReader}. Runs on the calling thread; asynchronous
 * results come back through the {@link Handoff}.
 *
 * <p>Back-pressure is simpler than the live consumer's: with no group to stay in, a blocked run
 * just stops polling until the processor takes work again. A record the processor cannot take yet
 * (the schema registry is down) is read again after the delay it names.
 */
public final class BoundedConsumer {

  private static final Logger log = LoggerFactory.getLogger(BoundedConsumer.class);
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * Offsets {@code [start, end)} of one partition.
   *
   * @param start the first offset read
   * @param end the first offset not read
   */
  public record Range(long start, long end) {
    /** Rejects a negative start and an end below it. */
    public Range {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("invalid range [" + start + ", " + end + ")");
      }
    }

    /** How many offsets it spans. */
    public long size() {
      return end - start;
    }
  }

  /** Told how the run goes, on the running thread. */
  @FunctionalInterface
  public interface Progress {
    /**
     * Called about every {@code 100 ms}, and once at the end.
     *
     * @param read records of the ranges read so far (handed over or not)
     * @param done of those, the ones that reached their terminal outcome (or were not handed over)
     */
    void update(long read, long done);
  }

  private final Consumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, Range> ranges;
  private final BiPredicate<TopicPartition, Long> include;
  private final OffsetTracker tracker;
  private final Handoff handoff;
  private final RecordProcessor processor;
  private final int maxPendingRecords;
  private final Clock clock;

  /**
   * @param consumer without a group id; this run assigns, seeks, and closes it
   * @param ranges what to read, by partition
   * @param include which records in the ranges to hand over; the rest are read past
   * @param maxPendingRecords stop reading while this many records are handed over but not terminal
   */
  public BoundedConsumer(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Range> ranges,
      BiPredicate<TopicPartition, Long> include, OffsetTracker tracker, Handoff handoff, RecordProcessor processor,
      int maxPendingRecords, Clock clock) {
    this.consumer = consumer;
    this.ranges = Map.copyOf(ranges);
    this.include = include;
    this.tracker = tracker;
    this.handoff = handoff;
    this.processor = processor;
    this.maxPendingRecords = maxPendingRecords;
    this.clock = clock;
  }

  /**
   * Reads every range and waits until every record handed over is terminal.
   *
   * @return how many records of the ranges were read
   * @throws InterruptedException when interrupted; what is in flight is abandoned
   */
  public long run(Progress progress) throws InterruptedException {
    long[] read = {0};
    try (consumer) {
      ranges.forEach((partition, range) -> {
        if (range.size() > 0) {
          tracker.assign(partition);
        }
      });
      RangeReader.read(consumer, ranges, clock, () -> {
        // Polls only while the stages after the reader take work; meanwhile finished work comes back.
        while (true) {
          handoff.runPending();
          throwIfStopped();
          processor.tick();
          progress.update(read[0], read[0] - tracker.pending());
          if (!processor.blocked() && tracker.pending() < maxPendingRecords) {
            return true;
          }
          handoff.runNext(POLL);
        }
      }, record -> {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (!include.test(partition, record.offset())) {
          read[0]++;
          return RangeReader.Next.MORE;
        }
        OffsetTracker.Ticket ticket = tracker.track(partition, record.offset());
        if (processor.process(record, ticket) instanceof RecordProcessor.Disposition.RetryLater later) {
          tracker.forget(ticket);
          return new RangeReader.Next.Again(later.delay());
        }
        read[0]++;
        return RangeReader.Next.MORE;
      });
      // Held-back work (partial digests) goes out now; then everything in flight finishes.
      processor.flush();
      while (tracker.pending() > 0) {
        handoff.runNext(POLL);
        throwIfStopped();
        processor.tick();
        progress.update(read[0], read[0] - tracker.pending());
      }
      progress.update(read[0], read[0]);
    }
    log.debug("Read {} records of {}", read[0], ranges);
    return read[0];
  }

  /** A record that can never be finished (a refused dead letter) ends the run with its reason. */
  private void throwIfStopped() {
    processor.stopReason().ifPresent(reason -> {
      throw reason;
    });
  }

}
