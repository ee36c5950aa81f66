package dev.dqnotify.forwarder.consume;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offset of each partition may be committed: the highest offset below which every consumed
 * record reached a terminal outcome (delivered, deduplicated, suppressed or dead-lettered). A
 * record still in flight holds its partition's commit point at its own offset however many later
 * records are done, so a crash never skips a record that was not finished.
 *
 * <p>Tickets carry the partition's assignment epoch: a completion that arrives after the partition
 * was revoked (and perhaps assigned again) is recognised as stale and ignored, so work of an earlier
 * ownership can never move the commit point of the current one.
 *
 * <p>It also says how far consumption ran ahead of each commit point ({@link #uncommitted}) and
 * since when the oldest unfinished record waits ({@link #oldestUnfinishedSince}): what a crash or a
 * rebalance would read and possibly post again, which the consumer bounds by pausing the partition.
 *
 * <p>Not thread-safe: the consumer thread alone uses it; completions reach it through the
 * {@link Handoff}.
 */
public final class OffsetTracker {

  /** One consumed record that has not yet been reported terminal. */
  public record Ticket(TopicPartition partition, long offset, long epoch) {}

  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private final Clock clock;
  private long epochs;

  /** @param clock when each record was consumed, for {@link #oldestUnfinishedSince} */
  public OffsetTracker(Clock clock) {
    this.clock = clock;
  }

  /** Starts tracking {@code partition} afresh (a new ownership). */
  public void assign(TopicPartition partition) {
    partitions.put(partition, new PartitionState(++epochs));
  }

  /** Forgets the partitions; their outstanding tickets become stale. */
  public void revoke(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }

  /** The partitions tracked now. */
  public Set<TopicPartition> partitions() {
    return Set.copyOf(partitions.keySet());
  }

  /**
   * Records that the record at {@code offset} was consumed and is not yet terminal.
   *
   * @throws IllegalStateException if the partition is not assigned, or the offset is not above
   *     every offset tracked before (records of a partition arrive in order)
   */
  public Ticket track(TopicPartition partition, long offset) {
    PartitionState state = state(partition);
    if (offset <= state.highestTracked) {
      throw new IllegalStateException("offset " + offset + " of " + partition + " is not above the highest tracked, "
          + state.highestTracked);
    }
    if (state.committed < 0) {
      // The group's position already is this offset: there is nothing to commit until it is passed.
      state.committed = offset;
    }
    state.pending.put(offset, clock.instant());
    state.highestTracked = offset;
    return new Ticket(partition, offset, state.epoch);
  }

  /**
   * Records that the ticket's record reached a terminal outcome.
   *
   * @return false when the ticket is stale (its partition was revoked since) or already complete
   */
  public boolean complete(Ticket ticket) {
    PartitionState state = current(ticket);
    return state != null && state.pending.remove(ticket.offset()) != null;
  }

  /**
   * Forgets the newest ticket as if it had never been tracked, because its record will be
   * consumed again (the consumer seeks back to it).
   *
   * @throws IllegalStateException if it is not the newest ticket of its partition
   */
  public void forget(Ticket ticket) {
    PartitionState state = current(ticket);
    if (state == null) {
      return;
    }
    if (ticket.offset() != state.highestTracked || state.pending.remove(ticket.offset()) == null) {
      throw new IllegalStateException("only the newest pending ticket can be forgotten: " + ticket);
    }
    state.highestTracked = ticket.offset() - 1;
  }

  /** Whether the ticket belongs to the current ownership of its partition. */
  public boolean isCurrent(Ticket ticket) {
    return current(ticket) != null;
  }

  /** Records consumed and not yet terminal, over all partitions. */
  public int pending() {
    return partitions.values().stream().mapToInt(s -> s.pending.size()).sum();
  }

  /** Records of {@code partition} consumed and not yet terminal. */
  public int pending(TopicPartition partition) {
    PartitionState state = partitions.get(partition);
    return state == null ? 0 : state.pending.size();
  }

  /**
   * Records of {@code partition} consumed at or after its commit point: the oldest unfinished record
   * and everything consumed after it, finished or not. A crash or a rebalance reads them all again,
   * so this bounds what may be posted twice. 0 when nothing is unfinished.
   */
  public long uncommitted(TopicPartition partition) {
    PartitionState state = partitions.get(partition);
    return state == null || state.pending.isEmpty() ? 0 : state.highestTracked + 1 - state.pending.firstKey();
  }

  /** When the oldest unfinished record of {@code partition} was consumed; empty when none is unfinished. */
  public Optional<Instant> oldestUnfinishedSince(TopicPartition partition) {
    PartitionState state = partitions.get(partition);
    return state == null || state.pending.isEmpty() ? Optional.empty()
        : Optional.of(state.pending.firstEntry().getValue());
  }

  /**
   * The offsets to commit now: for each partition whose commit point moved past what was last
   * marked committed, the first offset that is not known terminal (Kafka's "next record to read").
   */
  public Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    partitions.forEach((partition, state) -> {
      long point = state.commitPoint();
      if (point > state.committed) {
        result.put(partition, new OffsetAndMetadata(point));
      }
    });
    return result;
  }

  /** {@link #committable()} restricted to {@code only}. */
  public Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> only) {
    Map<TopicPartition, OffsetAndMetadata> result = committable();
    result.keySet().retainAll(Set.copyOf(only));
    return result;
  }

  /** Notes that {@code offsets} were committed, so they are not offered again. */
  public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((partition, offset) -> {
      PartitionState state = partitions.get(partition);
      if (state != null) {
        state.committed = Math.max(state.committed, offset.offset());
      }
    });
  }

  private PartitionState state(TopicPartition partition) {
    PartitionState state = partitions.get(partition);
    if (state == null) {
      throw new IllegalStateException(partition + " is not assigned");
    }
    return state;
  }

  private PartitionState current(Ticket ticket) {
    PartitionState state = partitions.get(ticket.partition());
    return state != null && state.epoch == ticket.epoch() ? state : null;
  }

  private static final class PartitionState {
    final long epoch;
    /** Unfinished offsets, with when each was consumed. */
    final TreeMap<Long, Instant> pending = new TreeMap<>();
    long highestTracked = -1;
    long committed = -1;

    PartitionState(long epoch) {
      this.epoch = epoch;
    }

    /** Kafka commits the next offset to read: the oldest unfinished one, else one past the newest. */
    long commitPoint() {
      if (!pending.isEmpty()) {
        return pending.firstKey();
      }
      return highestTracked < 0 ? -1 : highestTracked + 1;
    }
  }
}
