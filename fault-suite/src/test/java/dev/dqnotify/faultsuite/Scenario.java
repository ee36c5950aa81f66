package dev.dqnotify.faultsuite;

import static org.awaitility.Awaitility.await;

import dev.dqnotify.localrun.launch.Children;
import dev.dqnotify.localrun.launch.ForwarderLauncher;
import dev.dqnotify.localrun.launch.IngestJobLauncher;
import dev.dqnotify.localrun.observe.DeliveryLedger;
import dev.dqnotify.localrun.observe.ForwarderTelemetry;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.process.ChildProcess;
import dev.dqnotify.localstack.process.FreePorts;
import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulatedMessage;
import dev.dqnotify.localstack.sensors.StoreFleet;
import dev.dqnotify.localstack.sensors.Thresholds;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One fault scenario: its own topics, consumer group and folder on the shared {@link FaultStack};
 * the forwarder and the ingest job started through local-run's launchers; what reached the
 * simulator, matched to DqEvent ids by local-run's {@link DeliveryLedger}; its figures written on
 * {@link #record}.
 *
 * <p>The forwarder runs with small limits ({@link #MAX_IN_FLIGHT}, {@link #MAX_PENDING}, a capped
 * post rate and a short commit interval), so the duplicates docs/forwarder.md allows per crash
 * ({@link #CRASH_BOUND}) are few enough to be checked, not just counted.
 */
final class Scenario implements AutoCloseable {

  /** {@code deliver.max-in-flight}. */
  static final int MAX_IN_FLIGHT = 4;
  /** {@code consume.max-pending-records}; also caps {@code max.poll.records}. */
  static final int MAX_PENDING = 50;
  /** {@code deliver.events-per-second}. */
  static final int EVENTS_PER_SECOND = 200;
  /** {@code consume.commit-interval}. */
  static final Duration COMMIT_INTERVAL = Duration.ofMillis(250);
  /**
   * What one SIGKILL may post twice, by docs/forwarder.md's duplicates table: the records consumed
   * but not committed (up to {@code consume.max-pending-records}), plus one poll still in flight
   * (at most as many), plus those that finished within the last commit interval (at most the post
   * rate times the interval).
   */
  static final long CRASH_BOUND = MAX_PENDING + MAX_PENDING + EVENTS_PER_SECOND * COMMIT_INTERVAL.toMillis() / 1000;

  private static final Duration FORWARDER_READY = Duration.ofSeconds(60);
  private static final Duration JOB_READY = Duration.ofSeconds(180);
  /** How long a scenario's events may take to reach the simulator once the fault is over. */
  static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(120);

  private final FaultStack suite;
  private final String name;
  private final Path dir;
  private final String rawTopic;
  private final String outboxTopic;
  private final String deadLetterTopic;
  private final Children children = new Children(Duration.ofSeconds(5));
  private final long startedNanos = System.nanoTime();
  private final Map<String, String> forwarderExtras = new LinkedHashMap<>();
  private ChildProcess forwarder;
  private int forwarderPort;
  private int forwarderStarts;
  private ChildProcess secondForwarder;
  private int secondForwarderPort;
  private ChildProcess job;
  private IngestJobLauncher.Setup jobSetup;
  private int jobStarts;
  private int kills;
  private final Set<ChildProcess> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private AvroWireCodec<DqEvent> codec;

  private Scenario(FaultStack suite, String name) {
    this.suite = suite;
    this.name = name;
    this.dir = suite.workDir().resolve("scenarios").resolve(name);
    this.rawTopic = name + ".sensor-raw";
    this.outboxTopic = name + ".dq-events";
    this.deadLetterTopic = name + ".dq-events-dlq";
  }

  /** Creates the scenario's topics (before any producer writes to them: KAFKA-15591) and a clean simulator. */
  static Scenario open(FaultStack suite, String name) {
    Scenario scenario = new Scenario(suite, name);
    LocalStack stack = suite.stack();
    stack.kafka().createTopics(3, scenario.rawTopic, scenario.outboxTopic);
    stack.kafka().createTopics(1, scenario.deadLetterTopic);
    stack.datadog().reset();
    stack.datadog().setApiKey(FaultStack.API_KEY);
    System.out.println("fault-suite: scenario " + name + " (seed " + FaultStack.SEED + ")");
    return scenario;
  }

  String name() {
    return name;
  }

  Path dir() {
    return dir;
  }

  String rawTopic() {
    return rawTopic;
  }

  String outboxTopic() {
    return outboxTopic;
  }

  DatadogSimulator datadog() {
    return suite.stack().datadog();
  }

  LocalStack stack() {
    return suite.stack();
  }

  /** Forwarder settings beyond the scenario's defaults, for the next start. */
  Scenario withForwarderSetting(String key, String value) {
    forwarderExtras.put(key, value);
    return this;
  }

  /** Starts the forwarder (again) and returns once it is ready. */
  ChildProcess startForwarder() {
    forwarderPort = FreePorts.next();
    forwarderStarts++;
    forwarder = launchForwarder(forwarderPort, "forwarder", "forwarder-" + forwarderStarts);
    return forwarder;
  }

  /**
   * Starts a second forwarder in the same group (its own folder, port and log) and returns once it
   * is ready: the group rebalances, and the first one gives up the partitions the second takes.
   */
  ChildProcess startSecondForwarder() {
    secondForwarderPort = FreePorts.next();
    secondForwarder = launchForwarder(secondForwarderPort, "forwarder-2", "second-forwarder");
    return secondForwarder;
  }

  private ChildProcess launchForwarder(int port, String folder, String logName) {
    ForwarderLauncher.Setup setup = new ForwarderLauncher.Setup(stack().kafka().bootstrapServers(),
        stack().schemaRegistry().confluentApiUrl(), datadog().baseUrl(), Optional.of(FaultStack.API_KEY),
        port, "per-event", "fault_suite:" + name, dir.resolve(folder));
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("consume.topic", outboxTopic);
    settings.put("consume.group-id", "fault-suite-" + name);
    settings.put("dlq.topic", deadLetterTopic);
    settings.put("deliver.max-in-flight", Integer.toString(MAX_IN_FLIGHT));
    settings.put("consume.max-pending-records", Integer.toString(MAX_PENDING));
    settings.put("deliver.events-per-second", Integer.toString(EVENTS_PER_SECOND));
    settings.put("consume.commit-interval", COMMIT_INTERVAL.toMillis() + "ms");
    // Faults last seconds here; backoff and probes must not outlast them by much.
    settings.put("deliver.backoff.initial", "100ms");
    settings.put("deliver.backoff.max", "1s");
    settings.put("datadog.read-timeout", "2s");
    settings.put("datadog.auth-probe-interval", "500ms");
    // A killed member holds its partitions until its session times out: keep that short.
    settings.put("kafka.session.timeout.ms", "6000");
    settings.put("kafka.heartbeat.interval.ms", "1000");
    settings.put("shutdown.deadline", "2s");
    settings.putAll(forwarderExtras);
    ChildProcess started = ForwarderLauncher.start(children, suite.artifacts(), setup, settings,
        dir.resolve("logs/" + logName + ".log"));
    ForwarderLauncher.awaitReady(started, port, FORWARDER_READY);
    return started;
  }

  /** The running forwarder's counters. */
  ForwarderTelemetry.Counters forwarderCounters() {
    return new ForwarderTelemetry(forwarderPort).scrape();
  }

  /** The first forwarder's metric {@code name}, summed over the samples whose labels contain {@code labels}. */
  double forwarderMetric(String name, String labels) {
    return metric(forwarderPort, name, labels);
  }

  /** The second forwarder's metric {@code name}, as {@link #forwarderMetric}. */
  double secondForwarderMetric(String name, String labels) {
    return metric(secondForwarderPort, name, labels);
  }

  private static double metric(int port, String name, String labels) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      double sum = 0;
      for (String line : response.body().split("\n")) {
        boolean named = line.startsWith(name + "{") || line.startsWith(name + " ");
        if (named && line.contains(labels)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    } catch (IOException e) {
      throw new UncheckedIOException("The forwarder's /metrics on port " + port + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILLs the forwarder, as a crash or the OOM killer would. */
  void killForwarder() {
    sigkill(forwarder);
  }

  /** Starts the ingest job (again, from its checkpoint) and returns once its query runs. */
  ChildProcess startJob(StoreFleet fleet, Thresholds thresholds) {
    if (jobSetup == null) {
      Path storesCsv = dir.resolve("stores.csv");
      fleet.writeCsv(storesCsv);
      jobSetup = new IngestJobLauncher.Setup(stack().kafka().bootstrapServers(),
          stack().schemaRegistry().confluentApiUrl(), storesCsv, dir.resolve("ingest-job"),
          thresholds.ingestJobSettings(), Duration.ofSeconds(1));
    }
    jobStarts++;
    job = IngestJobLauncher.start(children, suite.artifacts(), jobSetup,
        Map.of("source.topic", rawTopic, "outbox.topic", outboxTopic),
        dir.resolve("logs/ingest-job-" + jobStarts + ".log"));
    IngestJobLauncher.awaitQueryStarted(job, JOB_READY);
    return job;
  }

  /** The ingest job now (null before it started). */
  ChildProcess job() {
    return job;
  }

  /** The forwarder now (null before it started). */
  ChildProcess forwarder() {
    return forwarder;
  }

  /** SIGKILLs the ingest job, which leaves its checkpoint and any open batch as a crash would. */
  void killJob() {
    sigkill(job);
  }

  private void sigkill(ChildProcess child) {
    ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow(() ->
        new IllegalStateException(child.name() + " (pid " + child.pid() + ") is not running; cannot kill it"));
    // ProcessHandle.destroyForcibly is SIGKILL on Linux: no shutdown hook, no final commit.
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    handle.destroyForcibly();
    handle.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    killed.add(child);
    kills++;
    System.out.println("fault-suite: " + name + ": SIGKILL " + child.name() + " (pid " + child.pid() + ")");
  }

  /** Writes DqEvents to the outbox as the job would (Confluent wire format); checks every send; says where each landed. */
  List<RecordMetadata> produceEvents(List<DqEvent> events) {
    return produce(outboxRecords(events), Map.of());
  }

  /**
   * {@link #produceEvents}, each record in a batch of its own, so a consumer reading with a small
   * {@code max.partition.fetch.bytes} gets every partition's records interleaved rather than one
   * partition's batch at a time.
   */
  List<RecordMetadata> produceEventsOneBatchEach(List<DqEvent> events) {
    return produce(outboxRecords(events), Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 1));
  }

  private List<ProducerRecord<byte[], byte[]>> outboxRecords(List<DqEvent> events) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (DqEvent event : events) {
      records.add(new ProducerRecord<>(outboxTopic, event.getEventId().getBytes(StandardCharsets.UTF_8),
          codec().encode(event)));
    }
    return records;
  }

  /** The codec the scenario writes DqEvents with (registers the schema on first use). */
  AvroWireCodec<DqEvent> codec() {
    if (codec == null) {
      codec = AvroWireCodec.forDqEvents(new SchemaRegistryClient(
          SchemaRegistryConfig.of(stack().schemaRegistry().confluentApiUrl())));
    }
    return codec;
  }

  /** Sends records in order and returns where each landed; fails on the first send that fails. */
  List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records) {
    return produce(records, Map.of());
  }

  private List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack().kafka().bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // KAFKA-15591: one request in flight, and every future checked.
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
    config.putAll(overrides);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      records.forEach(record -> sent.add(producer.send(record)));
      producer.flush();
      List<RecordMetadata> metadata = new ArrayList<>();
      for (Future<RecordMetadata> future : sent) {
        metadata.add(future.get(60, TimeUnit.SECONDS));
      }
      return metadata;
    } catch (Exception e) {
      throw new IllegalStateException("Could not write to " + records.get(0).topic() + ": " + e, e);
    }
  }

  /** Sends sensor messages to the scenario's raw topic as fast as Kafka takes them; returns their ground truth. */
  GroundTruth sendSensors(List<SimulatedMessage> messages) {
    try (SensorSimulator sensors = SensorSimulator.connect(stack().kafka().bootstrapServers(), rawTopic, Map.of())) {
      return sensors.send(messages);
    }
  }

  /** Starts the ingest job and the forwarder, the job first: Spark takes longest. */
  void startPipeline() {
    startJob(SensorTraffic.FLEET, SensorTraffic.THRESHOLDS);
    startForwarder();
  }

  /** What reached the simulator so far, matched against {@code ids}. */
  DeliveryLedger ledger(Collection<String> ids) {
    return DeliveryLedger.of(datadog().acceptedEvents(), ids);
  }

  /** How many of {@code ids} reached the simulator so far. */
  int deliveredCount(Collection<String> ids) {
    return ledger(ids).firstDelivered().size();
  }

  /** Waits until at least {@code count} of {@code ids} reached the simulator; fails fast when a child died. */
  void awaitDelivered(Collection<String> ids, int count) {
    await("at least " + count + " of " + ids.size() + " events of " + name + " delivered")
        .atMost(DELIVERY_DEADLINE)
        .pollInterval(Duration.ofMillis(200))
        .failFast("a child process of " + name + " exited", this::aChildDied)
        .until(() -> deliveredCount(ids) >= count);
  }

  /** Waits until every one of {@code ids} reached the simulator. */
  void awaitAllDelivered(Collection<String> ids) {
    awaitDelivered(ids, ids.size());
  }

  private boolean aChildDied() {
    return (forwarder != null && !forwarder.isAlive() && !wasKilled(forwarder))
        || (secondForwarder != null && !secondForwarder.isAlive() && !wasKilled(secondForwarder))
        || (job != null && !job.isAlive() && !wasKilled(job));
  }

  // A child this scenario killed is expected to be gone; one that died by itself is a failure.
  private boolean wasKilled(ChildProcess child) {
    return killed.contains(child);
  }

  /** Every record on the scenario's dead-letter topic, read from its beginning to its current end. */
  List<DeadLetter> deadLetters() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack().kafka().bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(deadLetterTopic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      List<DeadLetter> letters = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + deadLetterTopic + " to its end in 30 s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          Map<String, String> headers = new LinkedHashMap<>();
          for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
          }
          letters.add(new DeadLetter(record.value(), headers));
        }
      }
      return letters;
    }
  }

  /** A record of the dead-letter topic: the original value and the forwarder's headers. */
  record DeadLetter(byte[] value, Map<String, String> headers) {
    /** The outbox position it was read from, {@code partition@offset}. */
    String origin() {
      return headers.get("dqnotify.errors.partition") + "@" + headers.get("dqnotify.errors.offset");
    }
  }

  /**
   * Computes the scenario's figures for the DqEvents {@code ids} that must reach Datadog, writes
   * them to {@code target/reliability/<scenario>.json} and returns them.
   *
   * @param duplicateBound duplicates allowed by the guarantees for the faults injected
   * @param expectedDeadLetters records that must be dead-lettered (garbage), 0 otherwise
   */
  Figures record(String fault, Set<String> ids, long duplicateBound, int expectedDeadLetters) {
    DeliveryLedger ledger = ledger(ids);
    int delivered = ledger.firstDelivered().size();
    List<DeadLetter> letters = deadLetters();
    Figures figures = new Figures(name, fault, FaultStack.SEED, ids.size(), delivered, ids.size() - delivered,
        ledger.duplicates(), duplicateBound, letters.size(), expectedDeadLetters, kills,
        Duration.ofNanos(System.nanoTime() - startedNanos).toMillis());
    figures.write(suite.reliabilityDir());
    System.out.println("fault-suite: " + figures);
    return figures;
  }

  /** Stops what the scenario started (the forwarder before the job). */
  @Override
  public void close() {
    children.close();
  }
}
