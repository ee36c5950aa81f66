package dev.dqnotify.forwarder;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.forwarder.consume.Handoff;
import dev.dqnotify.forwarder.consume.OffsetTracker;
import dev.dqnotify.forwarder.consume.OutboxConsumer;
import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.dedupe.SeenIdsReader;
import dev.dqnotify.forwarder.deliver.ApiKeySource;
import dev.dqnotify.forwarder.deliver.BackoffPolicy;
import dev.dqnotify.forwarder.deliver.DatadogEventsClient;
import dev.dqnotify.forwarder.deliver.DeadLetterPublisher;
import dev.dqnotify.forwarder.deliver.RetryingDeliverer;
import dev.dqnotify.forwarder.group.EventGrouper;
import dev.dqnotify.forwarder.render.DatadogEventRenderer;
import dev.dqnotify.forwarder.telemetry.DatadogReadiness;
import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import dev.dqnotify.forwarder.telemetry.TelemetryServer;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running forwarder, and the one place where its stages are built and wired: consume → decode →
 * dedupe → group → render → deliver, the dead-letter topic, and telemetry. {@link #close()} shuts
 * it down the way SIGTERM does.
 */
public final class Forwarder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
  private static final Duration READINESS_CACHE = Duration.ofSeconds(15);
  private static final Duration REBUILD_RETRY = Duration.ofSeconds(2);

  private final ForwarderConfig config;
  private final PrometheusMeterRegistry registry;
  private final ForwarderMetrics metrics;
  private final OutboxConsumer consumer;
  private final RetryingDeliverer deliverer;
  private final DeadLetterPublisher deadLetters;
  private final TelemetryServer telemetry;
  private final Deque<AutoCloseable> resources;
  private boolean closed;

  private Forwarder(ForwarderConfig config, PrometheusMeterRegistry registry, ForwarderMetrics metrics,
      OutboxConsumer consumer, RetryingDeliverer deliverer, DeadLetterPublisher deadLetters, TelemetryServer telemetry,
      Deque<AutoCloseable> resources) {
    this.config = config;
    this.registry = registry;
    this.metrics = metrics;
    this.consumer = consumer;
    this.deliverer = deliverer;
    this.deadLetters = deadLetters;
    this.telemetry = telemetry;
    this.resources = resources;
  }

  /**
   * Builds every stage and starts consuming.
   *
   * @param environment the process environment, for {@code DD_API_KEY}
   * @throws ConfigException when no Datadog API key is configured
   */
  public static Forwarder start(ForwarderConfig config, Map<String, String> environment, Clock clock) {
    ApiKeySource apiKey;
    try {
      apiKey = ApiKeySource.fromEnvOrFile(environment, config.apiKeyFile());
    } catch (IllegalStateException | IllegalArgumentException e) {
      // The message names the source (DD_API_KEY or the file), never the key.
      throw new ConfigException("datadog.api-key-file", e.getMessage());
    }
    Deque<AutoCloseable> resources = new ArrayDeque<>(); // closed last-built first
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      config.env().ifPresent(env -> registry.config().commonTags("env", env));
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      ForwarderMetrics metrics = new ForwarderMetrics(registry);

      SchemaRegistryClient schemaRegistry = new SchemaRegistryClient(config.schemaRegistry());
      // The forwarder only reads: it must never register a schema under the outbox's subject.
      EventDecoder decoder = new EventDecoder(AvroWireCodec.forDqEvents(schemaRegistry, RegistrationMode.LOOKUP_ONLY));
      Deduplicator deduplicator = new Deduplicator(config.dedupeHorizon(), config.dedupeMaxEntries(), clock, registry);
      SeenIdsReader seenIds = new SeenIdsReader(() -> new KafkaConsumer<>(rebuildConsumerProperties(config),
          new ByteArrayDeserializer(), new ByteArrayDeserializer()), decoder::eventId, REBUILD_RETRY);
      resources.push(seenIds);
      EventGrouper grouper = new EventGrouper(config.grouping(), clock);
      DatadogEventRenderer renderer = new DatadogEventRenderer(config.rendering(), clock);
      DatadogEventsClient client = new DatadogEventsClient(config.datadogBaseUrl(), apiKey, config.connectTimeout(),
          config.readTimeout(), clock);
      resources.push(client);
      RetryingDeliverer deliverer = new RetryingDeliverer(client, config.backoff(), config.maxInFlight(),
          config.eventsPerSecond(), config.authProbeInterval(), clock, registry);
      resources.push(deliverer);
      KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(config),
          new ByteArraySerializer(), new ByteArraySerializer());
      resources.push(() -> producer.close(Duration.ofSeconds(5)));
      DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, config.deadLetterTopic(),
          new BackoffPolicy(config.deadLetterRetryBackoff(), Duration.ofSeconds(30), 2.0, 0.2));
      resources.push(deadLetters);

      OffsetTracker tracker = new OffsetTracker();
      Handoff handoff = new Handoff();
      NotificationPipeline pipeline = new NotificationPipeline(decoder, deduplicator, seenIds, grouper, renderer,
          deliverer, deadLetters, tracker, handoff, metrics,
          new NotificationPipeline.Settings(config.minSeverity(), config.backfillAfter(),
              config.schemaRegistryRetryInterval()), clock);
      KafkaConsumer<byte[], byte[]> kafkaConsumer = new KafkaConsumer<>(consumerProperties(config),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());
      OutboxConsumer consumer = new OutboxConsumer(kafkaConsumer, config.topic(), tracker, handoff, pipeline,
          new OutboxConsumer.Settings(config.maxPendingRecords(), config.commitInterval(), config.revokeGrace(),
              config.shutdownDeadline()), clock, metrics);

      DatadogReadiness datadogReadiness = new DatadogReadiness(client::validate, deliverer::health, READINESS_CACHE,
          clock);
      TelemetryServer telemetry = TelemetryServer.start(config.httpPort(), registry::scrape, consumer::isRunning,
          () -> List.of(consumerCheck(consumer), datadogReadiness.check()));
      resources.push(telemetry);

      consumer.start();
      log.info("dq-forwarder consuming {} as group {}; Datadog at {}; dead letters to {}", config.topic(),
          config.groupId(), config.datadogBaseUrl(), config.deadLetterTopic());
      return new Forwarder(config, registry, metrics, consumer, deliverer, deadLetters, telemetry, resources);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static TelemetryServer.Check consumerCheck(OutboxConsumer consumer) {
    if (!consumer.isRunning()) {
      return new TelemetryServer.Check("consumer", false, "the consumer is not running");
    }
    if (!consumer.hasJoined()) {
      return new TelemetryServer.Check("consumer", false, "waiting for the group to assign partitions");
    }
    return new TelemetryServer.Check("consumer", true, consumer.assignedPartitions() + " partition(s) assigned");
  }

  /** Completes when the consumer ended: normally after {@link #close()}, exceptionally if it failed. */
  public CompletableFuture<Void> terminated() {
    return consumer.terminated();
  }

  /** The port of {@code /metrics}, {@code /health} and {@code /ready}. */
  public int telemetryPort() {
    return telemetry.port();
  }

  /** The metrics registry (Prometheus). */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /** How many partitions this instance owns now. */
  public int assignedPartitions() {
    return consumer.assignedPartitions();
  }

  /** The consumer-side metrics. */
  public ForwarderMetrics metrics() {
    return metrics;
  }

  /**
   * Shuts down as on SIGTERM: no new records, work in flight gets {@code shutdown.deadline}, what is
   * terminal is committed, then everything is closed. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumer.stop();
    try {
      consumer.terminated().get(config.shutdownDeadline().plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.error("The consumer did not stop within the shutdown deadline; closing anyway");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("The consumer had failed before shutdown", e);
    }
    // The consumer gave in-flight work its deadline already; whatever is left is abandoned uncommitted.
    deliverer.close(Duration.ZERO);
    deadLetters.close(Duration.ZERO);
    closeAll(resources);
    log.info("dq-forwarder stopped");
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Closing {} failed: {}", resource, e.toString());
      }
    }
  }

  static Map<String, Object> consumerProperties(ForwarderConfig config) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "dq-forwarder");
    // An outbox must not skip what was written before the group first started.
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Cooperative: a member joining or leaving moves only the partitions that change owner.
    properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    // The pause for too many pending records is checked between polls: one poll must not blow the bound.
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(500, config.maxPendingRecords()));
    properties.putAll(config.kafkaProperties());
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return properties;
  }

  static Map<String, Object> rebuildConsumerProperties(ForwarderConfig config) {
    Map<String, Object> properties = new HashMap<>(config.kafkaProperties());
    // Reads a range itself: no group, no membership, nothing committed.
    properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "dq-forwarder-dedupe-rebuild");
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return properties;
  }

  static Map<String, Object> producerProperties(ForwarderConfig config) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "dq-forwarder-dlq");
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    properties.putAll(config.kafkaProperties());
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // A dead letter is the only copy of a record's fate once its offset is committed.
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return properties;
  }
}
