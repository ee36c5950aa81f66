package dev.dqnotify.forwarder.consume;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the {@link OutboxConsumer} hands records to. Every method runs on the consumer thread. The
 * processor reports each record's terminal outcome by completing its ticket on the
 * {@link OffsetTracker}, directly or through the {@link Handoff}.
 */
public interface RecordProcessor {

  /** What became of a record handed to {@link #process}. */
  sealed interface Disposition {
    /** Taken: the ticket will be completed once the record reaches a terminal outcome. */
    record Taken() implements Disposition {}

    /** Not taken, for a reason that may pass (the registry is down): consume it again after {@code delay}. */
    record RetryLater(Duration delay) implements Disposition {}

    /** The one {@link Taken}. */
    Disposition TAKEN = new Taken();
  }

  /** Handles one record, already tracked under {@code ticket}. */
  Disposition process(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Ticket ticket);

  /** Called every loop: passes on what became due (e.g. digests whose wait elapsed). */
  void tick();

  /** How long the consumer may block in poll before {@link #tick()} has something to do. */
  Optional<Duration> untilNextTick();

  /** Whether the stages after this one take no more work now (delivery saturated or paused). */
  boolean blocked();

  /**
   * Partitions were assigned, with their committed offsets (absent when none). The consumer keeps
   * each partition paused until its future completes (e.g. rebuilding dedupe state).
   */
  Map<TopicPartition, CompletableFuture<Void>> assigned(Map<TopicPartition, Optional<Long>> committed);

  /** The partitions are going: drop their work that has not started (the next owner reads it again). */
  void revoking(Collection<TopicPartition> partitions);

  /** Whether records of these partitions are being delivered or dead-lettered right now. */
  boolean inFlight(Collection<TopicPartition> partitions);

  /** The partitions are gone (revoked or lost): forget everything about them. */
  void revoked(Collection<TopicPartition> partitions);

  /** Shutdown: pass on everything held back (e.g. partial digests) so it can still finish. */
  void flush();

  /**
   * Why consuming must stop, if a record can never reach a terminal outcome (its dead letter was
   * refused): consuming past it would only grow what is delivered again after a restart. The
   * consumer then shuts down as on SIGTERM and ends with this failure.
   */
  default Optional<RuntimeException> stopReason() {
    return Optional.empty();
  }
}
