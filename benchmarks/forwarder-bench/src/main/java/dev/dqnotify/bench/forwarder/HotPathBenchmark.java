package dev.dqnotify.bench.forwarder;

import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.group.EventGrouper;
import dev.dqnotify.forwarder.group.GroupingMode;
import dev.dqnotify.forwarder.group.GroupingSettings;
import dev.dqnotify.forwarder.group.Grouped;
import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.forwarder.render.DatadogEventRenderer;
import dev.dqnotify.forwarder.render.RenderSettings;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The forwarder's hot path on one thread, records per second: decode (Confluent wire format) →
 * dedupe → group → render, with the forwarder's own stage classes, and the codec alone as the
 * reference. No Kafka and no HTTP: those are measured by the delivery-rate scenario.
 *
 * <p>A ring of {@value #RING} pre-encoded records is replayed. The dedupe horizon is 1 s on a clock
 * moved 2 s per pass of the ring, so every record is new again on the next pass and the dedupe
 * state stays at its steady size (each record expires one id and adds one), as in a long run.
 * DIGEST mode uses {@code group_wait} 0 and releases due groups after every batch of {@value
 * #BATCH} records (about 3 events per digest with the default group-by), so rendering stays in
 * the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBenchmark {

  /** Records per benchmark invocation; scores are per record. */
  public static final int BATCH = 1024;

  /** Distinct records replayed (a power of two). */
  static final int RING = 1 << 16;

  private static final Instant DETECTED_AT = Instant.parse("2025-06-01T12:00:00Z");
  private static final int PARTITIONS = 6;

  /** PER_EVENT or DIGEST. */
  @Param({"PER_EVENT", "DIGEST"})
  public String mode;

  private byte[][] values;
  private TopicPartition[] partitions;
  private AvroWireCodec<DqEvent> codec;
  private EventDecoder decoder;
  private Deduplicator deduplicator;
  private EventGrouper<DqEvent> grouper;
  private DatadogEventRenderer renderer;
  private MutableClock clock;
  private Instant backfillBefore;
  private int next;

  /** Encodes the ring and builds the stages as the forwarder's assembly does. */
  @Setup
  public void setUp() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    List<byte[]> encoded = BenchEvents.encoded(AvroWireCodec.forDqEvents(registry), "hot-path", RING, DETECTED_AT);
    values = encoded.toArray(byte[][]::new);
    partitions = new TopicPartition[RING];
    for (int i = 0; i < RING; i++) {
      // The outbox is keyed by store id; any stable spread over the partitions does here.
      partitions[i] = new TopicPartition("dq-events", (i % BenchEvents.STORES) % PARTITIONS);
    }
    // The forwarder reads with a lookup-only codec of its own: the schema comes from the registry once.
    codec = AvroWireCodec.forDqEvents(registry, RegistrationMode.LOOKUP_ONLY);
    decoder = new EventDecoder(codec);
    clock = new MutableClock(DETECTED_AT);
    deduplicator = new Deduplicator(Duration.ofSeconds(1), 1_000_000, clock, new SimpleMeterRegistry());
    grouper = new EventGrouper<>(new GroupingSettings(GroupingMode.valueOf(mode), GroupingSettings.DEFAULT_GROUP_BY,
        Duration.ZERO, 50), clock);
    Clock renderClock = Clock.fixed(DETECTED_AT.plusSeconds(60), ZoneOffset.UTC);
    renderer = new DatadogEventRenderer(RenderSettings.defaults());
    backfillBefore = renderClock.instant().minus(Duration.ofHours(1));
  }

  /** decode → dedupe → group → render, as {@code NotificationPipeline.process} orders them. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void hotPath(Blackhole blackhole) {
    for (int i = 0; i < BATCH; i++) {
      int index = advance();
      EventDecoder.Decoded decoded = decoder.decode(values[index]);
      DqEvent event = ((EventDecoder.Decoded.Event) decoded).event();
      if (!deduplicator.firstSeen(partitions[index], event.getEventId(), clock.instant())) {
        blackhole.consume(event);
        continue;
      }
      render(grouper.add(event, event, event.getDetectedAt().isBefore(backfillBefore)), blackhole);
    }
    render(grouper.due(), blackhole);
  }

  /** The Confluent wire-format codec alone: the floor of any consumer of the outbox. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void codecOnly(Blackhole blackhole) {
    for (int i = 0; i < BATCH; i++) {
      blackhole.consume(codec.decode(values[advance()]));
    }
  }

  private int advance() {
    int index = next;
    next = (next + 1) & (RING - 1);
    if (next == 0) {
      clock.advance(Duration.ofSeconds(2)); // a new pass: every id has left the 1 s horizon
    }
    return index;
  }

  private void render(List<Grouped<DqEvent>> notifications, Blackhole blackhole) {
    for (Grouped<DqEvent> grouped : notifications) {
      for (DatadogEvent event : renderer.render(grouped.notification())) {
        blackhole.consume(event);
      }
    }
  }
}
