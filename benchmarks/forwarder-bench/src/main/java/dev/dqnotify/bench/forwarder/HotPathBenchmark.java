package dev.dqnotify.bench.forwarder;

import dev.dqnotify.forwarder.consume.Handoff;
import dev.dqnotify.forwarder.consume.OffsetTracker;
import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.deliver.EventSink;
import dev.dqnotify.forwarder.deliver.FinalOutcome;
import dev.dqnotify.forwarder.dlq.DeadLetterSink;
import dev.dqnotify.forwarder.filter.EventScreen;
import dev.dqnotify.forwarder.filter.SilenceSummaries;
import dev.dqnotify.forwarder.filter.Silences;
import dev.dqnotify.forwarder.group.EventGrouper;
import dev.dqnotify.forwarder.group.GroupingMode;
import dev.dqnotify.forwarder.group.GroupingSettings;
import dev.dqnotify.forwarder.pipeline.NotificationPipeline;
import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.forwarder.render.DatadogEventRenderer;
import dev.dqnotify.forwarder.render.RenderSettings;
import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import dev.dqnotify.forwarder.telemetry.MeterRegistries;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The forwarder's hot path on one thread, records per second: the forwarder's own {@link
 * NotificationPipeline} (decode → filter → dedupe → silences → group → render → sink, each record's
 * offset ticket completed through the {@link Handoff} as the consumer thread does), with a sink that
 * accepts every event at once instead of Datadog; and the codec alone as the reference. No Kafka and
 * no HTTP: those are measured by the delivery-rate scenario. Metrics go to the forwarder's own
 * registries (Prometheus), as in production.
 *
 * <p>A ring of {@value #RING} pre-encoded records is replayed, each as a new {@link ConsumerRecord}
 * with the next offset of its partition (what the consumer hands the pipeline). The dedupe horizon
 * is 1 s on a clock moved 2 s per pass of the ring, and records are stamped with that clock, so every
 * record is new again on the next pass and the dedupe state stays at its steady size (each record
 * expires one id and adds one), as in a long run. DIGEST mode uses {@code group.wait} 0 and ticks
 * the pipeline after every batch of {@value #BATCH} records (about 3 events per digest with the
 * default group-by), so rendering stays in the measurement.
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
  private static final String TOPIC = "dq-events";

  /** PER_EVENT or DIGEST. */
  @Param({"PER_EVENT", "DIGEST"})
  public String mode;

  private byte[][] values;
  private TopicPartition[] partitions;
  private long[] nextOffset;
  private AvroWireCodec<DqEvent> codec;
  private MutableClock clock;
  private OffsetTracker tracker;
  private Handoff handoff;
  private MeterRegistries registries;
  private AcceptingSink sink;
  private NotificationPipeline pipeline;
  private int next;

  /** Takes every event as accepted at once, handing it to the benchmark's blackhole. */
  private static final class AcceptingSink implements EventSink {
    private static final CompletableFuture<FinalOutcome> ACCEPTED =
        CompletableFuture.completedFuture(new FinalOutcome.Delivered("bench", 1));
    Blackhole blackhole;

    @Override
    public CompletableFuture<FinalOutcome> submit(DatadogEvent event) {
      blackhole.consume(event);
      return ACCEPTED;
    }

    @Override
    public boolean saturated() {
      return false;
    }
  }

  /** Encodes the ring and builds the pipeline from the forwarder's stage classes, as its assembly does. */
  @Setup
  public void setUp() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    List<byte[]> encoded = BenchEvents.encoded(AvroWireCodec.forDqEvents(registry), "hot-path", RING, DETECTED_AT);
    values = encoded.toArray(byte[][]::new);
    partitions = new TopicPartition[RING];
    for (int i = 0; i < RING; i++) {
      // The outbox is keyed by store id; any stable spread over the partitions does here.
      partitions[i] = new TopicPartition(TOPIC, (i % BenchEvents.STORES) % PARTITIONS);
    }
    nextOffset = new long[PARTITIONS];
    // The forwarder reads with a lookup-only codec of its own: the schema comes from the registry once.
    codec = AvroWireCodec.forDqEvents(registry, RegistrationMode.LOOKUP_ONLY);
    clock = new MutableClock(DETECTED_AT);
    tracker = new OffsetTracker(clock);
    for (int p = 0; p < PARTITIONS; p++) {
      tracker.assign(new TopicPartition(TOPIC, p));
    }
    handoff = new Handoff();
    registries = MeterRegistries.create(Optional.empty(), Optional.empty());
    sink = new AcceptingSink();
    GroupingSettings grouping = new GroupingSettings(GroupingMode.valueOf(mode), GroupingSettings.DEFAULT_GROUP_BY,
        Duration.ZERO, 50);
    pipeline = new NotificationPipeline(new EventDecoder(codec),
        new EventScreen(Severity.INFO, EventScreen.Selection.all()),
        new Deduplicator(Duration.ofSeconds(1), 1_000_000, clock, registries.meters()), null,
        new Silences(List.of(), clock), new SilenceSummaries(List.of(), clock), new EventGrouper<>(grouping, clock),
        new DatadogEventRenderer(RenderSettings.defaults()), sink,
        DeadLetterSink.keptInPlace("dq-events-dlq"), tracker, handoff,
        new ForwarderMetrics(registries.meters(), clock),
        new NotificationPipeline.Settings(Optional.of(Duration.ofHours(1)), Duration.ofSeconds(5), true,
            record -> new TopicPartition(record.topic(), record.partition())),
        NotificationPipeline.OutcomeListener.NONE, clock);
  }

  /** Checks that every record of the run reached its terminal outcome: the pipeline did all its work. */
  @TearDown
  public void tearDown() {
    pipeline.flush();
    handoff.runPending();
    int unfinished = tracker.pending();
    registries.close();
    if (unfinished != 0) {
      throw new IllegalStateException(unfinished + " records did not reach a terminal outcome");
    }
  }

  /** Records through {@code NotificationPipeline.process}, then a tick and the hand-off, as the consumer loop runs them. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void hotPath(Blackhole blackhole) {
    sink.blackhole = blackhole;
    for (int i = 0; i < BATCH; i++) {
      int index = advance();
      TopicPartition partition = partitions[index];
      long offset = nextOffset[partition.partition()]++;
      ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, partition.partition(), offset,
          clock.millis(), TimestampType.CREATE_TIME, 0, values[index].length, null, values[index], new RecordHeaders(),
          Optional.empty());
      blackhole.consume(pipeline.process(record, tracker.track(partition, offset)));
    }
    pipeline.tick();
    handoff.runPending();
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
}
