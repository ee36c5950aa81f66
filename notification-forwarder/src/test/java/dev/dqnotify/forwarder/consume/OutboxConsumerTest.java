package dev.dqnotify.forwarder.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import dev.dqnotify.localstack.junit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consumer loop on Kafka's MockConsumer, with a processor that finishes every record but one. */
class OutboxConsumerTest {

  private static final String TOPIC = "dq-events";
  private static final TopicPartition STUCK = new TopicPartition(TOPIC, 0);
  private static final TopicPartition FLOWING = new TopicPartition(TOPIC, 1);
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
  private final OffsetTracker tracker = new OffsetTracker(clock);
  private final Handoff handoff = new Handoff();
  private final ForwarderMetrics metrics = new ForwarderMetrics(new SimpleMeterRegistry());
  private final Map<TopicPartition, AtomicLong> consumed = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> produced = new HashMap<>();
  private volatile OffsetTracker.Ticket held;
  private OutboxConsumer outbox;

  /** Finishes every record at once except offset 0 of {@link #STUCK}, which it keeps until released. */
  private final RecordProcessor processor = new StubProcessor((record, ticket) -> {
    consumed.computeIfAbsent(ticket.partition(), p -> new AtomicLong()).incrementAndGet();
    if (ticket.partition().equals(STUCK) && ticket.offset() == 0) {
      held = ticket;
    } else {
      tracker.complete(ticket);
    }
    return RecordProcessor.Disposition.TAKEN;
  });

  private void start(int maxUncommitted, Duration maxUnfinishedAge) {
    consumer.updateBeginningOffsets(Map.of(STUCK, 0L, FLOWING, 0L));
    consumer.updateEndOffsets(Map.of(STUCK, 0L, FLOWING, 0L));
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(STUCK, FLOWING)));
    outbox = new OutboxConsumer(consumer, TOPIC, tracker, handoff, processor,
        new OutboxConsumer.Settings(100_000, Duration.ofMillis(10), Duration.ZERO, Duration.ofSeconds(1),
            maxUncommitted, maxUnfinishedAge), clock, metrics);
    outbox.start();
    await().atMost(PATIENCE).until(() -> outbox.assignedPartitions() == 2 && consumer.paused().isEmpty());
  }

  /** Adds {@code count} records to {@code partition} in batches of 10, one batch per poll. */
  private void produce(TopicPartition partition, int count) {
    long end = produced.getOrDefault(partition, 0L);
    produced.put(partition, end + count);
    for (long offset = end; offset < end + count; offset += 10) {
      long from = offset;
      consumer.schedulePollTask(() -> {
        for (long o = from; o < from + 10; o++) {
          consumer.addRecord(new ConsumerRecord<>(TOPIC, partition.partition(), o, new byte[0], new byte[0]));
        }
      });
    }
  }

  private long consumedOf(TopicPartition partition) {
    return consumed.getOrDefault(partition, new AtomicLong()).get();
  }

  @AfterEach
  void stop() {
    if (outbox != null) {
      outbox.stop();
      outbox.terminated().handle((ok, e) -> null).join();
    }
  }

  @Test
  void pausesOnlyThePartitionWhoseStuckRecordHasTooManyRecordsConsumedPastIt() {
    start(100, Duration.ofHours(1));

    produce(STUCK, 300);
    produce(FLOWING, 300);

    await().atMost(PATIENCE).until(() -> consumedOf(FLOWING) == 300);
    await().atMost(PATIENCE).until(() -> consumer.paused().contains(STUCK));
    assertThat(consumedOf(STUCK)).as("at most the bound plus one poll past the stuck record").isBetween(100L, 110L);
    assertThat(consumer.paused()).doesNotContain(FLOWING);
  }

  @Test
  void resumesOnceTheStuckRecordFinishesAndCommitsPastIt() {
    start(100, Duration.ofHours(1));
    produce(STUCK, 300);
    await().atMost(PATIENCE).until(() -> consumer.paused().contains(STUCK));

    handoff.execute(() -> tracker.complete(held));

    await().atMost(PATIENCE).until(() -> consumedOf(STUCK) == 300);
    // Commits follow the (test's) clock: move it on while waiting.
    await().atMost(PATIENCE).until(() -> {
      clock.advance(Duration.ofSeconds(1));
      OffsetAndMetadata committed = consumer.committed(Set.of(STUCK)).get(STUCK);
      return committed != null && committed.offset() == 300;
    });
  }

  @Test
  void pausesAPartitionWhoseOldestUnfinishedRecordWaitedTooLong() {
    start(100_000, Duration.ofMinutes(10));
    produce(STUCK, 20);
    await().atMost(PATIENCE).until(() -> consumedOf(STUCK) == 20);
    assertThat(consumer.paused()).isEmpty();

    clock.advance(Duration.ofMinutes(10));
    produce(STUCK, 20);

    await().atMost(PATIENCE).until(() -> consumer.paused().contains(STUCK));
    assertThat(consumedOf(STUCK)).as("nothing read after the pause but what was already in the poll").isLessThanOrEqualTo(30);
  }
}
