package dev.dqnotify.bench.ingest;

import dev.dqnotify.bench.Plots;
import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.bench.Stats;
import dev.dqnotify.ingest.IngestJob;
import dev.dqnotify.ingest.IngestJobConfig;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Scenario 5: notification latency, raw message produced → Datadog request received, per grouping
 * mode. The sensor simulator sends live traffic with situations; the ingest job runs with a
 * processing-time trigger; one forwarder per grouping mode (child processes from the distribution,
 * each its own consumer group, each tagging its events {@code bench_mode:<mode>}) reads the same
 * outbox, so the modes are measured side by side on the same DqEvents.
 *
 * <p>Matching: each Datadog event names its DqEvent ids in its text (the single event's id, every id
 * of a digest); each DqEvent names its raw record ({@code source} topic/partition/offset), whose
 * Kafka timestamp is the producer's send time (the simulator sets none, so the producer stamps it).
 * A DqEvent's latency is the first receipt of a Datadog event carrying its id minus that timestamp.
 */
final class LatencyScenario {

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final String MODE_TAG = "bench_mode:";

  /** A grouping mode as the forwarder is configured for it. */
  record Mode(String label, String groupMode, Duration groupWait) {}

  private LatencyScenario() {}

  static ScenarioResult run(SparkSession spark, LocalStack stack, Path dir, Path plots, boolean quick)
      throws Exception {
    List<Duration> triggers = quick ? List.of(Duration.ofSeconds(1)) : List.of(Duration.ofSeconds(10),
        Duration.ofSeconds(2));
    List<Mode> modes = quick
        ? List.of(new Mode("per-event", "per-event", Duration.ZERO), new Mode("digest 1s", "digest", Duration.ofSeconds(1)))
        : List.of(new Mode("per-event", "per-event", Duration.ZERO),
            new Mode("digest 10s", "digest", Duration.ofSeconds(10)),
            new Mode("digest 2s", "digest", Duration.ofSeconds(2)));
    Duration warmUp = Duration.ofSeconds(quick ? 6 : 15);
    Duration sending = Duration.ofSeconds(quick ? 4 : 90);
    double rate = quick ? 25 : 100;
    ScenarioResult result = new ScenarioResult("latency", "5. Notification latency (raw message produced → Datadog "
        + "request received)", quick)
        .parameter("inputMessagesPerSecond", rate).parameter("sending", sending)
        .parameter("triggers", triggers.stream().map(d -> d.toSeconds() + " s").toList())
        .parameter("modes", modes.stream().map(Mode::label).toList())
        .parameter("situations", "about 4.5 % of messages (Plans.faults of 3× the message count)")
        .columns("trigger s", "grouping", "DqEvents", "p50 ms", "p95 ms", "p99 ms", "max ms", "raw→outbox p50 ms",
            "outbox→Datadog p50 ms", "not delivered");
    Path launcher = ForwarderProcess.distribution().orElseThrow(() -> new IllegalStateException(
        "scenario latency needs the forwarder's distribution: ./mvnw -pl notification-forwarder -am install -DskipTests"));
    List<Plots.Series> series = new ArrayList<>();
    for (Duration trigger : triggers) {
      StoreFleet fleet = StoreFleet.generate(5, 4);
      Instant t0 = Instant.now().plus(warmUp);
      int messages = (int) (rate * sending.toSeconds());
      SimulationPlan plan = SimulationPlan.builder(fleet).live(t0, rate, sending).thresholds(Plans.RULES)
          .faults(Plans.faults(messages * 3)).seed(21).build();
      RawInput input = new RawInput(stack, dir.resolve("trigger-" + trigger.toSeconds() + "s"), "latency", plan);
      IngestJobConfig config = input.config(Map.of("trigger.mode", "PROCESSING_TIME", "trigger.interval",
          trigger.toMillis() + "ms"));
      stack.datadog().reset();
      List<ForwarderProcess> forwarders = new ArrayList<>();
      StreamingQuery query = null;
      Map<String, Outboxed> outbox;
      try {
        for (Mode mode : modes) {
          forwarders.add(ForwarderProcess.start(launcher, forwarderSettings(stack, input, mode), LocalStack.SIMULATOR_API_KEY,
              input.dir().resolve("forwarder-" + mode.label().replace(' ', '-') + ".log")));
        }
        query = IngestJob.start(spark, config);
        try (SensorSimulator sensors = SensorSimulator.connect(stack.kafka().bootstrapServers(), input.rawTopic(),
            Map.of())) {
          CompletableFuture<?> sends = CompletableFuture.runAsync(() ->
              sensors.send(plan.messages(), SensorSimulator.Pacer.realTime(Clock.systemUTC()),
                  SensorSimulator.Progress.NONE));
          sends.join();
        }
        // Wait until every mode delivered every DqEvent, or for the longest the pipeline should take.
        Duration longestWait = modes.stream().map(Mode::groupWait).max(Duration::compareTo).orElseThrow();
        Instant deadline = Instant.now().plus(trigger.multipliedBy(2)).plus(longestWait).plusSeconds(quick ? 15 : 40);
        Thread.sleep(trigger.plus(longestWait).toMillis());
        do {
          Thread.sleep(1_000);
          outbox = readOutbox(stack, input.outboxTopic());
        } while (!allDelivered(outbox, stack.datadog().acceptedEvents(), modes) && Instant.now().isBefore(deadline));
      } finally {
        if (query != null) {
          query.stop();
        }
        for (ForwarderProcess forwarder : forwarders) {
          forwarder.close();
        }
      }
      Map<String, Long> producedAt = rawTimestamps(stack, input.rawTopic());
      List<ReceivedEvent> accepted = stack.datadog().acceptedEvents();
      for (Mode mode : modes) {
        Map<String, Instant> first = firstReceipts(accepted, mode, outbox);
        List<Long> total = new ArrayList<>();
        List<Long> jobShare = new ArrayList<>();
        List<Long> forwarderShare = new ArrayList<>();
        int unsourced = 0;
        int missing = 0;
        for (Outboxed o : outbox.values()) {
          Long produced = o.event().getSource() == null ? null : producedAt.get(position(o.event().getSource()
              .getPartition(), o.event().getSource().getOffset()));
          if (produced == null) {
            unsourced++;
            continue;
          }
          Instant received = first.get(o.event().getEventId());
          if (received == null) {
            missing++;
            continue;
          }
          total.add(received.toEpochMilli() - produced);
          jobShare.add(o.writtenAt() - produced);
          forwarderShare.add(received.toEpochMilli() - o.writtenAt());
        }
        result.row(trigger.toSeconds(), mode.label(), total.size(), Math.round(Stats.median(total)),
            Math.round(Stats.percentile(total, 95)), Math.round(Stats.percentile(total, 99)),
            total.stream().mapToLong(Long::longValue).max().orElse(0), Math.round(Stats.median(jobShare)),
            Math.round(Stats.median(forwarderShare)), missing);
        if (unsourced > 0) {
          result.note("trigger " + trigger.toSeconds() + " s, " + mode.label() + ": " + unsourced
              + " DqEvents without a raw record (no source position) left out");
        }
        List<Double> x = total.stream().sorted().map(ms -> ms / 1000.0).toList();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
          y.add((i + 1) / (double) x.size());
        }
        if (!x.isEmpty()) {
          series.add(new Plots.Series("trigger " + trigger.toSeconds() + " s, " + mode.label(), x, y, false));
        }
        if (mode.label().equals("per-event")) {
          result.summary("p50 / p95 / p99 ms, per-event, trigger " + trigger.toSeconds() + " s",
              Math.round(Stats.median(total)) + " / " + Math.round(Stats.percentile(total, 95)) + " / "
                  + Math.round(Stats.percentile(total, 99)));
        }
      }
    }
    Path plot = Plots.line(plots.resolve("latency-cdf.png"), "Notification latency: raw message produced → Datadog "
        + "request received", "latency s", "fraction of DqEvents", false, false, series);
    return result.plot(plot.toString())
        .note("The ingest job's trigger interval dominates: a record waits up to one interval for its micro-batch, then "
            + "the batch's own duration, before its DqEvent is in the outbox (raw→outbox); digest mode then adds up "
            + "to group.wait.")
        .note("All grouping modes read the same outbox at the same time (one forwarder child process each, own "
            + "consumer group), so they are compared on the same DqEvents; the job's default trigger is 10 s.")
        .note("Produced = the raw record's Kafka timestamp (producer time); received = the Datadog simulator's "
            + "receipt time of the first event naming the DqEvent id. Datadog latency 0 (simulator default).");
  }

  /** A DqEvent as the outbox holds it, with the Kafka timestamp of its first copy. */
  record Outboxed(DqEvent event, long writtenAt) {}

  private static Map<String, String> forwarderSettings(LocalStack stack, RawInput input, Mode mode) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("consume.bootstrap-servers", stack.kafka().bootstrapServers());
    settings.put("consume.topic", input.outboxTopic());
    settings.put("consume.group-id", "bench-" + input.outboxTopic() + "-" + mode.label().replace(' ', '-'));
    settings.put("dlq.topic", input.outboxTopic());
    settings.put("schema-registry.url", stack.schemaRegistry().confluentApiUrl());
    settings.put("datadog.site", stack.datadog().baseUrl());
    settings.put("datadog.allow-plain-http", "true"); // the simulator speaks http
    settings.put("telemetry.http-port", "0");
    settings.put("group.mode", mode.groupMode());
    if (mode.groupMode().equals("digest")) {
      settings.put("group.wait", mode.groupWait().toMillis() + "ms");
    }
    settings.put("render.extra-tags", MODE_TAG + mode.label().replace(' ', '-'));
    return settings;
  }

  private static boolean allDelivered(Map<String, Outboxed> outbox, List<ReceivedEvent> accepted, List<Mode> modes) {
    if (outbox.isEmpty()) {
      return false;
    }
    return modes.stream().allMatch(m -> firstReceipts(accepted, m, outbox).keySet().containsAll(outbox.keySet()));
  }

  /** When each DqEvent id first reached Datadog through the forwarder of {@code mode}. */
  private static Map<String, Instant> firstReceipts(List<ReceivedEvent> accepted, Mode mode,
      Map<String, Outboxed> outbox) {
    String tag = MODE_TAG + mode.label().replace(' ', '-');
    Map<String, Instant> first = new HashMap<>();
    for (ReceivedEvent event : accepted) {
      if (!event.tags().contains(tag)) {
        continue;
      }
      Matcher ids = UUID.matcher(event.text() == null ? "" : event.text());
      while (ids.find()) {
        if (outbox.containsKey(ids.group())) {
          first.merge(ids.group(), event.receivedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
      }
    }
    return first;
  }

  private static String position(int partition, long offset) {
    return partition + "@" + offset;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(LocalStack stack, String topic) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /** Every record of {@code topic} now, from its beginning to its end. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(LocalStack stack, String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack, topic)) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
      Instant deadline = Instant.now().plusSeconds(30);
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
          && Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static Map<String, Long> rawTimestamps(LocalStack stack, String topic) {
    Map<String, Long> at = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(stack, topic)) {
      at.put(position(r.partition(), r.offset()), r.timestamp());
    }
    return at;
  }

  private static Map<String, Outboxed> readOutbox(LocalStack stack, String topic) {
    AvroWireCodec<DqEvent> codec = AvroWireCodec.forDqEvents(
        new SchemaRegistryClient(SchemaRegistryConfig.of(stack.schemaRegistry().confluentApiUrl())),
        RegistrationMode.LOOKUP_ONLY);
    Map<String, Outboxed> events = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(stack, topic)) {
      if (r.value() == null) {
        continue;
      }
      DqEvent event;
      try {
        event = codec.decode(r.value());
      } catch (RuntimeException e) {
        continue; // not a DqEvent (the forwarder's dead letters share this topic here)
      }
      events.putIfAbsent(event.getEventId(), new Outboxed(event, r.timestamp()));
    }
    return events;
  }
}
