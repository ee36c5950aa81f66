package dev.dqnotify.forwarder.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.junit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedConsumerTest {

  private static final TopicPartition P0 = new TopicPartition("dq-events", 0);
  private static final TopicPartition P1 = new TopicPartition("dq-events", 1);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
  private final OffsetTracker tracker = new OffsetTracker(java.time.Clock.systemUTC());
  private final Handoff handoff = new Handoff();
  private final ScheduledExecutorService elsewhere = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    elsewhere.shutdownNow();
  }

  private final List<String> processed = new ArrayList<>();
  private boolean retried;

  /**
   * Takes every record and finishes it on another thread a little later, as a delivery would; the
   * first time it sees offset 3 of partition 0 it cannot take it yet.
   */
  private RecordProcessor.Disposition deliverLater(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Ticket ticket) {
    if (record.partition() == 0 && record.offset() == 3 && !retried) {
      retried = true;
      // The mock hands out each record once; a broker would from the offset the run seeks back to.
      for (long offset = 3; offset < 8; offset++) {
        consumer.addRecord(new ConsumerRecord<>(P0.topic(), 0, offset, null, new byte[] {(byte) offset}));
      }
      return new RecordProcessor.Disposition.RetryLater(Duration.ZERO);
    }
    processed.add(record.partition() + "@" + record.offset());
    elsewhere.schedule(() -> handoff.execute(() -> tracker.complete(ticket)), 20, TimeUnit.MILLISECONDS);
    return RecordProcessor.Disposition.TAKEN;
  }

  @Test
  void handsOverTheIncludedRecordsOfEachRangeAndWaitsUntilAllAreTerminal() throws Exception {
    // The mock takes records only for assigned partitions: they arrive with the first poll.
    consumer.schedulePollTask(() -> {
      for (long offset = 2; offset < 8; offset++) {
        consumer.addRecord(new ConsumerRecord<>(P0.topic(), 0, offset, null, new byte[] {(byte) offset}));
      }
      for (long offset = 0; offset < 4; offset++) {
        consumer.addRecord(new ConsumerRecord<>(P1.topic(), 1, offset, null, new byte[] {(byte) offset}));
      }
    });
    StubProcessor processor = new StubProcessor(this::deliverLater);
    long[] last = new long[2];
    BoundedConsumer run = new BoundedConsumer(consumer,
        Map.of(P0, new BoundedConsumer.Range(2, 6), P1, new BoundedConsumer.Range(0, 2),
            new TopicPartition("dq-events", 2), new BoundedConsumer.Range(5, 5)),
        (partition, offset) -> !(partition.equals(P0) && offset == 4), tracker, handoff, processor, 100,
        new MutableClock(Instant.parse("2025-03-01T12:00:00Z")));

    long read = run.run((recordsRead, done) -> {
      last[0] = recordsRead;
      last[1] = done;
    });

    assertThat(processed).containsExactlyInAnyOrder("0@2", "0@3", "0@5", "1@0", "1@1");
    assertThat(read).as("records of the ranges, the excluded one included").isEqualTo(6);
    assertThat(tracker.pending()).isZero();
    assertThat(processor.flushed()).isTrue();
    assertThat(last).containsExactly(6, 6);
    assertThat(consumer.closed()).isTrue();
  }
}
