package dev.dqnotify.forwarder.dedupe;

import dev.dqnotify.forwarder.consume.BoundedConsumer;
import dev.dqnotify.forwarder.consume.RangeReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds dedupe state from the outbox itself: reads each newly assigned partition from the first
 * record younger than the horizon up to the group's committed offset and collects the event ids.
 * Everything below the committed offset reached a terminal outcome, so those ids were delivered
 * (or deduplicated, suppressed, dead-lettered) by whoever owned the partition before — another
 * instance or this one before a restart. No extra store is needed, and the state follows the
 * partition wherever the group moves it.
 *
 * <p>Reads on its own thread with its own short-lived consumer (no group), so the group consumer
 * keeps polling (with the partitions paused) however long the read takes. Retries until it succeeds
 * or the returned future is cancelled.
 *
 * <p>Bounded: it keeps at most {@code maxEntries} ids over all partitions of one read (the newest;
 * the dedupe state would forget the older ones at once anyway), so a horizon holding more ids than
 * {@code dedupe.max-entries} cannot exhaust the heap (about 130 bytes per id held here).
 */
public final class SeenIdsReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SeenIdsReader.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final Function<ConsumerRecord<byte[], byte[]>, Optional<String>> eventIdOf;
  private final Duration retryDelay;
  private final int maxEntries;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "dedupe-rebuild");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param consumers makes a consumer without a group id (the reader assigns and seeks itself)
   * @param eventIdOf the event id of a record to remember; empty for records without one (or, for
   *     {@link DeliveredIds}, whose event was held back); called in offset order per partition;
   *     throws when it cannot tell yet (registry unavailable), which makes the read start over
   *     after {@code retryDelay}
   * @param maxEntries most ids kept over all partitions of one read: {@code dedupe.max-entries}
   */
  public SeenIdsReader(Supplier<Consumer<byte[], byte[]>> consumers,
      Function<ConsumerRecord<byte[], byte[]>, Optional<String>> eventIdOf, Duration retryDelay, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.consumers = consumers;
    this.eventIdOf = eventIdOf;
    this.retryDelay = retryDelay;
    this.maxEntries = maxEntries;
  }

  /**
   * The ids of each partition's records from {@code from} (record time) up to, not including, its
   * offset in {@code untilOffsets}, oldest first. Cancel the future to give up.
   */
  public CompletableFuture<Map<TopicPartition, Deque<Deduplicator.Seen>>> read(Map<TopicPartition, Long> untilOffsets,
      Instant from) {
    CompletableFuture<Map<TopicPartition, Deque<Deduplicator.Seen>>> result = new CompletableFuture<>();
    executor.execute(() -> {
      while (!result.isDone()) {
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
          result.complete(readOnce(consumer, untilOffsets, from, result));
        } catch (CancellationException e) {
          return;
        } catch (RuntimeException e) {
          if (result.isDone()) {
            return;
          }
          log.warn("Rebuilding dedupe state of {} failed, trying again in {}: {}", untilOffsets.keySet(), retryDelay,
              e.toString());
          try {
            Thread.sleep(retryDelay.toMillis());
          } catch (InterruptedException interrupted) {
            result.cancel(false);
            return;
          }
        }
      }
    });
    return result;
  }

  private Map<TopicPartition, Deque<Deduplicator.Seen>> readOnce(Consumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> untilOffsets, Instant from, CompletableFuture<?> result) {
    long begin = System.nanoTime();
    Map<TopicPartition, Deque<Deduplicator.Seen>> seen = new HashMap<>();
    Map<TopicPartition, Long> timestamps = new HashMap<>();
    untilOffsets.keySet().forEach(p -> {
      timestamps.put(p, from.toEpochMilli());
      seen.put(p, new ArrayDeque<>());
    });
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(timestamps, Duration.ofSeconds(30));
    Map<TopicPartition, BoundedConsumer.Range> ranges = new HashMap<>();
    Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    untilOffsets.forEach((partition, until) -> {
      OffsetAndTimestamp start = starts.get(partition);
      // No offset for the time: every record is older than the horizon, nothing to remember.
      if (start != null && start.offset() < until) {
        ranges.put(partition, new BoundedConsumer.Range(start.offset(), until));
        firstOffsets.put(partition, start.offset());
      }
    });
    int[] records = {0};
    int[] kept = {0};
    long[] leftOut = {0};
    RangeReader.read(consumer, ranges, () -> {
      if (result.isCancelled()) {
        throw new CancellationException();
      }
      return true;
    }, record -> {
      records[0]++;
      Optional<String> id = eventIdOf.apply(record);
      if (id.isPresent()) {
        seen.get(new TopicPartition(record.topic(), record.partition()))
            .addLast(new Deduplicator.Seen(id.get(), Instant.ofEpochMilli(record.timestamp())));
        if (++kept[0] > maxEntries) {
          dropOldest(seen);
          kept[0]--;
          leftOut[0]++;
        }
      }
      return true;
    });
    log.info("Rebuilt dedupe state of {} from {} records (offsets from {} up to {}) in {} ms",
        untilOffsets.keySet(), records[0], firstOffsets, untilOffsets, (System.nanoTime() - begin) / 1_000_000);
    if (leftOut[0] > 0) {
      log.warn("The dedupe horizon of {} holds more ids than dedupe.max-entries ({}): the {} oldest were left out, "
          + "and a repeat of one of them would be notified again; raise dedupe.max-entries (and the heap) or shorten "
          + "dedupe.horizon", untilOffsets.keySet(), maxEntries, leftOut[0]);
    }
    return seen;
  }

  /** Drops the oldest id over all partitions (each partition's ids are in timestamp order, up to skew). */
  private static void dropOldest(Map<TopicPartition, Deque<Deduplicator.Seen>> seen) {
    Deque<Deduplicator.Seen> oldest = null;
    for (Deque<Deduplicator.Seen> ids : seen.values()) {
      if (!ids.isEmpty() && (oldest == null || ids.peekFirst().timestamp().isBefore(oldest.peekFirst().timestamp()))) {
        oldest = ids;
      }
    }
    if (oldest != null) {
      oldest.pollFirst();
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
