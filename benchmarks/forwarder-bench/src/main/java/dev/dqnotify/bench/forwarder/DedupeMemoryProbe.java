package dev.dqnotify.bench.forwarder;

import dev.dqnotify.forwarder.dedupe.Deduplicator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * The child JVM of the dedupe-memory scenario: fills the forwarder's {@link Deduplicator} with
 * {@code args[0]} event ids (name-based UUIDs, as the ingest job makes them) over 6 partitions,
 * collects garbage, prints {@code heapUsedBytes=<n>} and {@code ready}, and holds the state until
 * its standard input closes, so the parent can read this process's resident set.
 */
public final class DedupeMemoryProbe {

  private DedupeMemoryProbe() {}

  /** {@code DedupeMemoryProbe <ids>}. */
  public static void main(String[] args) throws IOException {
    int ids = Integer.parseInt(args[0]);
    Clock clock = Clock.systemUTC();
    Deduplicator deduplicator =
        new Deduplicator(Duration.ofHours(24), Math.max(1, ids), clock, new SimpleMeterRegistry());
    TopicPartition[] partitions = new TopicPartition[6];
    for (int p = 0; p < partitions.length; p++) {
      partitions[p] = new TopicPartition("dq-events", p);
    }
    Instant start = clock.instant();
    for (int n = 0; n < ids; n++) {
      String id = UUID.nameUUIDFromBytes(("probe|" + n).getBytes(StandardCharsets.UTF_8)).toString();
      // Distinct timestamps, as records have; one per millisecond stays well inside the 24 h horizon.
      deduplicator.firstSeen(partitions[n % partitions.length], id, start.minusMillis(ids - n));
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.println("entries=" + deduplicator.size());
    System.out.println("heapUsedBytes=" + used);
    System.out.println("ready");
    System.out.flush();
    System.in.read(); // hold the state until the parent has measured
  }
}
