package dev.dqnotify.forwarder.consume;

import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the outbox topic in a consumer group and hands each record to a {@link RecordProcessor}.
 * One thread owns the {@link Consumer}; whatever finishes elsewhere comes back through the
 * {@link Handoff}.
 *
 * <ul>
 *   <li><b>Commits</b> only what the {@link OffsetTracker} says is terminal, every
 *       {@code commitInterval}, before partitions are revoked and at shutdown. Auto-commit is off.
 *   <li><b>Back-pressure without leaving the group</b>: while the processor is blocked (delivery
 *       saturated, paused for a rejected key, backing off) or too many records are pending, every
 *       partition is paused and the loop keeps polling, so the consumer keeps its membership however
 *       long Datadog is away. A partition is also paused while its dedupe state is rebuilt and
 *       while a record waits for the schema registry to come back.
 *   <li><b>Rebalances</b>: before partitions go, their work that has not started is dropped, work
 *       in flight gets {@code revokeGrace} to finish, and what is terminal is committed; the new
 *       owner reads the rest again.
 *   <li><b>Shutdown</b> ({@link #stop()}): no new records; held-back work is passed on; in-flight
 *       work gets until the deadline; what is terminal is committed; the consumer leaves the group.
 * </ul>
 */
public final class OutboxConsumer {

  private static final Logger log = LoggerFactory.getLogger(OutboxConsumer.class);
  private static final Duration MAX_POLL_WAIT = Duration.ofMillis(100);
  /** Back-pressure that lasts this long is worth an INFO line; shorter spells are routine. */
  private static final Duration LONG_BLOCK = Duration.ofSeconds(5);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final OffsetTracker tracker;
  private final Handoff handoff;
  private final RecordProcessor processor;
  private final Settings settings;
  private final Clock clock;
  private final ForwarderMetrics metrics;

  private final Map<TopicPartition, CompletableFuture<Void>> notReady = new HashMap<>();
  private final Map<TopicPartition, Instant> heldUntil = new HashMap<>();
  /** Partitions paused because consumption ran too far past their commit point. */
  private final Set<TopicPartition> heldAtCommitPoint = new HashSet<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile boolean stopping;
  private RuntimeException failure;
  private volatile boolean joined;
  private volatile int assignedPartitions;
  private boolean blocked;
  private Instant blockedSince = Instant.EPOCH;
  private boolean reportedLongBlock;
  private Instant lastCommit = Instant.EPOCH;
  private Thread thread;

  /**
   * How the consumer paces itself.
   *
   * @param maxPendingRecords pause when this many records are consumed but not terminal
   * @param commitInterval time between commits of terminal offsets
   * @param revokeGrace how long revoked partitions' in-flight work may take before they go
   * @param shutdownDeadline how long in-flight work may take at shutdown
   * @param maxUncommittedRecords pause a partition when this many of its records are consumed at or
   *     after its commit point (its oldest unfinished record), finished or not
   * @param maxUnfinishedAge pause a partition while its oldest unfinished record waits longer than this
   */
  public record Settings(int maxPendingRecords, Duration commitInterval, Duration revokeGrace, Duration shutdownDeadline,
      int maxUncommittedRecords, Duration maxUnfinishedAge) {}

  /** A consumer of {@code topic}; {@link #start()} subscribes and runs it on its own thread. */
  public OutboxConsumer(Consumer<byte[], byte[]> consumer, String topic, OffsetTracker tracker, Handoff handoff,
      RecordProcessor processor, Settings settings, Clock clock, ForwarderMetrics metrics) {
    this.consumer = consumer;
    this.topic = topic;
    this.tracker = tracker;
    this.handoff = handoff;
    this.processor = processor;
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Starts the consumer thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = new Thread(this::run, "outbox-consumer");
    thread.start();
  }

  /** Asks the consumer to shut down (see the class description); returns at once. */
  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /** Completes when the consumer thread has ended: normally after {@link #stop()}, exceptionally if it failed. */
  public CompletableFuture<Void> terminated() {
    return terminated;
  }

  /** Whether the consumer thread runs and has not been asked to stop. */
  public boolean isRunning() {
    return thread != null && thread.isAlive() && !stopping && !terminated.isDone();
  }

  /** Whether the consumer has joined its group (received an assignment, possibly empty). */
  public boolean hasJoined() {
    return joined;
  }

  /** How many partitions are assigned now. */
  public int assignedPartitions() {
    return assignedPartitions;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic), new Rebalancing());
      while (!stopping) {
        handoff.runPending();
        if (stopForProcessor()) {
          break;
        }
        processor.tick();
        commit(false);
        applyPauses();
        ConsumerRecords<byte[], byte[]> records;
        try {
          // While blocked every partition is paused: poll only to stay in the group and run
          // rebalances, then wait for the deliverer's answers below rather than in poll, so
          // capacity it frees is used at once instead of after the poll wait.
          records = consumer.poll(blocked ? Duration.ZERO : pollWait());
        } catch (WakeupException e) {
          continue; // stop() woke us; the loop condition decides
        }
        hand(records);
        metrics.updateLag(consumer);
        updateCommitLag();
        if (blocked && records.isEmpty()) {
          awaitHandoff();
        }
      }
      shutDown();
      if (failure == null) {
        terminated.complete(null);
      } else {
        terminated.completeExceptionally(failure);
      }
    } catch (RuntimeException | Error e) {
      log.error("The outbox consumer failed and stops; records not committed will be read again on restart", e);
      closeQuietly();
      terminated.completeExceptionally(e);
    }
  }

  /** Whether the processor asked to stop (a record can never be finished); shuts down cleanly if so. */
  private boolean stopForProcessor() {
    Optional<RuntimeException> reason = processor.stopReason();
    if (reason.isEmpty()) {
      return false;
    }
    failure = reason.get();
    stopping = true;
    log.error("Stopping: {}", failure.getMessage());
    return true;
  }

  /** Waits up to the poll wait for work handed back (an answer from Datadog), and runs it. */
  private void awaitHandoff() {
    try {
      handoff.runNext(pollWait());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true; // interrupted: shut down as stop() would
    }
  }

  private void hand(ConsumerRecords<byte[], byte[]> records) {
    Set<TopicPartition> retrying = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      if (retrying.contains(partition)) {
        continue; // read again after the seek below
      }
      OffsetTracker.Ticket ticket = tracker.track(partition, record.offset());
      metrics.consumed();
      if (processor.process(record, ticket) instanceof RecordProcessor.Disposition.RetryLater later) {
        tracker.forget(ticket);
        consumer.seek(partition, record.offset());
        heldUntil.put(partition, clock.instant().plus(later.delay()));
        retrying.add(partition);
      }
    }
  }

  private Duration pollWait() {
    return processor.untilNextTick().filter(d -> d.compareTo(MAX_POLL_WAIT) < 0).orElse(MAX_POLL_WAIT);
  }

  private void applyPauses() {
    Set<TopicPartition> assignment = consumer.assignment();
    boolean nowBlocked = processor.blocked() || tracker.pending() >= settings.maxPendingRecords();
    Instant now = clock.instant();
    if (nowBlocked != blocked) {
      blocked = nowBlocked;
      if (blocked) {
        blockedSince = now;
        reportedLongBlock = false;
      }
      metrics.deliveryBlocked(blocked, tracker.pending(), Duration.between(blockedSince, now));
    } else if (blocked && !reportedLongBlock && Duration.between(blockedSince, now).compareTo(LONG_BLOCK) >= 0) {
      reportedLongBlock = true;
      metrics.deliveryStillBlocked(tracker.pending(), Duration.between(blockedSince, now));
    }
    heldUntil.entrySet().removeIf(e -> !e.getValue().isAfter(now) || !assignment.contains(e.getKey()));
    holdAtCommitPoint(assignment, now);
    Set<TopicPartition> wanted = new HashSet<>();
    if (blocked) {
      wanted.addAll(assignment);
    } else {
      wanted.addAll(notReady.keySet());
      wanted.addAll(heldUntil.keySet());
      wanted.addAll(heldAtCommitPoint);
      wanted.retainAll(assignment);
    }
    Set<TopicPartition> paused = consumer.paused();
    Set<TopicPartition> toPause = new HashSet<>(wanted);
    toPause.removeAll(paused);
    Set<TopicPartition> toResume = new HashSet<>(paused);
    toResume.removeAll(wanted);
    if (!toPause.isEmpty()) {
      consumer.pause(toPause);
    }
    if (!toResume.isEmpty()) {
      consumer.resume(toResume);
    }
    metrics.pausedPartitions(wanted.size());
  }

  /**
   * Pauses a partition whose commit point is stuck: a crash or rebalance reads everything consumed
   * past it again, so consumption stops at {@code maxUncommittedRecords} past it, or once its oldest
   * unfinished record waited {@code maxUnfinishedAge}; it resumes when that record finishes.
   */
  private void holdAtCommitPoint(Set<TopicPartition> assignment, Instant now) {
    heldAtCommitPoint.retainAll(assignment);
    for (TopicPartition partition : assignment) {
      long uncommitted = tracker.uncommitted(partition);
      Duration age = tracker.oldestUnfinishedSince(partition).map(since -> Duration.between(since, now))
          .orElse(Duration.ZERO);
      boolean hold = uncommitted >= settings.maxUncommittedRecords()
          || age.compareTo(settings.maxUnfinishedAge()) >= 0;
      if (hold && heldAtCommitPoint.add(partition)) {
        metrics.heldAtCommitPoint(partition, uncommitted, age);
      } else if (!hold && heldAtCommitPoint.remove(partition)) {
        metrics.releasedFromCommitPoint(partition);
      }
    }
  }

  /** Lag against the committed offset, and the age of the oldest unfinished record, per partition. */
  private void updateCommitLag() {
    Instant now = clock.instant();
    for (TopicPartition partition : tracker.partitions()) {
      consumer.currentLag(partition).ifPresent(lag -> metrics.commitLag(partition, lag + tracker.uncommitted(partition),
          tracker.oldestUnfinishedSince(partition).map(since -> Duration.between(since, now)).orElse(Duration.ZERO)));
    }
  }

  private void commit(boolean force) {
    Instant now = clock.instant();
    if (!force && Duration.between(lastCommit, now).compareTo(settings.commitInterval()) < 0) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
    if (offsets.isEmpty()) {
      return;
    }
    lastCommit = now;
    consumer.commitAsync(offsets, (committed, error) -> {
      if (error == null) {
        tracker.committed(committed);
        log.debug("Committed {}", committed);
      } else {
        // The next commit carries the same or higher offsets, so nothing is lost by waiting.
        log.warn("Committing offsets {} failed, will commit again: {}", offsets, error.toString());
      }
    });
  }

  private void commitNow(Map<TopicPartition, OffsetAndMetadata> offsets, String when) {
    if (offsets.isEmpty()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        consumer.commitSync(offsets, Duration.ofSeconds(10));
        tracker.committed(offsets);
        log.info("Committed {} {}", offsets, when);
        return;
      } catch (WakeupException e) {
        if (attempt >= 2) {
          throw e;
        }
        // A stop() that raced with the end of the poll loop; the wakeup is spent now, try again.
      } catch (KafkaException e) {
        log.warn("Could not commit {} {}; those records will be read again: {}", offsets, when, e.toString());
        return;
      }
    }
  }

  private void shutDown() {
    Instant deadline = clock.instant().plus(settings.shutdownDeadline());
    Set<TopicPartition> assignment = consumer.assignment();
    log.info("Shutting down: taking no new records; work in flight has until {} to finish", deadline);
    processor.flush();
    awaitInFlight(assignment, deadline);
    if (processor.inFlight(assignment)) {
      log.warn("The shutdown deadline passed with work in flight; it is abandoned uncommitted and will be delivered "
          + "after the restart (possibly a second time, if it reached Datadog meanwhile)");
    }
    handoff.runPending();
    commitNow(tracker.committable(), "at shutdown");
    consumer.close(Duration.ofSeconds(10));
    log.info("The outbox consumer left the group");
  }

  private void closeQuietly() {
    try {
      consumer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      log.debug("Closing the consumer after a failure failed too", e);
    }
  }

  /** Runs inside poll(), on the consumer thread. */
  private final class Rebalancing implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      processor.revoking(partitions);
      Instant deadline = clock.instant().plus(settings.revokeGrace());
      awaitInFlight(partitions, deadline);
      commitNow(tracker.committable(partitions), "before " + partitions + " are revoked");
      forget(partitions);
      log.info("Partitions revoked: {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      // Another member may own them already: committing now could move its commit point.
      forget(partitions);
      log.warn("Partitions lost (the group moved on without this member): {}; their uncommitted records will be "
          + "delivered by their new owner, possibly a second time", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      joined = true;
      metrics.assignment(partitions);
      assignedPartitions = consumer.assignment().size();
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
      Map<TopicPartition, Optional<Long>> positions = new HashMap<>();
      for (TopicPartition partition : partitions) {
        tracker.assign(partition);
        OffsetAndMetadata offset = committed.get(partition);
        positions.put(partition, Optional.ofNullable(offset).map(OffsetAndMetadata::offset));
      }
      // Nothing of these partitions is consumed until the processor is ready for them.
      consumer.pause(partitions);
      processor.assigned(positions).forEach((partition, ready) -> {
        notReady.put(partition, ready);
        // remove(key, value): a later ownership of the same partition has its own future.
        ready.whenCompleteAsync((ok, error) -> notReady.remove(partition, ready), handoff);
      });
      log.info("Partitions assigned: {} (committed offsets {})", partitions, positions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      tracker.revoke(partitions);
      processor.revoked(partitions);
      partitions.forEach(p -> {
        notReady.remove(p);
        heldUntil.remove(p);
        heldAtCommitPoint.remove(p);
      });
      metrics.forgetLag(partitions);
      assignedPartitions = Math.max(0, consumer.assignment().size() - partitions.size());
    }
  }

  private void awaitInFlight(Collection<TopicPartition> partitions, Instant deadline) {
    try {
      handoff.runPending();
      while (processor.inFlight(partitions) && clock.instant().isBefore(deadline)) {
        handoff.runNext(Duration.between(clock.instant(), deadline));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
