package dev.dqnotify.forwarder.consume;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The one assign/seek/poll loop for reading fixed offset ranges without a consumer group: the
 * dead-letter scan, the dedupe rebuild, a replay's first timestamps, and {@link BoundedConsumer}
 * (replays and redrives), which also reads a record again later when the pipeline cannot take it yet.
 */
public final class RangeReader {

  private static final Duration POLL = Duration.ofMillis(100);

  /** Told each record of the ranges, in offset order per partition. */
  @FunctionalInterface
  public interface Visitor {
    /** Returns whether more of {@code record}'s partition is wanted; {@code false} ends that partition early. */
    boolean accept(ConsumerRecord<byte[], byte[]> record);
  }

  /** What becomes of a record's partition after a {@link Reader} saw the record. */
  public sealed interface Next {
    /** Go on with the partition. */
    Next MORE = new More();
    /** The partition is done, whatever is left of its range. */
    Next ENOUGH = new Enough();

    /** See {@link #MORE}. */
    record More() implements Next {}

    /** See {@link #ENOUGH}. */
    record Enough() implements Next {}

    /**
     * The record was not taken, for a reason that may pass: the partition waits {@code delay} (its
     * other records of the same poll are dropped) and is read again from this record.
     */
    record Again(Duration delay) implements Next {}
  }

  /** Told each record of the ranges, in offset order per partition; says what next. */
  @FunctionalInterface
  public interface Reader {
    Next accept(ConsumerRecord<byte[], byte[]> record);
  }

  /** Asked before every poll, on the reading thread. */
  @FunctionalInterface
  public interface BeforePoll {
    /** Returns whether to go on; may block (e.g. until the stages after the reader take work again). */
    boolean ready() throws InterruptedException;
  }

  private RangeReader() {}

  /**
   * Reads each partition of {@code ranges} from its start up to, not including, its end, telling
   * {@code visitor} whether to go on with a partition.
   *
   * @param consumer without a group id; assigned here, not closed
   * @param keepGoing asked before every poll; {@code false} ends the read early
   * @return whether every range was read to its end (or as far as the visitor wanted)
   * @see #read(Consumer, Map, Clock, BeforePoll, Reader)
   */
  public static boolean read(Consumer<byte[], byte[]> consumer, Map<TopicPartition, BoundedConsumer.Range> ranges,
      BooleanSupplier keepGoing, Visitor visitor) {
    try {
      return read(consumer, ranges, Clock.systemUTC(), keepGoing::getAsBoolean,
          record -> visitor.accept(record) ? Next.MORE : Next.ENOUGH);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // cannot happen: keepGoing does not wait
      return false;
    }
  }

  /**
   * Reads each partition of {@code ranges} from its start up to, not including, its end. A partition
   * is done when the consumer's position reaches its end (records may be missing: compacted away,
   * transaction markers) or when the reader wants no more of it; done partitions are paused. A
   * partition whose record is to be read {@link Next.Again again} is paused until its delay passed
   * (by {@code clock}) and is not done before.
   *
   * @param consumer without a group id; assigned here, not closed
   * @param beforePoll asked before every poll; {@code false} ends the read early
   * @return whether every range was read to its end (or as far as the reader wanted)
   * @throws InterruptedException when {@code beforePoll} was interrupted
   */
  public static boolean read(Consumer<byte[], byte[]> consumer, Map<TopicPartition, BoundedConsumer.Range> ranges,
      Clock clock, BeforePoll beforePoll, Reader reader) throws InterruptedException {
    Map<TopicPartition, Long> remaining = new HashMap<>();
    ranges.forEach((partition, range) -> {
      if (range.size() > 0) {
        remaining.put(partition, range.end());
      }
    });
    Map<TopicPartition, Instant> heldUntil = new HashMap<>();
    consumer.assign(remaining.keySet());
    remaining.keySet().forEach(partition -> consumer.seek(partition, ranges.get(partition).start()));
    while (!remaining.isEmpty()) {
      if (!beforePoll.ready()) {
        return false;
      }
      resumeHeld(consumer, heldUntil, clock.instant());
      Set<TopicPartition> again = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Long end = remaining.get(partition);
        if (end == null || record.offset() >= end || again.contains(partition)) {
          continue;
        }
        Next next = reader.accept(record);
        if (next instanceof Next.Enough) {
          done(consumer, remaining, partition);
        } else if (next instanceof Next.Again later) {
          consumer.seek(partition, record.offset());
          consumer.pause(Set.of(partition));
          heldUntil.put(partition, clock.instant().plus(later.delay()));
          again.add(partition);
        }
      }
      for (TopicPartition partition : Set.copyOf(remaining.keySet())) {
        if (!heldUntil.containsKey(partition) && consumer.position(partition) >= remaining.get(partition)) {
          done(consumer, remaining, partition);
        }
      }
    }
    return true;
  }

  private static void resumeHeld(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Instant> heldUntil,
      Instant now) {
    heldUntil.entrySet().removeIf(held -> {
      if (held.getValue().isAfter(now)) {
        return false;
      }
      consumer.resume(Set.of(held.getKey()));
      return true;
    });
  }

  private static void done(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> remaining,
      TopicPartition partition) {
    remaining.remove(partition);
    consumer.pause(Set.of(partition));
  }
}
