package dev.dqnotify.forwarder.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RedriveLedgerTest {

  private static final TopicPartition P0 = new TopicPartition("dq-events-dlq", 0);
  private static final TopicPartition P1 = new TopicPartition("dq-events-dlq", 1);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.NONE);

  @Test
  void isNamedAfterTheForwarderGroup() {
    assertThat(RedriveLedger.groupId("dq-forwarder")).isEqualTo("dq-forwarder-dlq-redrive");
  }

  @Test
  void writesScatteredOffsetsAsRunsAndReadsThemBack() {
    TreeSet<Long> offsets = new TreeSet<>(List.of(5L, 7L, 8L, 9L, 12L));

    String metadata = RedriveLedger.encode(offsets);

    assertThat(metadata).isEqualTo("redriven:5,7-9,12");
    assertThat(RedriveLedger.decode(metadata)).isEqualTo(offsets);
    assertThat(RedriveLedger.encode(new TreeSet<>())).isEmpty();
    assertThat(RedriveLedger.decode("")).isEmpty();
    assertThat(RedriveLedger.decode("written by someone else")).isEmpty();
    assertThat(RedriveLedger.decode("redriven:x")).isEmpty();
  }

  @Test
  void anEmptyLedgerRecordsNothingAsRedriven() {
    RedriveLedger ledger = RedriveLedger.read(consumer, Map.of(P0, 0L, P1, 0L));

    assertThat(ledger.redriven(P0, 0)).isFalse();
    assertThat(ledger.hasChanges()).isFalse();
  }

  @Test
  void theWatermarkMovesPastDeadLettersRedrivenInOrderAndListsTheRest() {
    RedriveLedger ledger = RedriveLedger.read(consumer, Map.of(P0, 0L, P1, 0L));

    ledger.record(P0, 2);
    ledger.record(P0, 0);
    ledger.record(P1, 4);

    assertThat(ledger.offsets(List.of(P0, P1))).isEqualTo(Map.of(
        P0, new OffsetAndMetadata(1, "redriven:2"),
        P1, new OffsetAndMetadata(0, "redriven:4")));
    ledger.record(P0, 1);
    assertThat(ledger.offsets(List.of(P0))).containsEntry(P0, new OffsetAndMetadata(3, ""));
    assertThat(ledger.redriven(P0, 2)).isTrue();
    assertThat(ledger.redriven(P0, 3)).isFalse();
  }

  @Test
  void aCommittedLedgerIsReadBackAndDeadLettersGoneWithRetentionCountAsDone() {
    consumer.assign(List.of(P0, P1));
    RedriveLedger first = RedriveLedger.read(consumer, Map.of(P0, 0L, P1, 0L));
    first.record(P0, 0);
    first.record(P0, 6);
    first.record(P1, 1);
    first.commit(consumer);
    assertThat(first.hasChanges()).isFalse();

    RedriveLedger again = RedriveLedger.read(consumer, Map.of(P0, 0L, P1, 1L));

    assertThat(again.redriven(P0, 0)).isTrue();
    assertThat(again.redriven(P0, 1)).isFalse();
    assertThat(again.redriven(P0, 6)).isTrue();
    assertThat(again.redriven(P1, 0)).as("before the log start").isTrue();
    assertThat(again.redriven(P1, 1)).isTrue();
    assertThat(again.redriven(P1, 2)).isFalse();
  }

  @Test
  void refusesALedgerTooScatteredForACommit() {
    RedriveLedger ledger = RedriveLedger.read(consumer, Map.of(P0, 0L));
    LongStream.range(0, 2_000).forEach(i -> ledger.record(P0, 1 + 2 * i));

    assertThatThrownBy(() -> ledger.offsets(List.of(P0))).hasMessageContaining("redrive them all with --all");
  }
}
