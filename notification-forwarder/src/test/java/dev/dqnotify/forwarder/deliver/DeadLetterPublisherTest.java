package dev.dqnotify.forwarder.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

  private static final BackoffPolicy FAST = new BackoffPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0);

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, new ByteArraySerializer(), new ByteArraySerializer());
  private final DeadLetterPublisher publisher = new DeadLetterPublisher(producer, "dq-events-dlq", FAST);

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
    producer.completeNext();

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
    publisher.publish(original(), DeadLetter.failure("decode", new IllegalArgumentException("byte 0 is 0x7B")));
    producer.completeNext();

    assertThat(headers(producer.history().get(0)))
        .containsEntry("dqnotify.errors.stage", "decode")
        .containsEntry("dqnotify.errors.exception.class", "java.lang.IllegalArgumentException")
        .containsEntry("dqnotify.errors.exception.message", "byte 0 is 0x7B")
        .doesNotContainKeys("dqnotify.errors.http.status", "dqnotify.errors.http.body");
  }

  @Test
  void retriesAFailedWriteAndCompletesOnlyWhenItSucceeds() {
    CompletableFuture<Void> written = publisher.publish(original(),
        new DeadLetter("decode", "x", "y", OptionalInt.empty(), Optional.empty()));
    producer.errorNext(new TimeoutException("broker away"));

    assertThat(written).isNotDone();
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
    assertThat(written).isNotDone();
    producer.completeNext();

    assertThat(written).isCompleted();
  }

  @Test
  void cancelsWritesStillOpenWhenClosed() {
    CompletableFuture<Void> written = publisher.publish(original(),
        new DeadLetter("decode", "x", "y", OptionalInt.empty(), Optional.empty()));

    publisher.close(Duration.ZERO);

    assertThat(written).isCompletedExceptionally();
    assertThat(written.handle((ok, e) -> e)).succeedsWithin(Duration.ofSeconds(1))
        .isInstanceOf(CancellationException.class);
  }

  private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
    Map<String, String> result = new HashMap<>();
    for (Header header : record.headers()) {
      result.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return result;
  }
}
