package dev.dqnotify.forwarder.consume;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer tests' {@link RecordProcessor}: hands each record to the test's {@link OnRecord};
 * never blocked, nothing to tick, assigned partitions are ready at once, revocations change
 * nothing; it only notes that it was flushed.
 */
final class StubProcessor implements RecordProcessor {

  /** What the test does with a record. */
  @FunctionalInterface
  interface OnRecord {
    Disposition process(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Ticket ticket);
  }

  private final OnRecord onRecord;
  private volatile boolean flushed;

  StubProcessor(OnRecord onRecord) {
    this.onRecord = onRecord;
  }

  /** Whether {@link #flush()} was called. */
  boolean flushed() {
    return flushed;
  }

  @Override
  public Disposition process(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Ticket ticket) {
    return onRecord.process(record, ticket);
  }

  @Override
  public void tick() { }

  @Override
  public Optional<Duration> untilNextTick() {
    return Optional.empty();
  }

  @Override
  public boolean blocked() {
    return false;
  }

  @Override
  public Map<TopicPartition, CompletableFuture<Void>> assigned(Map<TopicPartition, Optional<Long>> committed) {
    Map<TopicPartition, CompletableFuture<Void>> ready = new HashMap<>();
    committed.keySet().forEach(p -> ready.put(p, CompletableFuture.completedFuture(null)));
    return ready;
  }

  @Override
  public void revoking(Collection<TopicPartition> partitions) { }

  @Override
  public boolean inFlight(Collection<TopicPartition> partitions) {
    return false;
  }

  @Override
  public void revoked(Collection<TopicPartition> partitions) { }

  @Override
  public void flush() {
    flushed = true;
  }
}
