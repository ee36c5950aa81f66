package dev.dqnotify.forwarder.dlq;

import dev.dqnotify.forwarder.deliver.BackoffPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records the forwarder gives up on to the dead-letter topic: the original key, value and
 * headers, plus the {@link DeadLetterFormat} headers saying where the record came from and why it
 * failed.
 *
 * <p>Every write runs on the publisher's own thread, never on the caller's: {@code send} may block
 * for metadata or buffer space (up to the producer's {@code max.block.ms}), and the caller is the
 * consumer thread, which must poll within {@code max.poll.interval.ms}.
 *
 * <p>The returned future completes only once the record is safely in the topic, and the caller
 * commits past the original record only then. A write failing with a retriable error is retried
 * with backoff for up to {@code maxRetryTime}; a write the topic refuses outright (record too large,
 * not authorised, invalid topic), or one still failing after {@code maxRetryTime}, completes with a
 * {@link DeadLetterRefusedException}: the record has no terminal outcome, and the caller stops.
 * Nothing is ever dropped here.
 */
public final class DeadLetterPublisher implements DeadLetterSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final BackoffPolicy backoff;
  private final Duration maxRetryTime;
  private final Clock clock;
  private final Random random = new Random();
  private final Set<CompletableFuture<Void>> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "dead-letter-writer");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean closed;

  /**
   * @param producer writes to the dead-letter topic (acks=all, idempotent: see the assembly)
   * @param topic the dead-letter topic, e.g. {@code dq-events-dlq}
   * @param backoff the delay between attempts of a failed write
   * @param maxRetryTime how long a write failing with retriable errors is tried before it is refused
   * @param clock measures {@code maxRetryTime}
   */
  public DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, BackoffPolicy backoff,
      Duration maxRetryTime, Clock clock) {
    this.producer = producer;
    this.topic = topic;
    this.backoff = backoff;
    this.maxRetryTime = maxRetryTime;
    this.clock = clock;
  }

  /** The dead-letter topic. */
  @Override
  public String topic() {
    return topic;
  }

  /**
   * Writes {@code original} with the headers of {@code reason} on the publisher's thread; returns at
   * once. The future completes when the record is acknowledged, with a {@link
   * DeadLetterRefusedException} if it cannot be written (see the class description), or with a
   * {@link CancellationException} if the publisher closes first.
   */
  @Override
  public CompletableFuture<Void> publish(ConsumerRecord<byte[], byte[]> original, DeadLetter reason) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    if (closed) {
      written.completeExceptionally(new CancellationException("the dead-letter publisher is closed"));
      return written;
    }
    open.add(written);
    written.whenComplete((ok, error) -> open.remove(written));
    ProducerRecord<byte[], byte[]> record = record(original, reason);
    Instant firstAttempt = clock.instant();
    try {
      writer.execute(() -> send(record, original, written, 1, firstAttempt));
    } catch (RejectedExecutionException e) {
      written.completeExceptionally(new CancellationException("the dead-letter publisher is closed"));
    }
    return written;
  }

  /** The dead-letter record for {@code original}: same key and value, headers as {@link DeadLetterFormat} says. */
  ProducerRecord<byte[], byte[]> record(ConsumerRecord<byte[], byte[]> original, DeadLetter reason) {
    return new ProducerRecord<>(topic, null, original.key(), original.value(), DeadLetterFormat.headers(original, reason));
  }

  private void send(ProducerRecord<byte[], byte[]> record, ConsumerRecord<byte[], byte[]> original,
      CompletableFuture<Void> written, int attempt, Instant firstAttempt) {
    if (closed) {
      written.completeExceptionally(new CancellationException("the dead-letter publisher is closed"));
      return;
    }
    try {
      producer.send(record, (metadata, error) -> {
        if (error == null) {
          written.complete(null);
        } else {
          retry(record, original, written, attempt, firstAttempt, error);
        }
      });
    } catch (RuntimeException e) {
      retry(record, original, written, attempt, firstAttempt, e);
    }
  }

  private void retry(ProducerRecord<byte[], byte[]> record, ConsumerRecord<byte[], byte[]> original,
      CompletableFuture<Void> written, int attempt, Instant firstAttempt, Exception error) {
    if (closed) {
      written.completeExceptionally(new CancellationException("the dead-letter publisher is closed"));
      return;
    }
    String where = original.topic() + "-" + original.partition() + "@" + original.offset();
    if (!retriable(error)) {
      written.completeExceptionally(new DeadLetterRefusedException("Dead-letter topic " + topic + " refused the dead "
          + "letter of " + where + ": " + error + ". Retrying cannot help: fix the topic (its existence, its "
          + "max.message.bytes, the forwarder's write ACL) or the producer's kafka.max.request.size, then restart; "
          + "the record is read again from its committed offset", true, error));
      return;
    }
    Duration trying = Duration.between(firstAttempt, clock.instant());
    if (trying.compareTo(maxRetryTime) >= 0) {
      written.completeExceptionally(new DeadLetterRefusedException("Writing the dead letter of " + where + " to "
          + topic + " kept failing for " + trying.toSeconds() + " s (dlq.max-retry-time " + maxRetryTime
          + "), last with " + error + ". Check that the topic exists and the brokers are reachable; the record is "
          + "read again from its committed offset after a restart", false, error));
      return;
    }
    Duration delay = backoff.delay(attempt, Optional.empty(), random);
    // ERROR: the original record cannot be committed until this succeeds; an operator must look.
    log.error("Writing {} to dead-letter topic {} failed (attempt {}), trying again in {} ms: {}",
        where, topic, attempt, delay.toMillis(), error.toString());
    try {
      writer.schedule(() -> send(record, original, written, attempt + 1, firstAttempt), delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      written.completeExceptionally(new CancellationException("the dead-letter publisher is closed"));
    }
  }

  /**
   * Whether the same write may succeed later: Kafka's retriable errors, including the timeout of a
   * topic whose metadata is missing. Too large, not authorised, invalid topic and the like are not.
   */
  static boolean retriable(Throwable error) {
    return error instanceof RetriableException;
  }

  /**
   * Stops retrying, waits up to {@code deadline} for writes under way, and completes whatever is
   * still open with a {@link CancellationException} (those records are not committed). The producer
   * is closed by whoever made it.
   */
  public void close(Duration deadline) {
    closed = true;
    writer.shutdownNow();
    try {
      CompletableFuture.allOf(open.toArray(CompletableFuture[]::new)).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.debug("Dead-letter writes still open at close: {}", open.size());
    }
    open.forEach(f -> f.completeExceptionally(new CancellationException("the dead-letter publisher is closed")));
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }
}
