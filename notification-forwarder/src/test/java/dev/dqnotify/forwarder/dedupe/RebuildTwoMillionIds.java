package dev.dqnotify.forwarder.dedupe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Run in a JVM of its own with the shipped {@code -Xmx256m} ({@link DedupeRebuildMemoryTest}): rebuilds
 * the dedupe state of a partition whose horizon holds {@value #IDS} ids, with the default
 * {@code dedupe.max-entries}, through the real {@link SeenIdsReader} and {@link Deduplicator}. The
 * records are made as they are polled, so only what the rebuild itself keeps is on the heap.
 * Prints {@code kept N} and exits 0, or exits 1 (or dies of OutOfMemoryError).
 */
final class RebuildTwoMillionIds {

  static final int IDS = 2_000_000;
  static final int MAX_ENTRIES = 1_000_000;
  private static final TopicPartition PARTITION = new TopicPartition("dq-events", 0);

  private RebuildTwoMillionIds() {}

  static String idAt(long offset) {
    // 36 characters, like the ingest job's ids, and as well spread (made-up patterns hash badly)
    return UUID.nameUUIDFromBytes(Long.toString(offset).getBytes(StandardCharsets.UTF_8)).toString();
  }

  public static void main(String[] args) throws Exception {
    Clock clock = Clock.systemUTC();
    Instant first = clock.instant().minus(Duration.ofHours(1));
    StreamingConsumer consumer = new StreamingConsumer(first);
    SeenIdsReader reader = new SeenIdsReader(() -> consumer, record -> Optional.of(idAt(record.offset())),
        Duration.ofSeconds(1), MAX_ENTRIES);
    Deduplicator dedupe = new Deduplicator(Duration.ofHours(24), MAX_ENTRIES, clock, new SimpleMeterRegistry());

    Map<TopicPartition, Deque<Deduplicator.Seen>> seen = reader.read(Map.of(PARTITION, (long) IDS),
        clock.instant().minus(Duration.ofHours(24))).get();
    dedupe.restore(PARTITION, seen.get(PARTITION));
    reader.close();

    boolean newestKept = !dedupe.firstSeen(PARTITION, idAt(IDS - 1), clock.instant());
    boolean oldestLeftOut = dedupe.firstSeen(PARTITION, idAt(0), clock.instant());
    System.out.println("kept " + dedupe.size() + ", newest kept " + newestKept + ", oldest left out " + oldestLeftOut
        + ", heap used " + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1 << 20)
        + " MiB of " + Runtime.getRuntime().maxMemory() / (1 << 20));
    System.exit(newestKept && oldestLeftOut ? 0 : 1);
  }

  /** A partition of {@value #IDS} records, one millisecond apart, made 5,000 per poll. */
  private static final class StreamingConsumer extends MockConsumer<byte[], byte[]> {
    private final Instant first;
    private long next;

    StreamingConsumer(Instant first) {
      super(OffsetResetStrategy.EARLIEST);
      this.first = first;
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> times,
        Duration timeout) {
      return Map.of(PARTITION, new OffsetAndTimestamp(0, first.toEpochMilli()));
    }

    @Override
    public synchronized void seek(TopicPartition partition, long offset) {
      super.seek(partition, offset);
      next = offset;
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
      long end = Math.min(IDS, next + 5_000);
      for (long offset = next; offset < end; offset++) {
        batch.add(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, first.toEpochMilli() + offset,
            TimestampType.CREATE_TIME, 0, 0, null, null, new RecordHeaders(), Optional.empty()));
      }
      seek(PARTITION, end);
      return new ConsumerRecords<>(Map.of(PARTITION, batch));
    }

    @Override
    public synchronized void close() {
      // the reader closes its consumer after each read; this one holds nothing
    }
  }
}
