package dev.dqnotify.forwarder.dlq;

import dev.dqnotify.forwarder.deliver.BackoffPolicy;
import dev.dqnotify.forwarder.deliver.FinalOutcome;
import dev.dqnotify.localstack.junit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterPublisherTest {

  private static final BackoffPolicy FAST = new BackoffPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0);

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, new ByteArraySerializer(), new ByteArraySerializer());
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
  private final DeadLetterPublisher publisher =
      new DeadLetterPublisher(producer, "dq-events-dlq", FAST, Duration.ofMinutes(5), clock);

  private static ConsumerRecord<byte[], byte[]> original() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
    return new ConsumerRecord<>("dq-events", 2, 41L, 0L, TimestampType.CREATE_TIME, 0, 0,
        "store-0042".getBytes(StandardCharsets.UTF_8), new byte[] {9, 9, 9}, headers, Optional.empty());
  }

  @Test
  void keepsKeyValueAndHeadersAndAddsWhereAndWhyItFailed() {
    CompletableFuture<Void> written = publisher.publish(original(),
        DeadLetter.rejected(new FinalOutcome.Rejected(400, "{\"errors\":[\"Event too far in the past\"]}")));
    completeNext();

    assertThat(written).isCompleted();
    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("dq-events-dlq");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("store-0042");
    assertThat(record.value()).containsExactly(9, 9, 9);
    assertThat(headers(record)).containsEntry("trace", "t-1")
        .containsEntry("dqnotify.errors.topic", "dq-events")
        .containsEntry("dqnotify.errors.partition", "2")
        .containsEntry("dqnotify.errors.offset", "41")
        .containsEntry("dqnotify.errors.stage", "deliver")
        .containsEntry("dqnotify.errors.http.status", "400")
        .containsEntry("dqnotify.errors.http.body", "{\"errors\":[\"Event too far in the past\"]}")
        .containsKeys("dqnotify.errors.exception.class", "dqnotify.errors.exception.message");
  }

  @Test
  void namesTheExceptionOfADecodeFailureAndSendsNoHttpHeaders() {
    publisher.publish(original(), DeadLetter.failure(DeadLetterFormat.Stage.DECODE, new IllegalArgumentException("byte 0 is 0x7B")));
    completeNext();

    assertThat(headers(producer.history().get(0)))
        .containsEntry("dqnotify.errors.stage", "decode")
        .containsEntry("dqnotify.errors.exception.class", "java.lang.IllegalArgumentException")
        .containsEntry("dqnotify.errors.exception.message", "byte 0 is 0x7B")
        .doesNotContainKeys("dqnotify.errors.http.status", "dqnotify.errors.http.body");
  }

  @Test
  void retriesAFailedWriteAndCompletesOnlyWhenItSucceeds() {
    CompletableFuture<Void> written = publisher.publish(original(), reason());
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    producer.errorNext(new TimeoutException("broker away"));

    assertThat(written).isNotDone();
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
    assertThat(written).isNotDone();
    producer.completeNext();

    assertThat(written).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void neverSendsOnTheCallersThreadSoABlockedSendDoesNotBlockTheConsumer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MockProducer<byte[], byte[]> blocking = new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
          ProducerRecord<byte[], byte[]> record, org.apache.kafka.clients.producer.Callback callback) {
        try {
          release.await(); // as send() waits up to max.block.ms for a missing topic's metadata
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.send(record, callback);
      }
    };
    DeadLetterPublisher slow = new DeadLetterPublisher(blocking, "dq-events-dlq", FAST, Duration.ofMinutes(5), clock);

    CompletableFuture<Void> written = CompletableFuture.supplyAsync(() -> slow.publish(original(), reason()))
        .get(2, TimeUnit.SECONDS);

    assertThat(written).isNotDone();
    release.countDown();
    assertThat(written).succeedsWithin(Duration.ofSeconds(5));
    slow.close();
  }

  @Test
  void aWriteTheTopicRefusesOutrightEndsInARefusalWithoutRetrying() {
    CompletableFuture<Void> written = publisher.publish(original(), reason());
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    producer.errorNext(new RecordTooLargeException("the record is larger than max.message.bytes"));

    assertThat(written.handle((ok, e) -> e)).succeedsWithin(Duration.ofSeconds(5))
        .isInstanceOfSatisfying(DeadLetterRefusedException.class, refused -> {
          assertThat(refused.permanent()).isTrue();
          assertThat(refused.getMessage()).contains("dq-events-2@41", "dq-events-dlq", "max.message.bytes");
        });
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void aRetriableFailureThatOutlastsTheMaximumRetryTimeEndsInARefusal() {
    CompletableFuture<Void> written = publisher.publish(original(), reason());
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    producer.errorNext(new TimeoutException("Topic dq-events-dlq not present in metadata after 10000 ms."));
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
    clock.advance(Duration.ofMinutes(5));
    producer.errorNext(new TimeoutException("Topic dq-events-dlq not present in metadata after 10000 ms."));

    assertThat(written.handle((ok, e) -> e)).succeedsWithin(Duration.ofSeconds(5))
        .isInstanceOfSatisfying(DeadLetterRefusedException.class, refused -> {
          assertThat(refused.permanent()).isFalse();
          assertThat(refused.getMessage()).contains("dlq.max-retry-time", "not present in metadata");
        });
  }

  @Test
  void cancelsWritesStillOpenWhenClosed() {
    CompletableFuture<Void> written = publisher.publish(original(), reason());

    publisher.close(Duration.ZERO);

    assertThat(written).isCompletedExceptionally();
    assertThat(written.handle((ok, e) -> e)).succeedsWithin(Duration.ofSeconds(1))
        .isInstanceOf(CancellationException.class);
  }

  private static DeadLetter reason() {
    return new DeadLetter(DeadLetterFormat.Stage.DECODE, "x", "y", OptionalInt.empty(), Optional.empty());
  }

  /** Completes the next send once the publisher's thread has made it. */
  private void completeNext() {
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.completeNext());
  }

  private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
    Map<String, String> result = new HashMap<>();
    for (Header header : record.headers()) {
      result.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return result;
  }
}
