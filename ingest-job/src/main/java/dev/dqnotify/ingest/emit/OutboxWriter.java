package dev.dqnotify.ingest.emit;

import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes situations to the outbox topic as {@link DqEvent}s in the Confluent wire format, keyed by
 * store, from the driver. The schema is registered once, at start-up; events are encoded with the
 * registered id without calling the registry again.
 *
 * <p>Delivery is at least once: a micro-batch that is re-run writes its events again, with the same
 * deterministic ids, and the forwarder notifies each id once.
 */
public final class OutboxWriter implements Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(OutboxWriter.class);

  private final DqEventFactory factory;
  private final RegisteredSchema schema;
  private final String topic;
  private final String bootstrapServers;
  private final Map<String, String> kafkaProperties;
  private final Duration maxOutage;
  private transient Producer<byte[], byte[]> producer;
  /** Tests set these; null means the system clock, {@link Thread#sleep} and a {@link KafkaProducer}. */
  private transient Clock clock;
  private transient Pause pause;
  private transient Supplier<Producer<byte[], byte[]>> producers;

  /** How the retry loop waits between attempts. */
  @FunctionalInterface
  interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  private OutboxWriter(DqEventFactory factory, RegisteredSchema schema, String topic, String bootstrapServers,
      Map<String, String> kafkaProperties, Duration maxOutage) {
    this.factory = factory;
    this.schema = schema;
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    this.kafkaProperties = Map.copyOf(kafkaProperties);
    this.maxOutage = maxOutage;
  }

  /** A writer on {@code producers}' producer, timed by {@code clock} and {@code pause}: for tests. */
  OutboxWriter(DqEventFactory factory, RegisteredSchema schema, String topic, Duration maxOutage, Clock clock,
      Pause pause, Supplier<Producer<byte[], byte[]>> producers) {
    this(factory, schema, topic, "test", Map.of(), maxOutage);
    this.clock = clock;
    this.pause = pause;
    this.producers = producers;
  }

  /**
   * Registers the DqEvent schema under {@code <topic>-value}, sets the subject's compatibility to
   * BACKWARD (the contract's) and returns a writer for the topic that rides out an outage of the
   * outbox's brokers of up to {@code maxOutage} per batch.
   *
   * @throws dev.dqnotify.schemas.registry.SchemaRegistryException when the registry is unreachable
   *     or refuses the schema (the message names the URL and the status)
   */
  public static OutboxWriter register(String job, String env, String defaultTeam, StoreDirectory stores,
      String topic, String bootstrapServers, Map<String, String> kafkaProperties, SchemaRegistryConfig registryConfig,
      Duration maxOutage) {
    SchemaRegistryClient registry = new SchemaRegistryClient(registryConfig);
    String subject = topic + "-value";
    int id = AvroWireCodec.forSpecific(DqEvent.class, registry, subject, RegistrationMode.AUTO_REGISTER)
        .schemaId(subject);
    if (!registry.compatibility(subject).map("BACKWARD"::equals).orElse(false)) {
      registry.setCompatibility(subject, "BACKWARD");
    }
    log.info("DqEvent schema registered under {} with id {} at {}", subject, id, registry);
    return new OutboxWriter(new DqEventFactory(job, env, defaultTeam, stores),
        new RegisteredSchema(subject, DqEvent.getClassSchema(), id), topic, bootstrapServers, kafkaProperties,
        maxOutage);
  }

  /** The id of the DqEvent schema the writer encodes with. */
  public int schemaId() {
    return schema.lookup(topic + "-value", DqEvent.getClassSchema());
  }

  /**
   * Encodes {@code situations}, detected at {@code detectedAtMs}, and writes them to the outbox topic
   * from the driver; returns once Kafka acknowledged every one (acks=all, idempotent producer). A
   * batch's situations are few — the rules pass found them on the executors — so one producer on
   * the driver, kept open between batches, is quicker than a Spark job per batch.
   *
   * <p>A retriable failure (the brokers unreachable, no leader, a request or delivery timeout) does
   * not fail the batch: the events Kafka did not acknowledge are sent again after a back-off (1 s,
   * doubling up to 30 s), each attempt logged at WARN with the next one and the time left, until
   * {@code outbox.max-outage} has passed since the batch's first send. Within one producer the idempotent
   * producer keeps a retried send from being written twice; a record whose acknowledgement was lost
   * may be written again, with the same id, as after any re-run.
   *
   * @return how many DqEvents of each type were written
   * @throws OutboxUnavailableException when the outbox stayed unwritable for {@code outbox.max-outage}
   * @throws IllegalStateException when Kafka refused the events for a reason retrying cannot help
   *     (authorisation, a record too large…); the micro-batch fails and is re-run after a restart,
   *     writing the same ids again
   */
  public Map<String, Long> write(List<Situation> situations, long detectedAtMs) {
    Map<String, Long> counts = new TreeMap<>();
    if (situations.isEmpty()) {
      return counts;
    }
    AvroWireCodec<DqEvent> codec =
        AvroWireCodec.forSpecific(DqEvent.class, schema, topic + "-value", RegistrationMode.LOOKUP_ONLY);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(situations.size());
    for (Situation situation : situations) {
      byte[] key = DqEventFactory.key(situation).getBytes(StandardCharsets.UTF_8);
      records.add(new ProducerRecord<>(topic, key, codec.encode(factory.create(situation, detectedAtMs))));
      counts.merge(situation.getEventType(), 1L, Long::sum);
    }
    writeUntilAcknowledged(records);
    return counts;
  }

  private void writeUntilAcknowledged(List<ProducerRecord<byte[], byte[]>> records) {
    Clock time = clock == null ? Clock.systemUTC() : clock;
    List<ProducerRecord<byte[], byte[]>> pending = records;
    // The bound counts from the batch's first send: a batch waits for the outbox at most this long.
    Instant deadline = time.instant().plus(maxOutage);
    for (int attempt = 1; ; attempt++) {
      Attempt result = send(pending, deadline, time);
      if (result.unacknowledged().isEmpty()) {
        if (attempt > 1) {
          log.info("Outbox {} written again: all {} DqEvents of the batch acknowledged at attempt {}", topic,
              records.size(), attempt);
        }
        return;
      }
      Throwable error = result.error();
      if (!(error instanceof RetriableException)) {
        throw new IllegalStateException("Could not write DqEvents to the outbox topic " + topic + " at "
            + bootstrapServers + ": " + error, error);
      }
      Duration left = Duration.between(time.instant(), deadline);
      if (result.deadlinePassed() || left.isNegative() || left.isZero()) {
        throw new OutboxUnavailableException("The outbox topic " + topic + " at " + bootstrapServers
            + " could not be written for " + maxOutage.toSeconds() + " s (outbox.max-outage): "
            + result.unacknowledged().size() + " of " + records.size() + " DqEvents of the batch not acknowledged"
            + " after " + attempt + " attempts; last error: " + error + ". Restart the job once Kafka is back: the"
            + " batch runs again and writes the same event ids", error);
      }
      Duration delay = backoff(attempt);
      delay = delay.compareTo(left) > 0 ? left : delay;
      log.warn("Outbox {} at {} not writable (attempt {}): {}; {} of {} DqEvents not acknowledged; next attempt in"
          + " {} ms, {} s left of outbox.max-outage ({} s)", topic, bootstrapServers, attempt, error,
          result.unacknowledged().size(), records.size(), delay.toMillis(), left.toSeconds(), maxOutage.toSeconds());
      try {
        if (pause == null) {
          Thread.sleep(delay.toMillis());
        } else {
          pause.sleep(delay);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting to write DqEvents to " + topic + " again", e);
      }
      pending = result.unacknowledged();
    }
  }

  /** The pause after failed attempt {@code attempt}: 1 s, 2 s, 4 s … at most 30 s. */
  static Duration backoff(int attempt) {
    return Duration.ofSeconds(Math.min(1L << Math.min(attempt - 1, 5), 30));
  }

  /** What one attempt left: the records not acknowledged, the last error, and whether time ran out. */
  private record Attempt(List<ProducerRecord<byte[], byte[]>> unacknowledged, Throwable error,
      boolean deadlinePassed) {}

  /** Sends every record and waits for Kafka's answers, no longer than until {@code deadline}. */
  private Attempt send(List<ProducerRecord<byte[], byte[]>> records, Instant deadline, Clock time) {
    Producer<byte[], byte[]> kafka = producer();
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    List<ProducerRecord<byte[], byte[]>> unacknowledged = new ArrayList<>();
    Throwable error = null;
    for (ProducerRecord<byte[], byte[]> record : records) {
      if (error != null) {
        sent.add(null); // each further send would block for max.block.ms again: left for the next attempt
        continue;
      }
      try {
        sent.add(kafka.send(record));
      } catch (KafkaException e) { // e.g. no metadata within max.block.ms
        sent.add(null);
        error = e;
      }
    }
    boolean deadlinePassed = false;
    for (int i = 0; i < records.size(); i++) {
      Future<RecordMetadata> result = sent.get(i);
      if (result == null) {
        unacknowledged.add(records.get(i));
        continue;
      }
      try {
        result.get(Math.max(0, Duration.between(time.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        unacknowledged.add(records.get(i));
        // One error retrying cannot help decides the attempt, whatever else failed beside it.
        error = error != null && !(error instanceof RetriableException) ? error : e.getCause();
      } catch (java.util.concurrent.TimeoutException e) {
        unacknowledged.add(records.get(i));
        error = error == null ? new org.apache.kafka.common.errors.TimeoutException(
            "no acknowledgement before outbox.max-outage ran out") : error;
        deadlinePassed = true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while writing DqEvents to " + topic, e);
      }
    }
    return new Attempt(unacknowledged, error, deadlinePassed);
  }

  private synchronized Producer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> settings = new HashMap<>(kafkaProperties);
      settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      settings.put(ProducerConfig.ACKS_CONFIG, "all");
      settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dqnotify-outbox-" + topic);
      producer = producers != null ? producers.get()
          : new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  /** Closes the driver's producer, if one was opened; a later write opens a new one. */
  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
      producer = null;
    }
  }

  /** Encodes one situation; for tests of the record format. */
  byte[] encode(Situation situation, long detectedAtMs) {
    AvroWireCodec<DqEvent> codec =
        AvroWireCodec.forSpecific(DqEvent.class, schema, topic + "-value", RegistrationMode.LOOKUP_ONLY);
    return codec.encode(factory.create(situation, detectedAtMs));
  }

}
