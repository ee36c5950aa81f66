package dev.dqnotify.forwarder;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.config.ConfigReference;
import dev.dqnotify.config.KafkaProperties;
import dev.dqnotify.config.Secret;
import dev.dqnotify.config.Setting;
import dev.dqnotify.config.Settings;
import dev.dqnotify.forwarder.deliver.BackoffPolicy;
import dev.dqnotify.forwarder.deliver.DatadogSite;
import dev.dqnotify.forwarder.filter.InvalidSilenceException;
import dev.dqnotify.forwarder.filter.Silence;
import dev.dqnotify.forwarder.group.GroupingMode;
import dev.dqnotify.forwarder.group.GroupingSettings;
import dev.dqnotify.forwarder.render.OverflowPolicy;
import dev.dqnotify.forwarder.render.RenderSettings;
import dev.dqnotify.forwarder.telemetry.MeterRegistries;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.registry.RegistrySettings;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The forwarder's configuration: every setting declared once here (key, default, one-line
 * description, valid values), read from the {@code --config} file with {@code DQNOTIFY_*}
 * environment variables and {@code --conf key=value} overrides, and checked at start-up; a mistake
 * names the key, the value and what would be valid. {@code docs/forwarder.md} lists the same
 * declarations, generated ({@link #reference()}).
 *
 * <p>{@code kafka.*} keys are handed to every Kafka client of the forwarder (the group consumer, the
 * dedupe rebuild consumer, the dead-letter producer) with the prefix removed, for TLS, SASL and
 * tuning. The few properties the forwarder's guarantees depend on cannot be overridden.
 *
 * <p>{@code silence.<name>.match|start|end|comment} keys declare {@link Silence}s; they are checked
 * like the rest, and a mistake names the key.
 *
 * <p>The Datadog API key is not a setting: it comes from the file named by {@code
 * datadog.api-key-file} when set, else from the {@code DD_API_KEY} environment variable, and is never
 * logged. The site follows the settings' order with Datadog's {@code DD_SITE} just above the
 * default: {@code --conf} &gt; {@code DQNOTIFY_DATADOG_SITE} &gt; config file &gt; {@code DD_SITE}
 * &gt; {@code datadoghq.com} (docs/configuration.md, "Datadog's own variables").
 */
public record ForwarderConfig(
    String bootstrapServers,
    String topic,
    String groupId,
    int maxPendingRecords,
    int maxUncommittedRecords,
    Duration maxUnfinishedAge,
    Duration commitInterval,
    Duration revokeGrace,
    String deadLetterTopic,
    Duration deadLetterRetryBackoff,
    Duration deadLetterMaxRetryTime,
    SchemaRegistryConfig schemaRegistry,
    Duration schemaRegistryRetryInterval,
    URI datadogBaseUrl,
    Optional<Path> apiKeyFile,
    Duration connectTimeout,
    Duration readTimeout,
    Duration authProbeInterval,
    int maxInFlight,
    OptionalDouble eventsPerSecond,
    BackoffPolicy backoff,
    GroupingSettings grouping,
    RenderSettings rendering,
    Severity minSeverity,
    Duration backfillAfter,
    Duration dedupeHorizon,
    int dedupeMaxEntries,
    String httpBindAddress,
    int httpPort,
    Optional<String> env,
    Duration shutdownDeadline,
    boolean jsonLogs,
    Map<String, String> kafkaProperties,
    List<Silence> silences,
    Optional<MeterRegistries.DogStatsd> dogstatsd,
    String logService) {

  static final String KAFKA_PREFIX = "kafka.";

  /** The variable Datadog's own tools read the site from. */
  public static final String DATADOG_SITE_VARIABLE = "DD_SITE";

  /**
   * Prefixes of keys that are not declared settings: {@code kafka.*} goes to the Kafka clients,
   * {@code silence.<name>.*} declares silences ({@link Silence}), parsed and checked here,
   * Confluent's {@code schema.registry.*} and {@code basic.auth.*} go to the registry client.
   */
  public static final Set<String> PASS_THROUGH_PREFIXES = Set.of(KAFKA_PREFIX, Silence.PREFIX,
      RegistrySettings.CONFLUENT_REGISTRY_PREFIX, RegistrySettings.CONFLUENT_AUTH_PREFIX);

  /** Kafka properties the forwarder sets itself: its delivery guarantees depend on them. */
  static final Set<String> FIXED_KAFKA_PROPERTIES = Set.of("enable.auto.commit", "group.id", "key.deserializer",
      "value.deserializer", "key.serializer", "value.serializer", "acks", "enable.idempotence");

  static final Setting<String> BOOTSTRAP = Setting.string("consume.bootstrap-servers", null,
      "Kafka bootstrap servers of the outbox topic, host:port[,host:port...].");
  static final Setting<String> TOPIC = Setting.string("consume.topic", "dq-events",
      "The outbox topic of Avro DqEvents to forward.");
  static final Setting<String> GROUP_ID = Setting.string("consume.group-id", "dq-forwarder",
      "Consumer group of the forwarder instances; instances of one group share the partitions.");
  static final Setting<Integer> MAX_PENDING = Setting.integer("consume.max-pending-records", 10_000, 1, 1_000_000,
      "Records consumed but not yet terminal at which every partition is paused (bounds memory and duplicates after a crash).");
  static final Setting<Integer> MAX_UNCOMMITTED = Setting.integer("consume.max-uncommitted-records", 1_000, 1, 1_000_000,
      "Records of one partition consumed at or after its commit point (its oldest unfinished record) at which that partition is paused (bounds duplicates when one record is stuck).");
  static final Setting<Duration> MAX_UNFINISHED_AGE = Setting.duration("consume.max-unfinished-age", "5m",
      Duration.ofSeconds(1), "A partition whose oldest unfinished record has waited this long is paused until it finishes.");
  static final Setting<Duration> COMMIT_INTERVAL = Setting.duration("consume.commit-interval", "1s", Duration.ZERO,
      "Time between commits of terminal offsets (also committed on rebalance and at shutdown).");
  static final Setting<Duration> REVOKE_GRACE = Setting.duration("consume.revoke-grace", "5s", Duration.ZERO,
      "How long in-flight work of revoked partitions may take to finish before they go to another instance.");
  static final Setting<String> DLQ_TOPIC = Setting.string("dlq.topic", "dq-events-dlq",
      "Dead-letter topic for records that cannot be decoded or that Datadog rejects.");
  /** The longest wait between two writes of one dead letter; the first is {@code dlq.retry-backoff}. */
  static final Duration DLQ_BACKOFF_MAX = Duration.ofSeconds(30);
  /** The random fraction of each wait between two writes of one dead letter. */
  static final double DLQ_BACKOFF_JITTER = 0.2;
  static final Setting<Duration> DLQ_BACKOFF = Setting.duration("dlq.retry-backoff", "1s", Duration.ofMillis(10),
      "First delay before writing a dead letter again after a retriable failure (doubles up to "
          + DLQ_BACKOFF_MAX.toSeconds() + " s).");
  static final Setting<Duration> DLQ_MAX_RETRY = Setting.duration("dlq.max-retry-time", "5m", Duration.ofSeconds(1),
      "How long a dead-letter write failing with retriable errors is retried before the forwarder stops (exit 1).");
  static final Setting<String> REGISTRY_URL = Setting.string("schema-registry.url", null,
      "Base URL of a Confluent-compatible schema registry, e.g. http://registry:8081.");
  static final Setting<Secret> REGISTRY_AUTH = Setting.secret("schema-registry.basic-auth-user-info",
      "user:password for the schema registry's basic auth (unset: none).");
  static final Setting<Duration> REGISTRY_RETRY = Setting.duration("schema-registry.retry-interval", "5s",
      Duration.ofMillis(10), "How long a partition waits before a record is decoded again when the registry was unavailable.");
  /** The Datadog site; Datadog's own {@code DD_SITE} fills it in when nothing of ours sets it. */
  public static final Setting<String> DATADOG_SITE = Setting.string("datadog.site", "datadoghq.com",
      "Datadog site (datadoghq.com, datadoghq.eu, us3.datadoghq.com, us5.datadoghq.com, ap1.datadoghq.com, "
          + "ddog-gov.com) or an https:// base URL (http:// only with datadog.allow-plain-http).")
      .orEnvironment(DATADOG_SITE_VARIABLE);
  static final Setting<Boolean> ALLOW_PLAIN_HTTP = Setting.bool("datadog.allow-plain-http", false,
      "Test only: accept an http:// datadog.site such as the local Datadog simulator; the API key would cross the network unencrypted.");
  static final Setting<Path> API_KEY_FILE = Setting.path("datadog.api-key-file", null,
      "File holding the Datadog API key, read again whenever Datadog refuses the key (rotation without a restart); when set it wins over DD_API_KEY.");
  static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("datadog.connect-timeout", "5s", Duration.ofMillis(1),
      "Timeout for connecting to Datadog.");
  static final Setting<Duration> READ_TIMEOUT = Setting.duration("datadog.read-timeout", "15s", Duration.ofMillis(1),
      "Timeout for Datadog's answer to one request.");
  static final Setting<Duration> AUTH_PROBE = Setting.duration("datadog.auth-probe-interval", "30s", Duration.ofMillis(100),
      "While Datadog rejects the API key, how often the key is validated again.");
  static final Setting<Integer> MAX_IN_FLIGHT = Setting.integer("deliver.max-in-flight", 8, 1, 256,
      "Datadog requests under way at once.");
  static final Setting<Double> EVENTS_PER_SECOND = Setting.decimal("deliver.events-per-second", null,
      "Most Datadog events posted per second (unset: no limit besides Datadog's own).");
  static final Setting<Duration> BACKOFF_INITIAL = Setting.duration("deliver.backoff.initial", "500ms",
      Duration.ofMillis(1), "First delay before retrying a failed Datadog request.");
  static final Setting<Duration> BACKOFF_MAX = Setting.duration("deliver.backoff.max", "60s", Duration.ofMillis(1),
      "Longest delay between retries (a longer rate-limit reset from Datadog is still honoured).");
  static final Setting<Double> BACKOFF_MULTIPLIER = Setting.decimal("deliver.backoff.multiplier", 2.0,
      "Factor by which the retry delay grows after each failure (at least 1).");
  static final Setting<Double> BACKOFF_JITTER = Setting.decimal("deliver.backoff.jitter", 0.2,
      "Fraction of each retry delay that is random, from 0 to 1, so instances do not retry in step.");
  static final Setting<GroupingMode> GROUP_MODE = Setting.choice("group.mode", GroupingMode.class,
      GroupingMode.PER_EVENT, "per-event: one notification per event; digest: one per group of events.");
  static final Setting<List<String>> GROUP_BY = Setting.list("group.by", "team,env,job,event_type,store_id",
      "Labels that make up a digest's group: team, env, job, event_type, severity, store_id, sensor_id.");
  static final Setting<Duration> GROUP_WAIT = Setting.duration("group.wait", "10s", Duration.ZERO,
      "How long a digest collects events after its first one.");
  static final Setting<Integer> GROUP_MAX = Setting.integer("group.max-events", 50, 1, 1_000,
      "Most events in one digest; a full digest is sent at once.");
  static final Setting<OverflowPolicy> OVERFLOW = Setting.choice("render.overflow", OverflowPolicy.class,
      OverflowPolicy.TRUNCATE, "What to do with text over Datadog's 4000 characters: truncate, or paginate into parts.");
  static final Setting<List<String>> EXTRA_TAGS = Setting.list("render.extra-tags", null,
      "Tags added to every Datadog event, e.g. service:dq-forwarder,region:eu (unset: none).");
  static final Setting<String> ENV = Setting.string("forwarder.env", null,
      "Environment this forwarder runs in (e.g. prod): tag forwarder_env:<value> on events, env=<value> on metrics "
          + "and JSON logs.").orEnvironment("DD_ENV");
  static final Setting<Severity> MIN_SEVERITY = Setting.choice("forward.min-severity", Severity.class, Severity.INFO,
      "Events below this severity are not notified (suppressed; they still count as done).");
  static final Setting<Duration> BACKFILL_AFTER = Setting.duration("forward.backfill-after", "1h", Duration.ofSeconds(1),
      "Events detected longer ago than this when read are tagged backfill:true (catch-up, replays).");
  static final Setting<Duration> DEDUPE_HORIZON = Setting.duration("dedupe.horizon", "24h", Duration.ofSeconds(1),
      "How long an event_id is remembered: a repeat within it is not notified again.");
  static final Setting<Integer> DEDUPE_MAX = Setting.integer("dedupe.max-entries", 1_000_000, 1, 100_000_000,
      "Most event ids remembered (about 60 bytes each); the oldest are forgotten first.");
  static final Setting<String> HTTP_BIND = Setting.string("telemetry.bind-address", "0.0.0.0",
      "Address /metrics, /health and /ready listen on: 0.0.0.0 every interface, 127.0.0.1 this host only, or one interface's address.");
  static final Setting<Integer> HTTP_PORT = Setting.integer("telemetry.http-port", 9464, 0, 65_535,
      "Port of /metrics, /health and /ready (0: any free port).");
  static final Setting<String> DOGSTATSD_HOST = Setting.string("telemetry.dogstatsd.host", null,
      "Host of a Datadog agent's DogStatsD: when set (or DD_AGENT_HOST is), metrics are also sent there, besides /metrics.")
      .orEnvironment("DD_AGENT_HOST");
  static final Setting<Integer> DOGSTATSD_PORT = Setting.integer("telemetry.dogstatsd.port", 8125, 1, 65_535,
      "UDP port of DogStatsD on telemetry.dogstatsd.host.").orEnvironment("DD_DOGSTATSD_PORT");
  static final Setting<Boolean> DOGSTATSD_ENABLED = Setting.bool("telemetry.dogstatsd.enabled", true,
      "false: never send to DogStatsD, even when DD_AGENT_HOST is set (e.g. an agent that is not yours).");
  static final Setting<Duration> DOGSTATSD_INTERVAL = Setting.duration("telemetry.dogstatsd.interval", "10s",
      Duration.ofMillis(100), "How often gauges (lag, in flight, client-side percentiles) are sampled and sent to DogStatsD.");
  static final Setting<Duration> SHUTDOWN_DEADLINE = Setting.duration("shutdown.deadline", "30s", Duration.ZERO,
      "On SIGTERM, how long work in flight may take before it is abandoned (and delivered after the restart).");
  static final Setting<Boolean> JSON_LOGS = Setting.bool("log.json", false,
      "Log one JSON object per line with Datadog's attributes (status, message, logger.name, service, env) instead of plain text.");
  static final Setting<String> LOG_SERVICE = Setting.string("log.service", "dq-forwarder",
      "The service attribute of JSON log lines (Datadog's unified service tagging).").orEnvironment("DD_SERVICE");

  /** Every setting, in the order of the reference. */
  public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP, TOPIC, GROUP_ID, MAX_PENDING, MAX_UNCOMMITTED,
      MAX_UNFINISHED_AGE, COMMIT_INTERVAL,
      REVOKE_GRACE, DLQ_TOPIC, DLQ_BACKOFF, DLQ_MAX_RETRY, REGISTRY_URL, REGISTRY_AUTH, REGISTRY_RETRY, DATADOG_SITE, ALLOW_PLAIN_HTTP,
      API_KEY_FILE,
      CONNECT_TIMEOUT, READ_TIMEOUT, AUTH_PROBE, MAX_IN_FLIGHT, EVENTS_PER_SECOND, BACKOFF_INITIAL, BACKOFF_MAX,
      BACKOFF_MULTIPLIER, BACKOFF_JITTER, GROUP_MODE, GROUP_BY, GROUP_WAIT, GROUP_MAX, OVERFLOW, EXTRA_TAGS, ENV,
      MIN_SEVERITY, BACKFILL_AFTER, DEDUPE_HORIZON, DEDUPE_MAX, HTTP_BIND, HTTP_PORT, DOGSTATSD_HOST, DOGSTATSD_PORT,
      DOGSTATSD_ENABLED, DOGSTATSD_INTERVAL, SHUTDOWN_DEADLINE, JSON_LOGS, LOG_SERVICE);

  /** Settings without a default that may stay unset; the rest without a default are required. */
  static final Set<Setting<?>> OPTIONAL = Set.of(REGISTRY_AUTH, API_KEY_FILE, EVENTS_PER_SECOND, EXTRA_TAGS, ENV,
      DOGSTATSD_HOST);

  /** Shows the settings but only the names of the {@code kafka.*} properties: their values may be credentials. */
  @Override
  public String toString() {
    return "ForwarderConfig[topic=" + topic + ", groupId=" + groupId + ", bootstrapServers=" + bootstrapServers
        + ", deadLetterTopic=" + deadLetterTopic + ", schemaRegistry=" + schemaRegistry + ", datadog=" + datadogBaseUrl
        + ", grouping=" + grouping + ", rendering=" + rendering + ", dedupeHorizon=" + dedupeHorizon
        + ", kafkaProperties=" + kafkaProperties.keySet() + ", silences=" + silences.stream().map(Silence::name).toList()
        + ", ...]";
  }

  /** Reads and checks the configuration; every mistake names its key. */
  public static ForwarderConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
    return from(Settings.load(SETTINGS, PASS_THROUGH_PREFIXES, file, environment, overrides));
  }

  /** The settings reference as a Markdown table, as {@code docs/forwarder.md} shows it. */
  public static String reference() {
    return markOptional(ConfigReference.markdown(SETTINGS));
  }

  /** ConfigReference calls every key without a default required; {@link #OPTIONAL} ones are not. */
  static String markOptional(String table) {
    String marked = table;
    for (Setting<?> setting : OPTIONAL) {
      marked = marked.replace("| `" + setting.key() + "` | *(required)* |", "| `" + setting.key() + "` | *(unset)* |");
    }
    return marked;
  }

  /** The typed configuration of checked settings. */
  static ForwarderConfig from(Settings s) {
    Map<String, String> kafka = s.passThrough(KAFKA_PREFIX);
    for (String key : kafka.keySet()) {
      if (FIXED_KAFKA_PROPERTIES.contains(key)) {
        throw new ConfigException(KAFKA_PREFIX + key, "cannot be set: the forwarder sets " + key
            + " itself because its delivery guarantees depend on it");
      }
    }
    KafkaProperties.check(KAFKA_PREFIX, kafka, Set.of());
    Optional<Path> keyFile = s.has(API_KEY_FILE) ? Optional.of(s.get(API_KEY_FILE)) : Optional.empty();
    keyFile.ifPresent(file -> {
      if (!Files.isReadable(file)) {
        throw new ConfigException(API_KEY_FILE.key(), "'" + file + "' is not a readable file; expected a file "
            + "holding the Datadog API key");
      }
    });
    OptionalDouble eventsPerSecond = OptionalDouble.empty();
    if (s.has(EVENTS_PER_SECOND)) {
      double rate = s.get(EVENTS_PER_SECOND);
      if (rate <= 0) {
        throw new ConfigException(EVENTS_PER_SECOND.key(), "'" + rate + "' is not positive; expected a number above 0");
      }
      eventsPerSecond = OptionalDouble.of(rate);
    }
    Optional<String> env = s.has(ENV) ? Optional.of(s.get(ENV)) : Optional.empty();
    List<String> extraTags = new ArrayList<>(s.has(EXTRA_TAGS) ? s.get(EXTRA_TAGS) : List.of());
    env.ifPresent(e -> extraTags.add("forwarder_env:" + e));
    return new ForwarderConfig(
        s.get(BOOTSTRAP), s.get(TOPIC), s.get(GROUP_ID), s.get(MAX_PENDING), s.get(MAX_UNCOMMITTED),
        s.get(MAX_UNFINISHED_AGE), s.get(COMMIT_INTERVAL),
        s.get(REVOKE_GRACE), s.get(DLQ_TOPIC), s.get(DLQ_BACKOFF), s.get(DLQ_MAX_RETRY), registry(s), s.get(REGISTRY_RETRY),
        datadogBaseUrl(s.get(DATADOG_SITE), s.get(ALLOW_PLAIN_HTTP)), keyFile, s.get(CONNECT_TIMEOUT), s.get(READ_TIMEOUT), s.get(AUTH_PROBE),
        s.get(MAX_IN_FLIGHT), eventsPerSecond,
        backoff(s),
        grouping(s), new RenderSettings(s.get(OVERFLOW), List.copyOf(extraTags)), s.get(MIN_SEVERITY),
        s.get(BACKFILL_AFTER), s.get(DEDUPE_HORIZON), s.get(DEDUPE_MAX), bindAddress(s.get(HTTP_BIND)), s.get(HTTP_PORT), env,
        s.get(SHUTDOWN_DEADLINE), s.get(JSON_LOGS), kafka, silences(s), dogstatsd(s), s.get(LOG_SERVICE));
  }

  /** DogStatsD when a host is known and it is not turned off; off by default (no host). */
  private static Optional<MeterRegistries.DogStatsd> dogstatsd(Settings s) {
    if (!s.has(DOGSTATSD_HOST) || !s.get(DOGSTATSD_ENABLED)) {
      return Optional.empty();
    }
    return Optional.of(new MeterRegistries.DogStatsd(s.get(DOGSTATSD_HOST), s.get(DOGSTATSD_PORT),
        s.get(DOGSTATSD_INTERVAL)));
  }

  private static List<Silence> silences(Settings s) {
    try {
      return Silence.parseAll(s.passThrough(Silence.PREFIX));
    } catch (InvalidSilenceException e) {
      throw new ConfigException(e.key(), e.getMessage());
    }
  }

  /** Our keys and Confluent's names ({@link RegistrySettings}), checked together. */
  private static SchemaRegistryConfig registry(Settings s) {
    return RegistrySettings.read(s, REGISTRY_URL, REGISTRY_AUTH).config();
  }

  private static URI datadogBaseUrl(String siteOrUrl, boolean allowPlainHttp) {
    URI url;
    try {
      url = DatadogSite.baseUrl(siteOrUrl);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(DATADOG_SITE.key(), "'" + siteOrUrl + "' " + e.getMessage());
    }
    if ("http".equals(url.getScheme()) && !allowPlainHttp) {
      throw new ConfigException(DATADOG_SITE.key(), "'" + siteOrUrl + "' is plain http: the API key would cross the "
          + "network unencrypted; use a Datadog site or an https:// URL (for the local Datadog simulator only, set "
          + ALLOW_PLAIN_HTTP.key() + "=true)");
    }
    return url;
  }

  /** A literal IP address (no name lookup at start-up, so no surprise interface). */
  private static String bindAddress(String address) {
    String value = address.strip();
    boolean literal = value.matches("[0-9.]+") || value.contains(":");
    try {
      if (literal) {
        InetAddress.getByName(value); // parses a literal without any lookup
        return value;
      }
    } catch (UnknownHostException e) {
      // falls through to the message below
    }
    throw new ConfigException(HTTP_BIND.key(), "'" + address + "' is not an IP address; expected e.g. 0.0.0.0 (every "
        + "interface), 127.0.0.1 (this host only) or ::");
  }

  private static GroupingSettings grouping(Settings s) {
    List<String> groupBy = s.get(GROUP_BY);
    List<String> valid = GroupingSettings.validGroupByLabels();
    for (String label : groupBy) {
      if (!valid.contains(label) || groupBy.indexOf(label) != groupBy.lastIndexOf(label)) {
        throw new ConfigException(GROUP_BY.key(), "'" + String.join(",", groupBy) + "' has an unknown or repeated label '"
            + label + "'; expected distinct labels from " + String.join(", ", valid));
      }
    }
    return new GroupingSettings(s.get(GROUP_MODE), groupBy, s.get(GROUP_WAIT), s.get(GROUP_MAX));
  }

  /** The delivery backoff; its limits are {@link BackoffPolicy}'s, reported here under their keys. */
  private static BackoffPolicy backoff(Settings s) {
    try {
      return new BackoffPolicy(s.get(BACKOFF_INITIAL), s.get(BACKOFF_MAX), s.get(BACKOFF_MULTIPLIER),
          s.get(BACKOFF_JITTER));
    } catch (BackoffPolicy.Invalid e) {
      Setting<?> setting = switch (e.parameter()) {
        case INITIAL -> BACKOFF_INITIAL;
        case MAX -> BACKOFF_MAX;
        case MULTIPLIER -> BACKOFF_MULTIPLIER;
        case JITTER -> BACKOFF_JITTER;
      };
      throw new ConfigException(setting.key(), e.problem());
    }
  }

  /**
   * The wait between writes of one dead letter: {@code dlq.retry-backoff} doubling up to
   * {@link #DLQ_BACKOFF_MAX} (a first wait above that stays as it is), {@link #DLQ_BACKOFF_JITTER} of it random.
   */
  public BackoffPolicy deadLetterBackoff() {
    Duration max = DLQ_BACKOFF_MAX.compareTo(deadLetterRetryBackoff) < 0 ? deadLetterRetryBackoff : DLQ_BACKOFF_MAX;
    return new BackoffPolicy(deadLetterRetryBackoff, max, 2.0, DLQ_BACKOFF_JITTER);
  }
}
