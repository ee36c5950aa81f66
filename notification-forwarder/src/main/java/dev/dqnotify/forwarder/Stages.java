package dev.dqnotify.forwarder;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.forwarder.consume.Handoff;
import dev.dqnotify.forwarder.consume.OffsetTracker;
import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.forwarder.dedupe.Deduplicator;
import dev.dqnotify.forwarder.dedupe.DeliveredIds;
import dev.dqnotify.forwarder.dedupe.SeenIdsReader;
import dev.dqnotify.forwarder.deliver.ApiKeySource;
import dev.dqnotify.forwarder.deliver.DatadogEventsClient;
import dev.dqnotify.forwarder.deliver.DeliveryTelemetry;
import dev.dqnotify.forwarder.deliver.EventSink;
import dev.dqnotify.forwarder.deliver.RetryingDeliverer;
import dev.dqnotify.forwarder.deliver.TokenBucket;
import dev.dqnotify.forwarder.dlq.DeadLetterEntry;
import dev.dqnotify.forwarder.dlq.DeadLetterPublisher;
import dev.dqnotify.forwarder.dlq.DeadLetterReader;
import dev.dqnotify.forwarder.dlq.DeadLetterSink;
import dev.dqnotify.forwarder.filter.EventScreen;
import dev.dqnotify.forwarder.filter.Silence;
import dev.dqnotify.forwarder.filter.SilenceSummaries;
import dev.dqnotify.forwarder.filter.Silences;
import dev.dqnotify.forwarder.group.EventGrouper;
import dev.dqnotify.forwarder.pipeline.NotificationPipeline;
import dev.dqnotify.forwarder.render.DatadogEventRenderer;
import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import dev.dqnotify.forwarder.telemetry.MeterRegistries;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's assembly: builds, from one configuration, the stages and clients that the live
 * forwarder, a replay and a redrive share, so the three wire the same pipeline the same way. Each
 * part is built on first use — a dry run never needs the API key, {@code dlq list} never starts a
 * Datadog client — and {@link #close()} closes what was built, last built first.
 *
 * <p>Not thread-safe: one thread assembles.
 */
public final class Stages implements AutoCloseable {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(Stages.class);
  private static final Duration REBUILD_RETRY = Duration.ofSeconds(2);

  private final ForwarderConfig config;
  private final Map<String, String> environment;
  private final Clock clock;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private MeterRegistries registries;
  private ForwarderMetrics metrics;
  private EventDecoder decoder;
  private DatadogEventsClient client;
  private DeadLetterPublisher deadLetters;

  /**
   * @param environment the process environment, for {@code DD_API_KEY}
   * @param clock the one source of time for every stage
   */
  Stages(ForwarderConfig config, Map<String, String> environment, Clock clock) {
    this.config = config;
    this.environment = environment;
    this.clock = clock;
  }

  public ForwarderConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  /** Where every stage registers its meters: Prometheus, and DogStatsD when configured. */
  public MeterRegistry registry() {
    return registries().meters();
  }

  /** The Prometheus registry behind {@code /metrics}, holding every meter of {@link #registry()}. */
  public PrometheusMeterRegistry prometheus() {
    return registries().prometheus();
  }

  private MeterRegistries registries() {
    if (registries == null) {
      registries = MeterRegistries.create(config.dogstatsd(), config.env());
      resources.push(registries);
    }
    return registries;
  }

  public ForwarderMetrics metrics() {
    if (metrics == null) {
      metrics = new ForwarderMetrics(registry(), clock);
    }
    return metrics;
  }

  public EventDecoder decoder() {
    if (decoder == null) {
      SchemaRegistryClient schemaRegistry = new SchemaRegistryClient(config.schemaRegistry());
      // The forwarder only reads: it must never register a schema under the outbox's subject.
      decoder = new EventDecoder(AvroWireCodec.forDqEvents(schemaRegistry, RegistrationMode.LOOKUP_ONLY));
    }
    return decoder;
  }

  /** The first filter: the configured minimum severity, and {@code selection}. */
  public EventScreen screen(EventScreen.Selection selection) {
    return new EventScreen(config.minSeverity(), selection);
  }

  /** Dedupe state remembering ids for {@code horizon} (the configured one, or longer for a replay). */
  public Deduplicator deduplicator(Duration horizon) {
    return new Deduplicator(horizon, config.dedupeMaxEntries(), clock, registry());
  }

  /** A reader of seen ids from the outbox, keeping the ids {@code eventIdOf} returns. */
  public SeenIdsReader seenIds(Function<ConsumerRecord<byte[], byte[]>, Optional<String>> eventIdOf) {
    SeenIdsReader reader = new SeenIdsReader(() -> rangeConsumer("dq-forwarder-dedupe-rebuild"), eventIdOf,
        REBUILD_RETRY, config.dedupeMaxEntries());
    resources.push(reader);
    return reader;
  }

  public <T> EventGrouper<T> grouper() {
    return new EventGrouper<>(config.grouping(), clock);
  }

  public DatadogEventRenderer renderer() {
    return new DatadogEventRenderer(config.rendering());
  }

  /**
   * The Datadog client, with the key from {@code DD_API_KEY} or {@code datadog.api-key-file}.
   *
   * @throws ConfigException when no key is configured
   */
  public DatadogEventsClient datadogClient() {
    if (client == null) {
      ApiKeySource apiKey;
      try {
        apiKey = ApiKeySource.fromEnvOrFile(environment, config.apiKeyFile());
      } catch (IllegalStateException | IllegalArgumentException e) {
        // The message names the source (DD_API_KEY or the file), never the key.
        throw new ConfigException("datadog.api-key-file", e.getMessage());
      }
      client = new DatadogEventsClient(config.datadogBaseUrl(), apiKey, config.connectTimeout(), config.readTimeout(),
          clock);
      resources.push(client);
    }
    return client;
  }

  /** Delivery to Datadog, at most {@code eventsPerSecond} (else the configured limit, if any). */
  public RetryingDeliverer deliverer(OptionalDouble eventsPerSecond) {
    OptionalDouble rate = eventsPerSecond.isPresent() ? eventsPerSecond : config.eventsPerSecond();
    Optional<TokenBucket> rateLimit = rate.isPresent() ? Optional.of(new TokenBucket(rate.getAsDouble(), clock))
        : Optional.empty();
    RetryingDeliverer deliverer = new RetryingDeliverer(datadogClient(), config.backoff(), config.maxInFlight(),
        rateLimit, config.authProbeInterval(), clock, new DeliveryTelemetry(registry()));
    resources.push(deliverer);
    return deliverer;
  }

  /** Writes dead letters to {@code dlq.topic}. */
  public DeadLetterPublisher deadLetterPublisher() {
    if (deadLetters == null) {
      KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(config),
          new ByteArraySerializer(), new ByteArraySerializer());
      resources.push(() -> producer.close(Duration.ofSeconds(5)));
      deadLetters = new DeadLetterPublisher(producer, config.deadLetterTopic(),
          config.deadLetterBackoff(),
          config.deadLetterMaxRetryTime(), clock);
      resources.push(deadLetters);
    }
    return deadLetters;
  }

  /** The pipeline of one run: the shared stages around the run's own choices. */
  public NotificationPipeline pipeline(EventScreen screen, Deduplicator deduplicator, SeenIdsReader seenIds, EventSink sink,
      DeadLetterSink deadLetterSink, OffsetTracker tracker, Handoff handoff, NotificationPipeline.Settings settings,
      NotificationPipeline.OutcomeListener listener) {
    return new NotificationPipeline(decoder(), screen, deduplicator, seenIds, new Silences(config.silences(), clock),
        new SilenceSummaries(config.silences(), clock), grouper(), renderer(), sink, deadLetterSink, tracker, handoff,
        metrics(), settings, listener, clock);
  }

  /** A reader of {@code dlq.topic}. */
  public DeadLetterReader deadLetterReader() {
    return new DeadLetterReader(() -> rangeConsumer("dq-forwarder-dlq-reader"), config.deadLetterTopic());
  }

  /** A consumer of the forwarder's group. */
  public KafkaConsumer<byte[], byte[]> groupConsumer() {
    return new KafkaConsumer<>(consumerProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A consumer without a group, which assigns and seeks itself and commits nothing; closed by the caller. */
  public KafkaConsumer<byte[], byte[]> rangeConsumer(String clientId) {
    return new KafkaConsumer<>(rangeConsumerProperties(config, clientId), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** A consumer that reads and commits the offsets of {@code groupId} without ever joining it; closed by the caller. */
  public KafkaConsumer<byte[], byte[]> ledgerConsumer(String groupId) {
    Map<String, Object> properties = rangeConsumerProperties(config, groupId);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** An admin client, for reading a group's committed offsets; closed with the stages. */
  /** The live group's committed offsets on the outbox topic; read-only, so the group is never touched. */
  public Map<TopicPartition, Long> committedOffsets() {
    String groupId = config.groupId();
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin().listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach((partition, offset) -> {
        if (offset != null && partition.topic().equals(config.topic())) {
          result.put(partition, offset.offset());
        }
      });
      return result;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read the committed offsets of group " + groupId + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the offsets of group " + groupId, e);
    }
  }

  /**
   * Fills {@code deduplicator} with the ids the live forwarder delivered on {@code partitions}: what
   * it read from {@code since} up to its committed offsets, less what it dead-lettered or silenced.
   * Replay and redrive start from this so they do not post an event twice.
   */
  public void learnDelivered(Deduplicator deduplicator, Map<TopicPartition, Long> committed,
      Set<TopicPartition> partitions, Instant since, Set<DeadLetterEntry.Origin> deadLettered)
      throws InterruptedException {
    Map<TopicPartition, Long> until = new HashMap<>(committed);
    until.keySet().retainAll(partitions);
    until.values().removeIf(offset -> offset <= 0);
    if (until.isEmpty()) {
      return;
    }
    List<Silence> silences = config.silences();
    DeliveredIds delivered = new DeliveredIds(decoder(),
        (partition, offset) -> deadLettered.contains(new DeadLetterEntry.Origin(partition, offset)),
        (event, time) -> Silences.silencedAt(silences, event, time));
    try {
      seenIds(delivered).read(until, since).get().forEach(deduplicator::restore);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not read what the live forwarder delivered: " + e.getCause(), e);
    }
  }

  public Admin admin() {
    Map<String, Object> properties = new HashMap<>(config.kafkaProperties());
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "dq-forwarder-admin");
    Admin admin = Admin.create(properties);
    resources.push(() -> admin.close(Duration.ofSeconds(5)));
    return admin;
  }

  /** Registers something to close with the stages. */
  public void closeLater(AutoCloseable resource) {
    resources.push(resource);
  }

  @Override
  public void close() {
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
    // The pauses for too many pending or uncommitted records are checked between polls: one poll must
    // not blow the bounds by more than itself.
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        Math.min(500, Math.min(config.maxPendingRecords(), config.maxUncommittedRecords())));
    properties.putAll(config.kafkaProperties());
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return properties;
  }

  static Map<String, Object> rebuildConsumerProperties(ForwarderConfig config) {
    return rangeConsumerProperties(config, "dq-forwarder-dedupe-rebuild");
  }

  static Map<String, Object> rangeConsumerProperties(ForwarderConfig config, String clientId) {
    Map<String, Object> properties = new HashMap<>(config.kafkaProperties());
    // Reads a range itself: no group, no membership, nothing committed.
    properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A range starting below the log start (retention passed it) starts at the log start, never at the end.
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Reading (a mistyped dead-letter topic, say) must never create a topic.
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return properties;
  }

  static Map<String, Object> producerProperties(ForwarderConfig config) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "dq-forwarder-dlq");
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    // send() waits this long for a missing topic's metadata or buffer space; the publisher's own
    // thread waits, and retries until dlq.max-retry-time, so a short wait loses nothing.
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    properties.putAll(config.kafkaProperties());
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // A dead letter is the only copy of a record's fate once its offset is committed.
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return properties;
  }
}
