package dev.dqnotify.forwarder.consume;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The one assign/seek/poll loop for reading fixed offset ranges without a consumer group (the
 * dead-letter scan, the dedupe rebuild, a replay's first timestamps). {@link BoundedConsumer} keeps
 * its own loop: it also pauses partitions for retries and waits for records to become terminal.
 */
public final class RangeReader {

  private static final Duration POLL = Duration.ofMillis(100);

  /** Told each record of the ranges, in offset order per partition. */
  @FunctionalInterface
  public interface Visitor {
    /** Returns whether more of {@code record}'s partition is wanted; {@code false} ends that partition early. */
    boolean accept(ConsumerRecord<byte[], byte[]> record);
  }

  private RangeReader() {}

  /**
   * Reads each partition of {@code ranges} from its start up to, not including, its end. A partition
   * is done when the consumer's position reaches its end (records may be missing: compacted away,
   * transaction markers) or when the visitor wants no more of it; done partitions are paused.
   *
   * @param consumer without a group id; assigned here, not closed
   * @param keepGoing asked before every poll; {@code false} ends the read early
   * @return whether every range was read to its end (or as far as the visitor wanted)
   */
  public static boolean read(Consumer<byte[], byte[]> consumer, Map<TopicPartition, BoundedConsumer.Range> ranges,
      BooleanSupplier keepGoing, Visitor visitor) {
    Map<TopicPartition, Long> remaining = new HashMap<>();
    ranges.forEach((partition, range) -> {
      if (range.size() > 0) {
        remaining.put(partition, range.end());
      }
    });
    consumer.assign(remaining.keySet());
    remaining.keySet().forEach(partition -> consumer.seek(partition, ranges.get(partition).start()));
    while (!remaining.isEmpty()) {
      if (!keepGoing.getAsBoolean()) {
        return false;
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Long end = remaining.get(partition);
        if (end != null && record.offset() < end && !visitor.accept(record)) {
          done(consumer, remaining, partition);
        }
      }
      for (TopicPartition partition : Set.copyOf(remaining.keySet())) {
        if (consumer.position(partition) >= remaining.get(partition)) {
          done(consumer, remaining, partition);
        }
      }
    }
    return true;
  }

  private static void done(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> remaining,
      TopicPartition partition) {
    remaining.remove(partition);
    consumer.pause(Set.of(partition));
  }
}
