package dev.dqnotify.ingest.emit;

import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.enrich.StoreDirectory;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
  private transient Producer<byte[], byte[]> producer;

  private OutboxWriter(DqEventFactory factory, RegisteredSchema schema, String topic, String bootstrapServers,
      Map<String, String> kafkaProperties) {
    this.factory = factory;
    this.schema = schema;
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    this.kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /**
   * Registers the DqEvent schema under {@code <topic>-value}, sets the subject's compatibility to
   * BACKWARD (the contract's) and returns a writer for the topic.
   *
   * @throws dev.dqnotify.schemas.registry.SchemaRegistryException when the registry is unreachable
   *     or refuses the schema (the message names the URL and the status)
   */
  public static OutboxWriter register(String job, String env, String defaultTeam, StoreDirectory stores,
      String topic, String bootstrapServers, Map<String, String> kafkaProperties, String registryUrl,
      Optional<String> basicAuthUserInfo) {
    SchemaRegistryConfig config = SchemaRegistryConfig.of(registryUrl);
    if (basicAuthUserInfo.isPresent()) {
      config = config.withBasicAuth(basicAuthUserInfo.get());
    }
    SchemaRegistryClient registry = new SchemaRegistryClient(config);
    String subject = topic + "-value";
    int id = AvroWireCodec.forSpecific(DqEvent.class, registry, subject, RegistrationMode.AUTO_REGISTER)
        .schemaId(subject);
    if (!registry.compatibility(subject).map("BACKWARD"::equals).orElse(false)) {
      registry.setCompatibility(subject, "BACKWARD");
    }
    log.info("DqEvent schema registered under {} with id {} at {}", subject, id, registry);
    return new OutboxWriter(new DqEventFactory(job, env, defaultTeam, stores),
        new RegisteredSchema(subject, DqEvent.getClassSchema(), id), topic, bootstrapServers, kafkaProperties);
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
   * @return how many DqEvents of each type were written
   * @throws IllegalStateException when Kafka did not take them; the micro-batch fails and is re-run
   *     after a restart, writing the same ids again
   */
  public Map<String, Long> write(List<Situation> situations, long detectedAtMs) {
    Map<String, Long> counts = new TreeMap<>();
    if (situations.isEmpty()) {
      return counts;
    }
    Producer<byte[], byte[]> kafka = producer();
    AvroWireCodec<DqEvent> codec =
        AvroWireCodec.forSpecific(DqEvent.class, schema, topic + "-value", RegistrationMode.LOOKUP_ONLY);
    List<Future<RecordMetadata>> sent = new ArrayList<>(situations.size());
    for (Situation situation : situations) {
      byte[] key = DqEventFactory.key(situation).getBytes(StandardCharsets.UTF_8);
      sent.add(kafka.send(new ProducerRecord<>(topic, key, codec.encode(factory.create(situation, detectedAtMs)))));
      counts.merge(situation.getEventType(), 1L, Long::sum);
    }
    kafka.flush();
    try {
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not write DqEvents to the outbox topic " + topic + " at "
          + bootstrapServers + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while writing DqEvents to " + topic, e);
    }
    return counts;
  }

  private synchronized Producer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> settings = new HashMap<>(kafkaProperties);
      settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      settings.put(ProducerConfig.ACKS_CONFIG, "all");
      settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dqnotify-outbox-" + topic);
      producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
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
