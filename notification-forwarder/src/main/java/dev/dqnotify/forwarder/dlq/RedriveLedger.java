package dev.dqnotify.forwarder.dlq;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which dead letters were redriven, kept as the committed offsets of a small consumer group of its
 * own ({@code <consume.group-id>-dlq-redrive}) on the dead-letter topic — so running a redrive twice
 * posts nothing the second time, and {@code kafka-consumer-groups --describe} shows the dead letters
 * not redriven yet as the group's lag.
 *
 * <p>Per partition: the committed offset is a watermark below which every dead letter was redriven;
 * dead letters redriven one by one above it are listed in the commit's metadata
 * ({@code redriven:5,7-9}). When the watermark reaches one of them it moves past it, so a redrive of
 * everything ends with the plain offset. The group never has members: it is read and committed
 * without joining, by one redrive at a time.
 *
 * <p>Not thread-safe.
 */
public final class RedriveLedger {

  /** Prefix of the commit metadata. */
  static final String METADATA_PREFIX = "redriven:";
  /** Kafka's default {@code offset.metadata.max.bytes}. */
  static final int MAX_METADATA = 4096;

  private final Map<TopicPartition, PartitionLedger> partitions = new HashMap<>();
  private final Set<TopicPartition> changed = new HashSet<>();

  /** The ledger group of the forwarder group {@code forwarderGroupId}. */
  public static String groupId(String forwarderGroupId) {
    return forwarderGroupId + "-dlq-redrive";
  }

  /**
   * Reads the ledger of {@code partitions}.
   *
   * @param consumer a consumer whose group id is the ledger group; it never subscribes
   * @param logStarts each partition's first offset: dead letters before it are gone, so count as done
   */
  public static RedriveLedger read(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> logStarts) {
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(logStarts.keySet(), Duration.ofSeconds(30));
    RedriveLedger ledger = new RedriveLedger();
    logStarts.forEach((partition, logStart) -> {
      OffsetAndMetadata offset = committed.get(partition);
      PartitionLedger state = offset == null ? new PartitionLedger(0, new TreeSet<>())
          : new PartitionLedger(offset.offset(), decode(offset.metadata()));
      state.advanceTo(logStart);
      ledger.partitions.put(partition, state);
    });
    return ledger;
  }

  /** Whether the dead letter at {@code partition}:{@code offset} was redriven. */
  public boolean redriven(TopicPartition partition, long offset) {
    PartitionLedger state = partitions.get(partition);
    return state != null && state.contains(offset);
  }

  /** Notes that the dead letter at {@code partition}:{@code offset} was redriven (committed by {@link #commit}). */
  public void record(TopicPartition partition, long offset) {
    partitions.computeIfAbsent(partition, p -> new PartitionLedger(0, new TreeSet<>())).add(offset);
    changed.add(partition);
  }

  /** Whether something was recorded since the last commit. */
  public boolean hasChanges() {
    return !changed.isEmpty();
  }

  /** Commits what was recorded; the consumer's group id must be the ledger group. */
  public void commit(Consumer<byte[], byte[]> consumer) {
    if (changed.isEmpty()) {
      return;
    }
    consumer.commitSync(offsets(changed), Duration.ofSeconds(30));
    changed.clear();
  }

  /** The offsets and metadata to commit for {@code which}. */
  Map<TopicPartition, OffsetAndMetadata> offsets(Collection<TopicPartition> which) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : which) {
      PartitionLedger state = partitions.get(partition);
      String metadata = encode(state.extras);
      if (metadata.length() > MAX_METADATA) {
        throw new IllegalStateException("the redrive ledger of " + partition + " lists too many scattered dead letters "
            + "to fit in a commit (" + metadata.length() + " characters); redrive them all with --all");
      }
      offsets.put(partition, new OffsetAndMetadata(state.watermark, metadata));
    }
    return offsets;
  }

  /** {@code redriven:5,7-9}, or empty for none. */
  static String encode(TreeSet<Long> extras) {
    if (extras.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(METADATA_PREFIX);
    Long runStart = null;
    Long previous = null;
    for (long offset : extras) {
      if (previous != null && offset == previous + 1) {
        previous = offset;
        continue;
      }
      appendRun(out, runStart, previous);
      runStart = offset;
      previous = offset;
    }
    appendRun(out, runStart, previous);
    return out.toString();
  }

  private static void appendRun(StringBuilder out, Long start, Long end) {
    if (start == null) {
      return;
    }
    if (out.length() > METADATA_PREFIX.length()) {
      out.append(',');
    }
    out.append(start);
    if (!end.equals(start)) {
      out.append('-').append(end);
    }
  }

  /** The offsets in {@code metadata}; anything not written by {@link #encode} reads as none. */
  static TreeSet<Long> decode(String metadata) {
    TreeSet<Long> extras = new TreeSet<>();
    if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
      return extras;
    }
    try {
      for (String run : metadata.substring(METADATA_PREFIX.length()).split(",")) {
        if (run.isBlank()) {
          continue;
        }
        int dash = run.indexOf('-');
        long start = Long.parseLong(run.substring(0, dash < 0 ? run.length() : dash).trim());
        long end = dash < 0 ? start : Long.parseLong(run.substring(dash + 1).trim());
        for (long offset = start; offset <= end; offset++) {
          extras.add(offset);
        }
      }
    } catch (NumberFormatException e) {
      return new TreeSet<>();
    }
    return extras;
  }

  /** One partition: everything below the watermark, and the extras above it. */
  private static final class PartitionLedger {
    private long watermark;
    private final TreeSet<Long> extras;

    PartitionLedger(long watermark, TreeSet<Long> extras) {
      this.watermark = watermark;
      this.extras = extras;
      normalise();
    }

    boolean contains(long offset) {
      return offset < watermark || extras.contains(offset);
    }

    void add(long offset) {
      if (offset >= watermark) {
        extras.add(offset);
        normalise();
      }
    }

    void advanceTo(long offset) {
      watermark = Math.max(watermark, offset);
      normalise();
    }

    private void normalise() {
      extras.headSet(watermark).clear();
      while (extras.remove(watermark)) {
        watermark++;
      }
    }
  }
}
