package dev.dqnotify.ingest.emit;

import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.enrich.StoreDirectory;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes situations to the outbox topic as {@link DqEvent}s in the Confluent wire format, keyed by
 * store. The schema is registered once, by the driver, at start-up; executors encode with the
 * registered id and never call the registry.
 *
 * <p>Delivery is at least once: a micro-batch that is re-run writes its events again, with the same
 * deterministic ids, and the forwarder notifies each id once.
 */
public final class OutboxWriter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(OutboxWriter.class);
  private static final StructType KAFKA_ROWS = new StructType()
      .add("key", DataTypes.StringType, false)
      .add("value", DataTypes.BinaryType, false);

  private final DqEventFactory factory;
  private final RegisteredSchema schema;
  private final String topic;
  private final String bootstrapServers;
  private final Map<String, String> kafkaProperties;

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
   * Encodes and writes {@code situations}, detected at {@code detectedAtMs}, to the outbox topic.
   *
   * @return how many DqEvents of each type were written (from accumulators filled while encoding,
   *     so counting costs no extra Spark job; a retried task may count twice — the counts are for
   *     the log, the records are what counts)
   */
  public Map<String, Long> write(Dataset<Situation> situations, long detectedAtMs) {
    SparkContext spark = situations.sparkSession().sparkContext();
    Map<String, LongAccumulator> written = new TreeMap<>();
    for (DqEventType type : DqEventType.values()) {
      written.put(type.name(), spark.longAccumulator("dq-events " + type.name()));
    }
    Dataset<Row> records = situations.mapPartitions(encoder(detectedAtMs, written), Encoders.row(KAFKA_ROWS));
    var writer = records.write().format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)
        .option("topic", topic);
    kafkaProperties.forEach((key, value) -> writer.option("kafka." + key, value));
    writer.save();
    Map<String, Long> counts = new TreeMap<>();
    written.forEach((type, accumulator) -> {
      if (accumulator.value() > 0) {
        counts.put(type, accumulator.value());
      }
    });
    return counts;
  }

  private MapPartitionsFunction<Situation, Row> encoder(long detectedAtMs, Map<String, LongAccumulator> written) {
    DqEventFactory events = factory;
    RegisteredSchema registered = schema;
    String subject = topic + "-value";
    return situations -> {
      AvroWireCodec<DqEvent> codec =
          AvroWireCodec.forSpecific(DqEvent.class, registered, subject, RegistrationMode.LOOKUP_ONLY);
      List<Row> rows = new ArrayList<>();
      while (situations.hasNext()) {
        Situation situation = situations.next();
        rows.add(RowFactory.create(DqEventFactory.key(situation), codec.encode(events.create(situation, detectedAtMs))));
        written.get(situation.getEventType()).add(1);
      }
      return rows.iterator();
    };
  }

  /** Encodes one situation; for tests of the record format. */
  byte[] encode(Situation situation, long detectedAtMs) {
    AvroWireCodec<DqEvent> codec =
        AvroWireCodec.forSpecific(DqEvent.class, schema, topic + "-value", RegistrationMode.LOOKUP_ONLY);
    return codec.encode(factory.create(situation, detectedAtMs));
  }

}
