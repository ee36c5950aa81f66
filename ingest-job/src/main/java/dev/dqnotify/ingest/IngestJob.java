package dev.dqnotify.ingest;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.config.Settings;
import dev.dqnotify.ingest.batch.BatchDetection;
import dev.dqnotify.ingest.detect.ArrivalClassifier;
import dev.dqnotify.ingest.emit.OutboxWriter;
import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.ingest.sink.CuratedWriter;
import dev.dqnotify.ingest.source.KafkaSource;
import dev.dqnotify.notify.outbox.OutboxUnavailableException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The ingest job: {@code spark-submit --class dev.dqnotify.ingest.IngestJob ingest-job.jar --config
 * job.conf [--conf key=value …]}.
 *
 * <p>One streaming query: Kafka source → parse → per micro-batch: the rules (lateness per source
 * partition, duplicates by message id in Spark's state store on the executors, the per-record
 * rules, store silence), DqEvents to the outbox and the curated Delta table. Exit codes:
 * 0 when an available-now run finished, 1 when the query died, 2 when the job could not start
 * (configuration, topics, registry, store metadata), 3 when the outbox stayed unwritable for
 * {@code outbox.max-outage} — each with one message that says what to fix.
 */
public final class IngestJob {
  private static final Logger log = LoggerFactory.getLogger(IngestJob.class);

  static final String USAGE = String.join("\n",
      "Usage: spark-submit [--conf spark.dqnotify.<key>=<value>]... --class dev.dqnotify.ingest.IngestJob",
      "         dqnotify-ingest-job.jar --config <file> [--conf <key>=<value>]...",
      "  --config <file>        settings file (key = value lines); see docs/ingest-job.md",
      "  --conf <key>=<value>   overrides one setting (repeatable; wins over all other places); before the jar,",
      "                         spark-submit's --conf spark.dqnotify.<key>=<value> sets it the Spark way;",
      "                         DQNOTIFY_<KEY> environment variables too, DQNOTIFY_<KEY>_FILE for a file holding",
      "                         the value (secrets: keep them off command lines)",
      "  --help                 this text",
      "Spark's own settings (spark.*) and spark-submit's options (--master, --driver-memory …) go before the jar.");

  /** spark-submit's own options: after the jar they reach the job, which says where they belong. */
  private static final Set<String> SPARK_SUBMIT_OPTIONS = Set.of("--master", "--deploy-mode",
      "--class", "--name", "--jars", "--packages", "--exclude-packages", "--repositories", "--py-files", "--files",
      "--archives", "--properties-file", "--driver-memory", "--driver-java-options", "--driver-library-path",
      "--driver-class-path", "--driver-cores", "--executor-memory", "--executor-cores", "--num-executors",
      "--total-executor-cores", "--queue", "--principal", "--keytab", "--proxy-user", "--supervise", "--verbose");

  private static final String STATE_STORE_PROVIDER = "spark.sql.streaming.stateStore.providerClass";

  private IngestJob() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the job until its query ends; returns the exit code. */
  static int run(String[] args, Map<String, String> environment, PrintStream err) {
    SparkConf sparkConf = new SparkConf(); // what spark-submit gave the driver (system properties spark.*)
    IngestJobConfig config;
    try {
      config = parse(args, environment, sparkSettings(sparkConf));
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("dqnotify ingest job: configuration error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (config == null) {
      err.println(USAGE);
      return 0;
    }
    SparkSession spark =
        CuratedWriter.withDeltaLake(SparkSession.builder().appName(config.jobName()), sparkConf).getOrCreate();
    StreamingQuery query;
    try {
      query = start(spark, config);
    } catch (StartupException e) {
      err.println("dqnotify ingest job cannot start: " + config.redaction().mask(e.getMessage()));
      return 2;
    }
    try {
      query.awaitTermination();
      log.info("The query {} finished", query.name());
      return 0;
    } catch (StreamingQueryException e) {
      Optional<OutboxUnavailableException> outage = outboxOutage(e);
      if (outage.isPresent()) {
        log.error("The streaming query stopped: {}", outage.get().getMessage());
        err.println("dqnotify ingest job: " + outage.get().getMessage() + " (checkpoint " + config.checkpointPath()
            + ")");
        return 3;
      }
      Throwable cause = e.cause() == null ? e : e.cause();
      String why = config.redaction().mask(cause.toString());
      log.error("The streaming query died: {}", why);
      err.println("dqnotify ingest job: the streaming query died: " + why
          + "; restart the job to resume from its checkpoint " + config.checkpointPath());
      return 1;
    }
  }

  /** The outbox outage that ended the query, wherever Spark wrapped it. */
  private static Optional<OutboxUnavailableException> outboxOutage(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof OutboxUnavailableException outage) {
        return Optional.of(outage);
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> sparkSettings(SparkConf conf) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (Tuple2<String, String> entry : conf.getAll()) {
      entries.put(entry._1(), entry._2());
    }
    return entries;
  }

  /**
   * {@code --config}, {@code --conf} and {@code --help}, with the SparkConf's {@code spark.dqnotify.*}
   * settings below the {@code --conf} arguments; null when help was asked for.
   *
   * @throws IllegalArgumentException for a malformed argument, or a Spark setting or spark-submit option
   *     placed after the jar (with where it belongs)
   */
  static IngestJobConfig parse(String[] args, Map<String, String> environment, Map<String, String> sparkConf) {
    Path file = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> {
          return null;
        }
        case "--config" -> file = Path.of(value(args, ++i, arg));
        case "--conf" -> {
          String pair = value(args, ++i, arg);
          int equals = pair.indexOf('=');
          if (equals <= 0) {
            throw new IllegalArgumentException("--conf expects key=value, got '" + pair + "'");
          }
          String key = pair.substring(0, equals).trim();
          requireJobSetting(key);
          overrides.put(key, pair.substring(equals + 1).trim());
        }
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'"
            + (SPARK_SUBMIT_OPTIONS.contains(arg) ? "; " + arg + " is an option of spark-submit: give it before the "
                + "jar (spark-submit " + arg + " … --class " + IngestJob.class.getName() + " <jar> --config …)" : ""));
      }
    }
    IngestJobConfig.secretsInSparkConf(sparkConf).forEach(key -> log.warn("{} carries a secret: Spark shows SparkConf "
        + "entries in its UI and event log unless spark.redaction.regex matches the key; prefer {}_FILE", key,
        Settings.environmentName(key.substring(IngestJobConfig.SPARK_CONF_PREFIX.length()))));
    return IngestJobConfig.load(file, environment, sparkConf, overrides);
  }

  /**
   * Refuses a Spark setting among the job's arguments: after the jar, spark-submit passes {@code --conf}
   * on to the job, and a {@code spark.*} key there would never reach Spark.
   */
  private static void requireJobSetting(String key) {
    if (key.startsWith(IngestJobConfig.SPARK_CONF_PREFIX)) {
      String bare = key.substring(IngestJobConfig.SPARK_CONF_PREFIX.length());
      throw new IllegalArgumentException("--conf " + key + " after the jar: the job's own --conf takes the key "
          + "without " + IngestJobConfig.SPARK_CONF_PREFIX + " (--conf " + bare + "=…); or give it to spark-submit "
          + "before the jar (spark-submit --conf " + key + "=… --class … <jar>)");
    }
    if (key.startsWith("spark.")) {
      throw new IllegalArgumentException("--conf " + key + " is a Spark setting, but it comes after the jar, where "
          + "spark-submit hands it to the job and Spark never sees it; give it before the jar: spark-submit --conf "
          + key + "=… --class " + IngestJob.class.getName() + " <jar> --config …");
    }
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  /**
   * Keeps the message-id state in RocksDB (off-heap, spilled to local disk) with changelog
   * checkpointing (each batch uploads only its changes), unless {@code spark-submit} chose a state
   * store provider itself. Spark's default keeps every id on the executors' heap.
   */
  private static void useRocksDbStateStore(SparkSession spark) {
    if (!spark.sparkContext().getConf().contains(STATE_STORE_PROVIDER)) {
      spark.conf().set(STATE_STORE_PROVIDER,
          "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider");
      spark.conf().set("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
    }
  }

  /**
   * Checks what the job depends on, then starts the streaming query.
   *
   * @throws StartupException when a topic, the broker, the registry or the store metadata is not
   *     as configured
   */
  public static StreamingQuery start(SparkSession spark, IngestJobConfig config) {
    log.info("Starting {} with {}", config.jobName(), config);
    // Which Kafka client the driver found first: the jar's own unless the cluster adds another (docs/ingest-job.md).
    log.info("kafka-clients {} from {}", AppInfoParser.getVersion(),
        Optional.ofNullable(AppInfoParser.class.getProtectionDomain().getCodeSource()).map(c -> c.getLocation())
            .map(Object::toString).orElse("the class path"));
    StoreDirectory stores = Preflight.stores(config);
    Preflight.topicsExist(config);
    OutboxWriter outbox = Preflight.registerSchema(config, stores);
    CuratedWriter curated = Preflight.curatedTable(spark, config, stores);
    spark.streams().addListener(new ProgressLogger(config.redaction()));
    if (config.detectorsEnabled()) {
      BatchDetection.earlierStateIn(config.checkpointPath(), spark.sparkContext().hadoopConfiguration())
          .ifPresent(earlier -> {
            throw new StartupException("The checkpoint " + config.checkpointPath() + " holds detector state of an "
                + "earlier dqnotify version (" + earlier + ") that this version cannot read; start with a fresh "
                + "checkpoint.path and replay (docs/runbook.md, 'Ingest job: detector state')", null);
          });
      useRocksDbStateStore(spark);
    }

    // No stateful operator in the query itself: BatchDetection runs the rules per micro-batch, with
    // the message ids in Spark's state store on the executors. Identical with the detectors off.
    Dataset<ParsedRecord> parsed = KafkaSource.read(spark, config)
        .map((MapFunction<ParsedRecord, ParsedRecord>) ArrivalClassifier::withoutState,
            Encoders.bean(ParsedRecord.class));

    BatchProcessor batches = new BatchProcessor(config, stores, outbox, curated);
    DataStreamWriter<ParsedRecord> writer = parsed.writeStream()
        .queryName(config.jobName())
        .outputMode(OutputMode.Append())
        .option("checkpointLocation", config.checkpointPath())
        .foreachBatch(batches);
    writer = switch (config.triggerMode()) {
      case AVAILABLE_NOW -> writer.trigger(Trigger.AvailableNow());
      case PROCESSING_TIME -> writer.trigger(Trigger.ProcessingTime(config.triggerInterval().toMillis()));
    };
    try {
      StreamingQuery query = writer.start();
      ClosingListener closing = new ClosingListener(spark.streams(), query.id(), batches, outbox);
      spark.streams().addListener(closing);
      if (!query.isActive()) {
        closing.close(); // ended before the listener was in place
      }
      return query;
    } catch (TimeoutException e) {
      throw new StartupException("The streaming query did not start: " + e.getMessage(), e);
    }
  }
}
