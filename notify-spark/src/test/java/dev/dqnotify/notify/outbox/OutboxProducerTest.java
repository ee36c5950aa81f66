package dev.dqnotify.notify.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.localstack.junit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The outbox producer's retries when Kafka does not take a batch's events, timed without sleeping. */
class OutboxProducerTest {
  private static final Duration MAX_OUTAGE = Duration.ofSeconds(20);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
  private final List<Duration> pauses = new ArrayList<>();

  /** A producer that fails a send while {@code failing(record key, attempt of that key)} holds. */
  private static class FlakyProducer extends MockProducer<byte[], byte[]> {
    private final BiPredicate<String, Integer> failing;
    private final RuntimeException error;
    private final Map<String, Integer> attempts = new HashMap<>();
    /** The keys that reached this producer's own send, in order. */
    final List<String> sends = new ArrayList<>();

    FlakyProducer(BiPredicate<String, Integer> failing, RuntimeException error) {
      super(true, new ByteArraySerializer(), new ByteArraySerializer());
      this.failing = failing;
      this.error = error;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      int attempt = attempts.merge(key, 1, Integer::sum);
      sends.add(key);
      return failing.test(key, attempt) ? CompletableFuture.failedFuture(error) : super.send(record);
    }

    List<String> writtenKeys() {
      return history().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
    }
  }

  private OutboxProducer writer(MockProducer<byte[], byte[]> producer) {
    return new OutboxProducer("dq-events", MAX_OUTAGE, "outbox.max-outage", clock, pause -> {
      pauses.add(pause);
      clock.advance(pause);
    }, () -> producer);
  }

  /** One record per store, keyed by it (the values do not matter to the producer). */
  private static List<ProducerRecord<byte[], byte[]>> situations(String... stores) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (String store : stores) {
      records.add(new ProducerRecord<>("dq-events", store.getBytes(StandardCharsets.UTF_8),
          (store + " is silent").getBytes(StandardCharsets.UTF_8)));
    }
    return records;
  }

  @Test
  void writesEveryEventOnceWhenKafkaTakesThemAtOnce() throws Exception {
    FlakyProducer kafka = new FlakyProducer((key, attempt) -> false, new NetworkException());

    writer(kafka).write(situations("a", "b"));

    assertThat(kafka.writtenKeys()).containsExactly("a", "b");
    assertThat(pauses).isEmpty();
  }

  @Test
  void sendsOnlyTheUnacknowledgedEventsAgainWithGrowingPausesUntilKafkaIsBack() throws Exception {
    FlakyProducer kafka = new FlakyProducer((key, attempt) -> key.equals("b") && attempt <= 3,
        new TimeoutException("Expiring 1 record(s): 30000 ms has passed since batch creation"));

    writer(kafka).write(situations("a", "b", "c"));

    assertThat(kafka.writtenKeys()).as("each event written once").containsExactly("a", "c", "b");
    assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void stopsWithAnOutboxOutageOnceTheBoundHasPassed() throws Exception {
    FlakyProducer kafka = new FlakyProducer((key, attempt) -> true, new NetworkException("Disconnected"));
    OutboxProducer writer = writer(kafka);

    assertThatThrownBy(() -> writer.write(situations("a", "b")))
        .isInstanceOf(OutboxUnavailableException.class)
        .hasMessageContaining("could not be written for 20 s (outbox.max-outage)")
        .hasMessageContaining("2 of 2 DqEvents of the batch not acknowledged")
        .hasMessageContaining("Disconnected")
        .hasMessageContaining("writes the same event ids");
    assertThat(pauses).as("the last pause ends at the bound").containsExactly(Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(5));
    assertThat(kafka.writtenKeys()).isEmpty();
  }

  @Test
  void failsAtOnceWhenRetryingCannotHelp() throws Exception {
    FlakyProducer kafka = new FlakyProducer((key, attempt) -> true, new RecordTooLargeException("too large"));
    OutboxProducer writer = writer(kafka);

    assertThatThrownBy(() -> writer.write(situations("a")))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(OutboxUnavailableException.class)
        .hasMessageContaining("too large");
    assertThat(pauses).isEmpty();
  }

  @Test
  void failsAtOnceWhenOneEventCannotBeWrittenEvenIfOthersOnlyTimedOut() throws Exception {
    FlakyProducer kafka = new FlakyProducer((key, attempt) -> true, null) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return CompletableFuture.failedFuture(new String(record.key(), StandardCharsets.UTF_8).equals("a")
            ? new RecordTooLargeException("a is too large") : new TimeoutException("expired"));
      }
    };
    OutboxProducer writer = writer(kafka);

    assertThatThrownBy(() -> writer.write(situations("a", "b")))
        .isNotInstanceOf(OutboxUnavailableException.class).hasMessageContaining("a is too large");
    assertThat(pauses).isEmpty();
  }

  @Test
  void leavesTheRestOfAnAttemptAfterASendThatThrowsSoItBlocksOnlyOnce() throws Exception {
    // KafkaProducer.send blocks for max.block.ms and then throws when it has no metadata.
    FlakyProducer kafka = new FlakyProducer((key, attempt) -> false, null) {
      private boolean thrown;

      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        if (!thrown) {
          thrown = true;
          throw new TimeoutException("Topic dq-events not present in metadata after 60000 ms.");
        }
        return super.send(record);
      }
    };

    writer(kafka).write(situations("a", "b", "c"));

    assertThat(kafka.sends).as("b and c were not sent into the outage").containsExactly("a", "b", "c");
    assertThat(kafka.writtenKeys()).containsExactly("a", "b", "c");
    assertThat(pauses).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void opensNoKafkaProducerWhenThereIsNothingToWrite() {
    OutboxProducer writer = new OutboxProducer("dq-events", MAX_OUTAGE, "outbox.max-outage", clock, pauses::add,
        () -> {
          throw new AssertionError("a producer was opened for an empty write");
        });

    writer.write(List.of());

    assertThat(pauses).isEmpty();
  }

  @Test
  void refusesAnOutageBoundThatIsNotPositiveNamingTheSetting() {
    assertThatThrownBy(() -> new OutboxProducer("dq-events", "k:9092", Map.of(), Duration.ZERO, "maxOutage"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOutage must be a positive duration");
  }

  @Test
  void pausesOneTwoFourSecondsAndNeverMoreThanThirty() {
    assertThat(OutboxProducer.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(OutboxProducer.backoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(OutboxProducer.backoff(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(OutboxProducer.backoff(60)).isEqualTo(Duration.ofSeconds(30));
  }
}
