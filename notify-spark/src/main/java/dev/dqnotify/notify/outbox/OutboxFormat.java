package dev.dqnotify.notify.outbox;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's record format, defined once for every writer of DqEvents (the library's executor UDF,
 * the sensor ingest job's driver): the {@link DqEvent} schema registered under {@code <topic>-value},
 * the value in the Confluent wire format with that id, and the key rule.
 *
 * <p>Made once on the driver ({@link #register}); serializable, so executors encode with the id the
 * driver got and never call the registry. The codec is built once per JVM copy, not per record or
 * per batch.
 */
public final class OutboxFormat implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(OutboxFormat.class);

  /** The Kafka key of an event about no entity (no store, no first label, or a null one). */
  public static final String NO_ENTITY_KEY = "_unknown";

  private final String topic;
  private final RegisteredSchema schema;
  private transient volatile AvroWireCodec<DqEvent> codec;

  private OutboxFormat(String topic, RegisteredSchema schema) {
    this.topic = topic;
    this.schema = schema;
  }

  /**
   * Registers the DqEvent schema under {@code <topic>-value} and sets the subject's compatibility to
   * BACKWARD (the contract's; Apicurio's default is NONE), on the driver, once.
   *
   * @throws dev.dqnotify.schemas.registry.SchemaRegistryException when the registry is unreachable
   *     or refuses the schema (the message names the URL and the status)
   */
  public static OutboxFormat register(SchemaRegistryClient registry, String topic) {
    OutboxFormat format = resolve(registry, topic, true);
    if (!registry.compatibility(format.subject()).map("BACKWARD"::equals).orElse(false)) {
      registry.setCompatibility(format.subject(), "BACKWARD");
    }
    return format;
  }

  /**
   * The format for {@code topic} with the schema id {@code registry} gives: registered ({@code
   * register}) or only looked up (where the registry refuses writes from jobs); the subject's
   * compatibility is left alone.
   */
  public static OutboxFormat resolve(SchemaRegistry registry, String topic, boolean register) {
    String subject = subject(topic);
    int id = AvroWireCodec.forSpecific(DqEvent.class, registry, subject,
        register ? RegistrationMode.AUTO_REGISTER : RegistrationMode.LOOKUP_ONLY).schemaId(subject);
    log.info("DqEvents go to {} with schema id {} (subject {}, {})", topic, id, subject, registry);
    return new OutboxFormat(topic, new RegisteredSchema(subject, DqEvent.getClassSchema(), id));
  }

  /** The subject of the outbox's values: {@code <topic>-value} (TopicNameStrategy). */
  public static String subject(String topic) {
    return topic + "-value";
  }

  /** The key rule: the entity the event is about (a store, a job's first label), else {@value #NO_ENTITY_KEY}. */
  public static String key(String entity) {
    return entity == null ? NO_ENTITY_KEY : entity;
  }

  /** The outbox topic. */
  public String topic() {
    return topic;
  }

  /** {@code <topic>-value}. */
  public String subject() {
    return subject(topic);
  }

  /** The registry's id of the DqEvent schema every value is written with. */
  public int schemaId() {
    return schema.lookup(subject(), DqEvent.getClassSchema());
  }

  /**
   * {@code event} in the Confluent wire format with the registered id; no registry call.
   *
   * @throws dev.dqnotify.schemas.codec.WireFormatException if the event does not fit the schema
   */
  public byte[] encode(DqEvent event) {
    AvroWireCodec<DqEvent> known = codec;
    if (known == null) {
      known = AvroWireCodec.forSpecific(DqEvent.class, schema, subject(), RegistrationMode.LOOKUP_ONLY);
      codec = known; // a race builds a second, equal codec: harmless
    }
    return known.encode(event);
  }

  /** The outbox record of {@code event} about {@code entity}: key by the key rule, value encoded. */
  public ProducerRecord<byte[], byte[]> record(String entity, DqEvent event) {
    return new ProducerRecord<>(topic, key(entity).getBytes(StandardCharsets.UTF_8), encode(event));
  }

  @Override
  public String toString() {
    return "OutboxFormat[" + subject() + ", schema id " + schemaId() + "]";
  }
}
