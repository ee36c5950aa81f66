package dev.dqnotify.forwarder.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.junit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RangeReaderTest {

  private static final TopicPartition P0 = new TopicPartition("dq-events", 0);
  private static final TopicPartition P1 = new TopicPartition("dq-events", 1);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);

  /** Offsets 0..9 on both partitions, added once the reader has assigned and seeked. */
  private void tenRecordsEach() {
    consumer.schedulePollTask(() -> {
      for (long offset = 0; offset < 10; offset++) {
        for (TopicPartition partition : List.of(P0, P1)) {
          if (offset >= consumer.position(partition)) {
            consumer.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, null));
          }
        }
      }
    });
  }

  @Test
  void visitsOnlyTheOffsetsInsideEachRangeInOrderAndPausesFinishedPartitions() {
    tenRecordsEach();
    List<String> seen = new ArrayList<>();

    boolean complete = RangeReader.read(consumer, Map.of(P0, new BoundedConsumer.Range(2, 5),
        P1, new BoundedConsumer.Range(7, 9)), () -> true, record -> seen.add(record.partition() + "@" + record.offset()));

    assertThat(complete).isTrue();
    assertThat(seen).containsExactlyInAnyOrder("0@2", "0@3", "0@4", "1@7", "1@8");
    assertThat(seen.stream().filter(s -> s.startsWith("0@")).toList()).containsExactly("0@2", "0@3", "0@4");
    assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
  }

  @Test
  void aVisitorThatWantsNoMoreOfAPartitionEndsThatPartitionAlone() {
    tenRecordsEach();
    List<String> seen = new ArrayList<>();

    RangeReader.read(consumer, Map.of(P0, new BoundedConsumer.Range(0, 10), P1, new BoundedConsumer.Range(0, 3)),
        () -> true, record -> {
          seen.add(record.partition() + "@" + record.offset());
          return record.partition() == 1;
        });

    assertThat(seen).containsExactlyInAnyOrder("0@0", "1@0", "1@1", "1@2");
  }

  @Test
  void stopsEarlyAndSaysSoWhenTheCallerStopsIt() {
    boolean complete = RangeReader.read(consumer, Map.of(P0, new BoundedConsumer.Range(0, 10)), () -> false,
        record -> true);

    assertThat(complete).isFalse();
  }

  @Test
  void emptyRangesAreNeitherAssignedNorRead() {
    boolean complete = RangeReader.read(consumer, Map.of(P0, new BoundedConsumer.Range(4, 4)), () -> {
      throw new AssertionError("nothing to poll for");
    }, record -> true);

    assertThat(complete).isTrue();
    assertThat(consumer.assignment()).isEmpty();
  }

  @Test
  void aRecordNotTakenYetIsReadAgainOnceItsDelayPassedAndItsPartitionWaitsMeanwhile() throws Exception {
    consumer.schedulePollTask(() -> {
      for (long offset = 0; offset < 10; offset++) {
        consumer.addRecord(new ConsumerRecord<>(P0.topic(), 0, offset, null, null));
      }
    });
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
    List<String> seen = new ArrayList<>();
    boolean[] refused = {false};
    int[] pollsWhileWaiting = {0};

    boolean complete = RangeReader.read(consumer, Map.of(P0, new BoundedConsumer.Range(0, 4)), clock, () -> {
      if (refused[0] && seen.size() == 1) {
        // The partition waits for the clock: the mock keeps handing nothing while it is paused.
        assertThat(consumer.paused()).containsExactly(P0);
        if (++pollsWhileWaiting[0] == 3) {
          clock.advance(Duration.ofSeconds(5));
        }
      }
      return true;
    }, record -> {
      if (record.offset() == 1 && !refused[0]) {
        refused[0] = true;
        // The mock hands out each record once; a broker would from the offset the reader seeks back to.
        for (long offset = 1; offset < 10; offset++) {
          consumer.addRecord(new ConsumerRecord<>(P0.topic(), 0, offset, null, null));
        }
        return new RangeReader.Next.Again(Duration.ofSeconds(5));
      }
      seen.add(record.partition() + "@" + record.offset());
      return RangeReader.Next.MORE;
    });

    assertThat(complete).isTrue();
    assertThat(pollsWhileWaiting[0]).isEqualTo(3);
    assertThat(seen).containsExactly("0@0", "0@1", "0@2", "0@3");
  }
}
