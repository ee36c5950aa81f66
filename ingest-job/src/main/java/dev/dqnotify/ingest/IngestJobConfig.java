package dev.dqnotify.ingest;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.config.KafkaProperties;
import dev.dqnotify.config.Redaction;
import dev.dqnotify.config.Secret;
import dev.dqnotify.config.Setting;
import dev.dqnotify.config.Settings;
import dev.dqnotify.ingest.sink.CuratedWriter;
import dev.dqnotify.ingest.detect.DetectionRules;
import dev.dqnotify.ingest.detect.MetricRange;
import dev.dqnotify.schemas.registry.RegistrySettings;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ingest job's configuration: every setting declared once here (key, default, description),
 * read from the {@code --config} file, {@code DQNOTIFY_*} environment variables, the SparkConf
 * ({@code spark-submit --conf spark.dqnotify.<key>=value}) and the job's own {@code --conf
 * key=value} arguments, in that order (later wins), and checked at start-up.
 * {@code docs/ingest-job.md} lists the same declarations, generated.
 */
public record IngestJobConfig(
    String jobName,
    String env,
    String defaultTeam,
    String bootstrapServers,
    String sourceTopic,
    StartingOffsets startingOffsets,
    int maxOffsetsPerTrigger,
    Map<String, String> kafkaProperties,
    Path storeMetadata,
    String curatedPath,
    Optional<String> curatedTable,
    String checkpointPath,
    TriggerMode triggerMode,
    Duration triggerInterval,
    String outboxTopic,
    String outboxBootstrapServers,
    Duration outboxMaxOutage,
    Map<String, String> schemaRegistry,
    boolean detectorsEnabled,
    DetectionRules rules)
    implements Serializable {

  /** Where a new query starts reading when its checkpoint is empty. */
  public enum StartingOffsets { EARLIEST, LATEST }

  /** How micro-batches are triggered. */
  public enum TriggerMode {
    /** A micro-batch every {@code trigger.interval}, forever: the normal streaming job. */
    PROCESSING_TIME,
    /** Process what is in the topic now, then stop: backfills and replays. */
    AVAILABLE_NOW
  }

  static final String KAFKA_PREFIX = "kafka.";
  /** {@code kafka.source.*} and {@code kafka.outbox.*} override {@code kafka.*} for that cluster's clients. */
  static final String SOURCE_SCOPE = "source.";
  static final String OUTBOX_SCOPE = "outbox.";
  static final Set<String> KAFKA_SCOPES = Set.of(SOURCE_SCOPE, OUTBOX_SCOPE);
  static final String RANGE_PREFIX = "detect.range.";

  static final Setting<String> JOB_NAME = Setting.string("job.name", "sensor-ingest",
      "Name of this job in every DqEvent (field job) and in Spark's UI.");
  static final Setting<String> ENV = Setting.string("job.env", "dev",
      "Environment in every DqEvent (field env), e.g. dev, stage, prod.");
  static final Setting<String> DEFAULT_TEAM = Setting.string("job.default-team", "data-platform",
      "Owning team for events whose store is not in the metadata.");
  static final Setting<String> BOOTSTRAP = Setting.string("source.bootstrap-servers", null,
      "Kafka bootstrap servers of the sensor-raw topic.");
  static final Setting<String> SOURCE_TOPIC = Setting.string("source.topic", "sensor-raw",
      "Topic of raw sensor messages.");
  static final Setting<StartingOffsets> STARTING_OFFSETS = Setting.choice("source.starting-offsets",
      StartingOffsets.class, StartingOffsets.EARLIEST, "Where a query with an empty checkpoint starts reading.");
  /** Why 100,000: docs/ingest-job.md, "Catch-up". */
  static final Setting<Integer> MAX_OFFSETS = Setting.integer("source.max-offsets-per-trigger", 100_000, 1,
      Integer.MAX_VALUE, "Most raw records per micro-batch, so a backlog is worked off in batches of bounded memory.");
  static final Setting<Path> STORE_METADATA = Setting.path("stores.metadata-path", null,
      "CSV file of store metadata: store_id,name,size_class,region,team,timezone.");
  static final Setting<String> CURATED_PATH = Setting.string("sink.curated-path", null,
      "Directory (any Hadoop file system) of the curated Delta Lake table, partitioned by date.");
  static final Setting<String> CURATED_TABLE = Setting.string("sink.curated-table", null,
      "Name to register the curated table under in the session catalog, e.g. dq.curated_readings (unset: path only).")
      .optional();
  static final Setting<String> CHECKPOINT_PATH = Setting.string("checkpoint.path", null,
      "Checkpoint directory of the streaming query; keep it to restart where the job stopped.");
  static final Setting<TriggerMode> TRIGGER_MODE = Setting.choice("trigger.mode", TriggerMode.class,
      TriggerMode.PROCESSING_TIME, "processing-time runs forever; available-now processes what is there and stops.");
  static final Setting<Duration> TRIGGER_INTERVAL = Setting.duration("trigger.interval", "10s", Duration.ZERO,
      "Time between micro-batches in processing-time mode.");
  static final Setting<String> OUTBOX_TOPIC = Setting.string("outbox.topic", "dq-events",
      "Topic the DqEvents are written to (the outbox).");
  static final Setting<String> OUTBOX_BOOTSTRAP = Setting.string("outbox.bootstrap-servers", null,
      "Kafka bootstrap servers of the outbox topic (unset: source.bootstrap-servers).").optional();
  static final Setting<Duration> OUTBOX_MAX_OUTAGE = Setting.duration("outbox.max-outage", "5m", Duration.ofSeconds(1),
      "How long a batch retries an unwritable outbox before the job stops (exit 3) to be restarted.");
  static final Setting<String> REGISTRY_URL = Setting.string("schema-registry.url", null,
      "Base URL of a Confluent-compatible schema registry, e.g. http://registry:8081.");
  static final Setting<Secret> REGISTRY_AUTH = Setting.secret("schema-registry.basic-auth-user-info",
      "user:password for the schema registry's basic auth (unset: none).").optional();
  static final Setting<Boolean> DETECT_ENABLED = Setting.bool("detect.enabled", true,
      "Whether to run the detectors; false writes only the curated output (for comparisons).");
  static final Setting<Integer> MIN_POINTS = Setting.integer("detect.min-points", 10, 0, 1_000_000,
      "Fewest readings a message may carry (INSUFFICIENT_DATA_POINTS).");
  static final Setting<Integer> MIN_POINTS_S = Setting.integer("detect.min-points.size-class.s", null, 0, 1_000_000,
      "Fewest readings for stores of size class S (unset: detect.min-points).").optional();
  static final Setting<Integer> MIN_POINTS_M = Setting.integer("detect.min-points.size-class.m", null, 0, 1_000_000,
      "Fewest readings for stores of size class M (unset: detect.min-points).").optional();
  static final Setting<Integer> MIN_POINTS_L = Setting.integer("detect.min-points.size-class.l", null, 0, 1_000_000,
      "Fewest readings for stores of size class L (unset: detect.min-points).").optional();
  static final Setting<Duration> LATENESS = Setting.duration("detect.late.allowed-lateness", "10m", Duration.ZERO,
      "How far behind the partition's newest event time a message may be before it is LATE_DATA.");
  static final Setting<Duration> HORIZON = Setting.duration("detect.duplicate.horizon", "1h", Duration.ofSeconds(1),
      "How long (event time) a message id is remembered for DUPLICATE_MESSAGE.");
  static final Setting<Duration> SILENCE = Setting.duration("detect.silence.timeout", "15m", Duration.ofSeconds(1),
      "How long (event time) a store may send nothing before it is STORE_SILENT.");

  /** Every setting of the job, in the order of the reference. */
  public static final List<Setting<?>> SETTINGS = List.of(JOB_NAME, ENV, DEFAULT_TEAM, BOOTSTRAP, SOURCE_TOPIC,
      STARTING_OFFSETS, MAX_OFFSETS, STORE_METADATA, CURATED_PATH, CURATED_TABLE, CHECKPOINT_PATH, TRIGGER_MODE, TRIGGER_INTERVAL,
      OUTBOX_TOPIC, OUTBOX_BOOTSTRAP, OUTBOX_MAX_OUTAGE, REGISTRY_URL, REGISTRY_AUTH, DETECT_ENABLED, MIN_POINTS, MIN_POINTS_S,
      MIN_POINTS_M, MIN_POINTS_L, LATENESS, HORIZON, SILENCE);

  /**
   * Prefixes handed on: {@code kafka.*} to the Kafka source and sink, {@code detect.range.*} to the range
   * rule, Confluent's {@code schema.registry.*} and {@code basic.auth.*} to the registry client.
   */
  public static final Set<String> PREFIXES = Set.of(KAFKA_PREFIX, RANGE_PREFIX,
      RegistrySettings.CONFLUENT_REGISTRY_PREFIX, RegistrySettings.CONFLUENT_AUTH_PREFIX);

  /**
   * Prefix of the job's settings in the SparkConf: {@code spark-submit --conf
   * spark.dqnotify.detect.min-points=12} (also {@code spark-defaults.conf}, {@code
   * --properties-file}). Spark hands only {@code spark.*} keys to the driver.
   */
  public static final String SPARK_CONF_PREFIX = "spark.dqnotify.";

  /** Reads and checks the configuration; every mistake names its key. */
  public static IngestJobConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
    return load(file, environment, Map.of(), overrides);
  }

  /**
   * Reads and checks the configuration: the file, then the environment, then the SparkConf's
   * {@code spark.dqnotify.*} entries (other {@code spark.*} keys are Spark's and ignored here),
   * then the job's {@code --conf} arguments; every mistake names its key.
   */
  public static IngestJobConfig load(Path file, Map<String, String> environment, Map<String, String> sparkConf,
      Map<String, String> overrides) {
    return from(Settings.load(SETTINGS, PREFIXES, file, environment, List.of(
        new Settings.Overrides("SparkConf", "given in the SparkConf as " + SPARK_CONF_PREFIX + "<key>",
            fromSparkConf(sparkConf)),
        Settings.Overrides.commandLine(overrides))));
  }

  /** The job's settings among SparkConf entries: {@code spark.dqnotify.<key>} as {@code <key>}. */
  static Map<String, String> fromSparkConf(Map<String, String> sparkConf) {
    Map<String, String> settings = new TreeMap<>();
    sparkConf.forEach((key, value) -> {
      if (key.startsWith(SPARK_CONF_PREFIX)) {
        settings.put(key.substring(SPARK_CONF_PREFIX.length()), value);
      }
    });
    return settings;
  }

  /**
   * The SparkConf keys that carry a secret of this job: Spark shows SparkConf entries in its UI and
   * event log, masked only where {@code spark.redaction.regex} matches the key (by default
   * {@code secret|password|token|access.key}: not a JAAS line, not basic-auth user-info).
   */
  static List<String> secretsInSparkConf(Map<String, String> sparkConf) {
    Set<String> secret = SETTINGS.stream().filter(Setting::isSecret).map(Setting::key).collect(Collectors.toSet());
    return fromSparkConf(sparkConf).keySet().stream()
        .filter(key -> secret.contains(key) || Redaction.isSecretKey(key))
        .map(key -> SPARK_CONF_PREFIX + key).toList();
  }

  /** The typed configuration of checked settings. */
  public static IngestJobConfig from(Settings s) {
    KafkaProperties.check(KAFKA_PREFIX, s.passThrough(KAFKA_PREFIX), KAFKA_SCOPES);
    Map<String, Integer> bySize = new HashMap<>();
    s.find(MIN_POINTS_S).ifPresent(min -> bySize.put("S", min));
    s.find(MIN_POINTS_M).ifPresent(min -> bySize.put("M", min));
    s.find(MIN_POINTS_L).ifPresent(min -> bySize.put("L", min));
    DetectionRules rules = new DetectionRules(s.get(MIN_POINTS), bySize, s.get(LATENESS), s.get(HORIZON),
        s.get(SILENCE), ranges(s.passThrough(RANGE_PREFIX)));
    return new IngestJobConfig(
        s.get(JOB_NAME), s.get(ENV), s.get(DEFAULT_TEAM), s.get(BOOTSTRAP), s.get(SOURCE_TOPIC),
        s.get(STARTING_OFFSETS), s.get(MAX_OFFSETS),
        s.passThrough(KAFKA_PREFIX), s.get(STORE_METADATA), s.get(CURATED_PATH), s.find(CURATED_TABLE).map(IngestJobConfig::tableName),
        s.get(CHECKPOINT_PATH),
        s.get(TRIGGER_MODE), s.get(TRIGGER_INTERVAL), s.get(OUTBOX_TOPIC),
        s.find(OUTBOX_BOOTSTRAP).orElseGet(() -> s.get(BOOTSTRAP)), s.get(OUTBOX_MAX_OUTAGE), RegistrySettings.read(s, REGISTRY_URL, REGISTRY_AUTH).properties(),
        s.get(DETECT_ENABLED), rules);
  }

  /** The registry client's configuration (checked at load). */
  public SchemaRegistryConfig schemaRegistryConfig() {
    return SchemaRegistryConfig.fromProperties(schemaRegistry);
  }

  /** A catalog name the curated table can be registered under, or a mistake naming the key. */
  private static String tableName(String name) {
    try {
      return CuratedWriter.checkedTableName(name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(CURATED_TABLE.key(), e.getMessage());
    }
  }

  /** Properties of the source cluster's Kafka clients: {@code kafka.*} overridden by {@code kafka.source.*}. */
  public Map<String, String> sourceKafkaProperties() {
    return KafkaProperties.scoped(kafkaProperties, KAFKA_SCOPES, SOURCE_SCOPE);
  }

  /** Properties of the outbox cluster's Kafka clients: {@code kafka.*} overridden by {@code kafka.outbox.*}. */
  public Map<String, String> outboxKafkaProperties() {
    return KafkaProperties.scoped(kafkaProperties, KAFKA_SCOPES, OUTBOX_SCOPE);
  }

  /** Masks every secret of this configuration in a text (an exception message, a log line). */
  public Redaction redaction() {
    Map<String, String> secrets = new HashMap<>();
    kafkaProperties.forEach((key, value) -> secrets.put(KAFKA_PREFIX + key, value));
    secrets.putAll(schemaRegistry);
    secrets.put(BOOTSTRAP.key(), bootstrapServers);
    secrets.put(OUTBOX_BOOTSTRAP.key(), outboxBootstrapServers);
    return Redaction.of(secrets);
  }

  /** The record with every secret masked: it is logged at start. */
  @Override
  public String toString() {
    return Redaction.describe(this);
  }

  /**
   * The contract's default ranges, changed by {@code detect.range.<metric> = min..max} and removed
   * by {@code detect.range.<metric> = none}.
   */
  static Map<String, MetricRange> ranges(Map<String, String> overrides) {
    Map<String, MetricRange> ranges = new HashMap<>(DetectionRules.DEFAULT_RANGES);
    overrides.forEach((metric, text) -> {
      if (text.trim().equalsIgnoreCase("none")) {
        ranges.remove(metric);
        return;
      }
      try {
        ranges.put(metric, MetricRange.parse(text));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(RANGE_PREFIX + metric, e.getMessage() + "; expected min..max such as -40..85, or none");
      }
    });
    return ranges;
  }
}
