package dev.dqnotify.forwarder.dlq;

import dev.dqnotify.forwarder.consume.BoundedConsumer;
import dev.dqnotify.forwarder.consume.RangeReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the dead-letter topic for the operator's tools: what is in it ({@link #newest(int)}), one
 * record ({@link #find}), and which outbox records were dead-lettered ({@link #origins(String)}).
 * Each call reads with a fresh consumer without a group (nothing is committed) up to the end at the
 * time of the call. A dead-letter topic is small — records the forwarder gave up on — so reading it
 * whole is fine.
 */
public final class DeadLetterReader {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final String topic;

  /**
   * @param consumers makes consumers without a group id
   * @param topic the dead-letter topic
   */
  public DeadLetterReader(Supplier<Consumer<byte[], byte[]>> consumers, String topic) {
    this.consumers = consumers;
    this.topic = topic;
  }

  /** The dead-letter topic. */
  public String topic() {
    return topic;
  }

  /** Each partition's offsets from its log start to its end now. */
  public Map<TopicPartition, BoundedConsumer.Range> ranges() {
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      return ranges(consumer);
    }
  }

  /** The {@code limit} newest dead letters, oldest first, and how many there are in all. */
  public Listing newest(int limit) {
    // Each partition's newest are its last ones; the newest overall are among those.
    Map<TopicPartition, Deque<DeadLetterEntry>> byPartition = new HashMap<>();
    long[] total = {0};
    scan(record -> {
      total[0]++;
      Deque<DeadLetterEntry> newest = byPartition.computeIfAbsent(
          new TopicPartition(record.topic(), record.partition()), p -> new ArrayDeque<>());
      newest.addLast(DeadLetterEntry.of(record));
      if (newest.size() > limit) {
        newest.removeFirst();
      }
    });
    List<DeadLetterEntry> entries = new ArrayList<>();
    byPartition.values().forEach(entries::addAll);
    entries.sort(Comparator.comparing(DeadLetterEntry::time).thenComparing(e -> e.partition().partition())
        .thenComparingLong(DeadLetterEntry::offset));
    return new Listing(List.copyOf(entries.subList(Math.max(0, entries.size() - limit), entries.size())), total[0]);
  }

  /**
   * Some dead letters and how many there are in all.
   *
   * @param entries the ones listed
   * @param total every record in the topic
   */
  public record Listing(List<DeadLetterEntry> entries, long total) {}

  /** The dead letter at {@code partition}:{@code offset}, if it exists. */
  public Optional<DeadLetterEntry> find(int partition, long offset) {
    TopicPartition tp = new TopicPartition(topic, partition);
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      Map<TopicPartition, BoundedConsumer.Range> ranges = ranges(consumer);
      BoundedConsumer.Range range = ranges.get(tp);
      if (range == null || offset < range.start() || offset >= range.end()) {
        return Optional.empty();
      }
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(tp) <= offset && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          if (record.offset() == offset) {
            return Optional.of(DeadLetterEntry.of(record));
          }
        }
      }
      return Optional.empty(); // compacted away, or a transaction marker
    }
  }

  /** Like {@link #origins}, but none when there is no dead-letter topic (said on {@code err}). */
  public Set<DeadLetterEntry.Origin> originsOrNone(String outboxTopic, PrintWriter err) {
    try {
      return origins(outboxTopic);
    } catch (IllegalStateException e) {
      err.println("Note: " + e.getMessage() + "; no record counts as dead-lettered");
      return Set.of();
    }
  }

  /** The positions of {@code outboxTopic} whose records are in the dead-letter topic. */
  public Set<DeadLetterEntry.Origin> origins(String outboxTopic) {
    Set<DeadLetterEntry.Origin> origins = new HashSet<>();
    scan(record -> DeadLetterEntry.origin(record).filter(o -> o.partition().topic().equals(outboxTopic))
        .ifPresent(origins::add));
    return origins;
  }

  /** Every record of the topic up to its end now, in offset order per partition. */
  public void scan(java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      boolean complete = RangeReader.read(consumer, ranges(consumer), () -> System.nanoTime() <= deadline, record -> {
        visitor.accept(record);
        return true;
      });
      if (!complete) {
        throw new IllegalStateException("could not read " + topic + " to its end within " + TIMEOUT.toSeconds()
            + " s");
      }
    }
  }

  private Map<TopicPartition, BoundedConsumer.Range> ranges(Consumer<byte[], byte[]> consumer) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("the dead-letter topic " + topic + " does not exist");
    }
    List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, TIMEOUT);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
    Map<TopicPartition, BoundedConsumer.Range> ranges = new HashMap<>();
    partitions.forEach(p -> ranges.put(p, new BoundedConsumer.Range(starts.get(p), ends.get(p))));
    return ranges;
  }
}
