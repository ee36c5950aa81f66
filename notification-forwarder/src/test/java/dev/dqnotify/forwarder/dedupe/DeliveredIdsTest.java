package dev.dqnotify.forwarder.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.forwarder.testing.UnreachableRegistry;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeliveredIdsTest {

  private static final String TOPIC = "dq-events";
  private static final Instant SILENCE_START = Instant.parse("2025-03-01T02:00:00Z");
  private static final Instant SILENCE_END = Instant.parse("2025-03-01T04:00:00Z");

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroWireCodec<DqEvent> codec = AvroWireCodec.forDqEvents(registry);
  private final Set<Long> deadLetteredOffsets = Set.of(3L);
  private final DeliveredIds delivered = new DeliveredIds(new EventDecoder(codec),
      (partition, offset) -> partition.partition() == 0 && deadLetteredOffsets.contains(offset),
      (event, time) -> event.getStoreId().equals("store-0900") && !time.isBefore(SILENCE_START)
          && time.isBefore(SILENCE_END));

  private ConsumerRecord<byte[], byte[]> record(int partition, long offset, Instant time, byte[] value) {
    return new ConsumerRecord<>(TOPIC, partition, offset, time.toEpochMilli(), TimestampType.CREATE_TIME, 0, 0, null,
        value, new RecordHeaders(), Optional.empty());
  }

  private ConsumerRecord<byte[], byte[]> record(int partition, long offset, Instant time, String id, String store) {
    return record(partition, offset, time, codec.encode(TestEvents.event(id, store)));
  }

  @Test
  void keepsTheIdsOfEventsTheLiveForwarderPosted() {
    assertThat(delivered.apply(record(0, 0, SILENCE_START, "posted", "store-0001"))).contains("posted");
    assertThat(delivered.apply(record(0, 1, SILENCE_END, "after-silence", "store-0900"))).contains("after-silence");
  }

  @Test
  void dropsTheIdsOfEventsHeldBackBySilencesOrDeadLettered() {
    assertThat(delivered.apply(record(0, 2, SILENCE_START, "silenced", "store-0900"))).isEmpty();
    assertThat(delivered.apply(record(0, 3, SILENCE_START.minusSeconds(60), "rejected", "store-0001"))).isEmpty();
    assertThat(delivered.apply(record(1, 3, SILENCE_START.minusSeconds(60), "other-partition", "store-0001")))
        .contains("other-partition");
    assertThat(delivered.apply(record(0, 4, SILENCE_START, "garbage".getBytes(StandardCharsets.UTF_8)))).isEmpty();
  }

  @Test
  void theFirstCopyOfAnIdDecidesForItsRepeatsOnItsPartition() {
    delivered.apply(record(0, 3, SILENCE_START.minusSeconds(60), "rejected-then-rerun", "store-0001"));
    delivered.apply(record(0, 5, SILENCE_START, "silenced-then-rerun", "store-0900"));
    delivered.apply(record(0, 6, SILENCE_START, "posted-then-rerun", "store-0001"));

    // A re-run batch's copies: the live forwarder deduplicated them against their first copy.
    assertThat(delivered.apply(record(0, 7, SILENCE_END, "rejected-then-rerun", "store-0001"))).isEmpty();
    assertThat(delivered.apply(record(0, 8, SILENCE_END, "silenced-then-rerun", "store-0900"))).isEmpty();
    assertThat(delivered.apply(record(0, 9, SILENCE_END, "posted-then-rerun", "store-0001")))
        .contains("posted-then-rerun");
    // Read again from the start (a retried read): the same answers.
    assertThat(delivered.apply(record(0, 3, SILENCE_START.minusSeconds(60), "rejected-then-rerun", "store-0001")))
        .isEmpty();
  }

  @Test
  void aRegistryThatCannotBeAskedMakesTheReadStartOver() {
    byte[] value = codec.encode(TestEvents.event("ev", "store-0001"));
    SchemaRegistry down = new UnreachableRegistry();
    DeliveredIds unavailable = new DeliveredIds(new EventDecoder(AvroWireCodec.forDqEvents(down)), (p, o) -> false,
        (e, t) -> false);

    assertThatThrownBy(() -> unavailable.apply(record(0, 0, SILENCE_START, value)))
        .isInstanceOf(SchemaRegistryException.class);
  }

}
