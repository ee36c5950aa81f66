package dev.dqnotify.notify;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import dev.dqnotify.notify.outbox.OutboxFormat;
import dev.dqnotify.notify.outbox.OutboxProducer;
import dev.dqnotify.schemas.registry.SchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.types.DataTypes;

/**
 * Writes a job's {@link Situation}s to the dq-events outbox as {@code DqEvent}s (type
 * {@code JOB_DEFINED}, the situation's name in {@code situation_type}), in the Confluent wire format
 * ({@link OutboxFormat}). {@link #write} (for {@code foreachBatch}) writes them from the executors
 * through the bounded-retry {@link OutboxProducer}; {@link #writeStream} through Spark's own Kafka
 * sink. The notification forwarder takes them to Datadog from there.
 *
 * <p>The schema is registered (or looked up) once, by {@link Builder#build()} on the driver. The
 * executors encode every record with that id; there is no per-record driver work and no registry
 * call in a micro-batch.
 *
 * <pre>{@code
 * DqNotifier notifier = DqNotifier.builder()
 *     .job("orders-enrich").team("payments").env("prod")
 *     .bootstrapServers("kafka:9092").registryUrl("http://registry:8081")
 *     .build();
 * orders.writeStream().foreachBatch((batch, id) -> notifier.write(batch, negative, noCustomer));
 * // or, as the query's own sink:
 * notifier.writeStream(orders, negative, noCustomer).option("checkpointLocation", dir).start();
 * }</pre>
 *
 * <p>Guarantees: at least once (a re-run micro-batch writes again); the event id is deterministic
 * (job, situation type and the input's identity), so the forwarder notifies each id once; events of
 * one entity (the situation's first label) share a Kafka key and so keep their order; {@link #write}
 * rides out an outbox outage of up to {@link Builder#maxOutage(Duration)} per task.
 * Serializable only as far as Spark needs: use it on the driver.
 */
public final class DqNotifier {

  /** The outbox topic unless {@link Builder#topic(String)} says otherwise. */
  public static final String DEFAULT_TOPIC = "dq-events";

  /** How long {@link #write} waits for an unwritable outbox unless {@link Builder#maxOutage} says otherwise. */
  public static final Duration DEFAULT_MAX_OUTAGE = Duration.ofMinutes(5);

  /** The Kafka source's coordinate columns, the default identity of an input row. */
  static final List<String> SOURCE_COLUMNS = List.of("topic", "partition", "offset");

  private final OutboxFormat format;
  private final OutboxProducer producer;
  private final Map<String, String> kafkaOptions;
  private final UserDefinedFunction encode;

  private DqNotifier(Builder b, OutboxFormat format) {
    this.format = format;
    this.producer = new OutboxProducer(b.topic, b.bootstrapServers, b.kafkaProperties, b.maxOutage, "maxOutage");
    Map<String, String> options = new LinkedHashMap<>();
    b.kafkaProperties.forEach((k, v) -> options.put("kafka." + k, v));
    options.put("kafka.bootstrap.servers", b.bootstrapServers);
    options.put("topic", b.topic);
    this.kafkaOptions = Map.copyOf(options);
    this.encode = udf(new DqEventEncoder(b.job, b.team, b.env, format), DataTypes.BinaryType);
  }

  /** Starts the configuration: {@code job}, {@code team}, {@code env}, the brokers and the registry are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The registry's id of the DqEvent schema every record is written with. */
  public int schemaId() {
    return format.schemaId();
  }

  /** The outbox topic. */
  public String topic() {
    return format.topic();
  }

  /**
   * The outbox records of {@code situations} in {@code data}: columns {@code key} (the first label's
   * value, UTF-8) and {@code value} (the encoded DqEvent), ready for a Kafka writer. Batch or
   * streaming, as {@code data} is.
   *
   * @throws IllegalArgumentException if a situation refers to a column {@code data} does not have,
   *     or needs the Kafka source coordinates ({@code topic}, {@code partition}, {@code offset}) that
   *     {@code data} lacks
   */
  public Dataset<Row> events(Dataset<Row> data, Situation... situations) {
    return events(data, Arrays.asList(situations));
  }

  /** As {@link #events(Dataset, Situation...)}, with a list (for PySpark through py4j). */
  public Dataset<Row> events(Dataset<Row> data, List<Situation> situations) {
    if (situations.isEmpty()) {
      throw new IllegalArgumentException("No situation given: pass at least one Situation");
    }
    Dataset<Row> all = null;
    for (Situation situation : situations) {
      Dataset<Row> one = detected(data, situation);
      all = all == null ? one : all.unionByName(one);
    }
    return all;
  }

  /**
   * Writes the outbox records of {@code situations} in {@code batch}: the call for {@code
   * foreachBatch}. The executors encode them, and each task writes its partition's records through
   * an {@link OutboxProducer} (idempotent, acks=all) that rides out an outage of the outbox's brokers
   * for up to {@link Builder#maxOutage}. Returns when Kafka acknowledged every record; otherwise the
   * task fails — with {@link dev.dqnotify.notify.outbox.OutboxUnavailableException} once the bound
   * is reached — and with it the micro-batch, which Spark runs again, writing the same ids.
   */
  public void write(Dataset<Row> batch, Situation... situations) {
    write(batch, Arrays.asList(situations));
  }

  /** As {@link #write(Dataset, Situation...)}, with a list (for PySpark through py4j). */
  public void write(Dataset<Row> batch, List<Situation> situations) {
    events(batch, situations).foreachPartition(writeTask(producer));
  }

  /** A task's write: static, so the closure holds the producer's settings and not the notifier. */
  private static ForeachPartitionFunction<Row> writeTask(OutboxProducer producer) {
    return rows -> {
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      rows.forEachRemaining(row -> records.add(new ProducerRecord<>(producer.topic(), row.getAs("key"),
          row.getAs("value"))));
      try (OutboxProducer task = producer) { // the task's deserialized copy: its own Kafka producer
        task.write(records);
      }
    };
  }

  /**
   * Spark's streaming Kafka sink for the outbox records of {@code situations} in {@code stream}, as the
   * query's own sink; give it a {@code checkpointLocation} and {@code start()} it. Spark commits a
   * batch only after its write succeeded. There is no outage bound here: the query fails once Spark's
   * producer gives a record up ({@code delivery.timeout.ms}); {@link #write} from {@code foreachBatch}
   * rides out outages up to {@link Builder#maxOutage}.
   */
  public DataStreamWriter<Row> writeStream(Dataset<Row> stream, Situation... situations) {
    return writeStream(stream, Arrays.asList(situations));
  }

  /** As {@link #writeStream(Dataset, Situation...)}, with a list (for PySpark through py4j). */
  public DataStreamWriter<Row> writeStream(Dataset<Row> stream, List<Situation> situations) {
    return events(stream, situations).writeStream().format("kafka").options(kafkaOptions);
  }

  @Override
  public String toString() {
    return "DqNotifier[topic=" + format.topic() + ", schema id " + format.schemaId() + "]";
  }

  private Dataset<Row> detected(Dataset<Row> data, Situation situation) {
    Set<String> have = new LinkedHashSet<>(Arrays.asList(data.columns()));
    requireColumns(situation, have);
    Dataset<Row> rows = situation.condition().map(data::where).orElse(data);
    Column event = struct(
        lit(situation.type()).as(DqEventEncoder.SITUATION_TYPE),
        lit(situation.severity()).as(DqEventEncoder.SEVERITY),
        identity(situation).as(DqEventEncoder.IDENTITY),
        situation.eventTimeColumn().map(c -> col(c).cast("timestamp")).orElse(lit(null).cast("timestamp"))
            .as(DqEventEncoder.EVENT_TIME),
        current_timestamp().as(DqEventEncoder.DETECTED_AT),
        Templates.expression(situation.summaryTemplate()).as(DqEventEncoder.SUMMARY),
        stringMap(keyedByName(situation.detailColumns())).as(DqEventEncoder.DETAILS),
        stringMap(situation.labelColumns()).as(DqEventEncoder.LABELS),
        source(have).as(DqEventEncoder.SOURCE));
    return rows.select(key(situation).cast("binary").as("key"), encode.apply(event).as("value"));
  }

  /**
   * {@link OutboxFormat#key}, as a Spark expression: the entity is the first label's value, so every
   * event about one entity lands on one partition, in order.
   */
  private static Column key(Situation situation) {
    return situation.labelColumns().values().stream().findFirst()
        .map(c -> coalesce(col(c).cast("string"), lit(OutboxFormat.NO_ENTITY_KEY)))
        .orElse(lit(OutboxFormat.NO_ENTITY_KEY));
  }

  private static Column identity(Situation situation) {
    List<String> columns = situation.identityColumns().isEmpty() ? SOURCE_COLUMNS : situation.identityColumns();
    return concat_ws("/", columns.stream().map(c -> col(c).cast("string")).toArray(Column[]::new));
  }

  private static Column source(Set<String> have) {
    if (!have.containsAll(SOURCE_COLUMNS)) {
      return lit(null).cast("struct<topic:string,partition:int,offset:bigint>");
    }
    return struct(col("topic").cast("string").as("topic"), col("partition").cast("int").as("partition"),
        col("offset").cast("long").as("offset"));
  }

  private static Map<String, String> keyedByName(List<String> columns) {
    Map<String, String> byName = new LinkedHashMap<>();
    columns.forEach(c -> byName.put(c, c));
    return byName;
  }

  private static Column stringMap(Map<String, String> columnsByKey) {
    if (columnsByKey.isEmpty()) {
      return lit(null).cast("map<string,string>");
    }
    List<Column> keysAndValues = new ArrayList<>();
    columnsByKey.forEach((key, column) -> {
      keysAndValues.add(lit(key));
      keysAndValues.add(col(column).cast("string"));
    });
    return map(keysAndValues.toArray(Column[]::new));
  }

  private static void requireColumns(Situation situation, Set<String> have) {
    Map<String, String> needed = new LinkedHashMap<>();
    situation.labelColumns().forEach((key, column) -> needed.put(column, "label " + key));
    situation.detailColumns().forEach(column -> needed.put(column, "detail"));
    Templates.columns(situation.summaryTemplate()).forEach(column -> needed.putIfAbsent(column, "summary"));
    situation.eventTimeColumn().ifPresent(column -> needed.put(column, "eventTime"));
    if (situation.identityColumns().isEmpty()) {
      if (!have.containsAll(SOURCE_COLUMNS)) {
        throw new IllegalArgumentException("Situation " + situation.type() + ": the data has no Kafka source"
            + " coordinates (columns topic, partition, offset) to identify its rows; keep them in the data or"
            + " declare identifiedBy(<key columns>). Columns: " + have);
      }
    } else {
      situation.identityColumns().forEach(column -> needed.put(column, "identifiedBy"));
    }
    needed.forEach((column, use) -> {
      if (!column.contains(".") && !have.contains(column)) {
        throw new IllegalArgumentException("Situation " + situation.type() + ": " + use + " column '" + column
            + "' is not in the data; its columns are " + have);
      }
    });
  }

  /** Configures a {@link DqNotifier}. */
  public static final class Builder {
    private String job;
    private String team;
    private String env;
    private String topic = DEFAULT_TOPIC;
    private String bootstrapServers;
    private String registryUrl;
    private String registryUserInfo;
    private boolean registerSchema = true;
    private Duration maxOutage = DEFAULT_MAX_OUTAGE;
    private final Map<String, String> kafkaProperties = new LinkedHashMap<>();

    private Builder() {}

    /** Name of the detecting job, e.g. {@code orders-enrich}; the field {@code job} and a tag. */
    public Builder job(String job) {
      this.job = job;
      return this;
    }

    /** Owning team; the field {@code team}, the tag routes usually match. */
    public Builder team(String team) {
      this.team = team;
      return this;
    }

    /** Environment: {@code dev}, {@code stage}, {@code prod} … */
    public Builder env(String env) {
      this.env = env;
      return this;
    }

    /** The outbox topic; default {@value DqNotifier#DEFAULT_TOPIC}. Subject: {@code <topic>-value}. */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /** The outbox's Kafka brokers, {@code host:port,...}. */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /** A Kafka producer property, e.g. {@code security.protocol}, for both ways of writing. */
    public Builder kafkaProperty(String key, String value) {
      if (key == null || key.isBlank() || key.startsWith("kafka.") || value == null) {
        throw new IllegalArgumentException("Kafka property '" + key + "': give the producer's own name without"
            + " the kafka. prefix, and a value");
      }
      kafkaProperties.put(key, value);
      return this;
    }

    /**
     * How long {@link DqNotifier#write} waits for an unwritable outbox (brokers down, no leader) per
     * task before it fails the micro-batch; default {@link DqNotifier#DEFAULT_MAX_OUTAGE}. Spark's
     * Kafka sink under {@link DqNotifier#writeStream} has no such bound.
     */
    public Builder maxOutage(Duration maxOutage) {
      if (maxOutage == null || maxOutage.isNegative() || maxOutage.isZero()) {
        throw new IllegalArgumentException("maxOutage must be a positive duration, got " + maxOutage);
      }
      this.maxOutage = maxOutage;
      return this;
    }

    /** The schema registry's Confluent API URL, e.g. {@code http://registry:8081}. */
    public Builder registryUrl(String registryUrl) {
      this.registryUrl = registryUrl;
      return this;
    }

    /** Basic auth for the registry as {@code user:password}; never logged. */
    public Builder registryBasicAuth(String userInfo) {
      this.registryUserInfo = userInfo;
      return this;
    }

    /**
     * Whether {@link #build()} registers the schema (default) or only looks it up, where the
     * registry refuses writes from jobs.
     */
    public Builder registerSchema(boolean register) {
      this.registerSchema = register;
      return this;
    }

    /**
     * Checks the settings, registers the DqEvent schema under {@code <topic>-value} (BACKWARD) and
     * returns the notifier.
     *
     * @throws IllegalArgumentException naming a missing or invalid setting
     * @throws dev.dqnotify.schemas.registry.SchemaRegistryException if the registry is unreachable
     *     or refuses the schema
     */
    public DqNotifier build() {
      require("registryUrl", registryUrl);
      SchemaRegistryConfig config = SchemaRegistryConfig.of(registryUrl);
      if (registryUserInfo != null) {
        config = config.withBasicAuth(registryUserInfo);
      }
      requireSettings();
      SchemaRegistryClient registry = new SchemaRegistryClient(config);
      return new DqNotifier(this,
          registerSchema ? OutboxFormat.register(registry, topic) : OutboxFormat.resolve(registry, topic, false));
    }

    /** As {@link #build()}, with the given registry and its compatibility left alone: for unit tests. */
    DqNotifier build(SchemaRegistry registry) {
      requireSettings();
      return new DqNotifier(this, OutboxFormat.resolve(registry, topic, registerSchema));
    }

    private void requireSettings() {
      require("job", job);
      require("team", team);
      require("env", env);
      require("topic", topic);
      require("bootstrapServers", bootstrapServers);
    }

    private static void require(String setting, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("DqNotifier: " + setting + " is required; set it with ." + setting + "(…)");
      }
    }
  }
}
