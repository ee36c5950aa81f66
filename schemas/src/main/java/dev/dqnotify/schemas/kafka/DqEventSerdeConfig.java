package dev.dqnotify.schemas.kafka;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration keys {@link DqEventSerializer} and {@link DqEventDeserializer} read, named as
 * Confluent's serializers name them so the same producer/consumer properties work for both. {@link
 * #configDef()} declares each key once, with its default and description (Kafka's {@code
 * ConfigDef.toHtml()} renders the reference from it).
 */
public final class DqEventSerdeConfig {

  /** The registry's base URL, e.g. {@code http://127.0.0.1:8080/apis/ccompat/v7}. Required. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Basic auth as {@code user:password}. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Where basic-auth credentials come from: {@code USER_INFO} or {@code URL}. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** Whether the serializer registers its schema ({@code true}) or only looks it up. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Subject naming for values; only TopicNameStrategy ({@code <topic>-value}) is supported. */
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** Subject naming for keys; only TopicNameStrategy ({@code <topic>-key}) is supported. */
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

  private static final String TOPIC_NAME_STRATEGY =
      "io.confluent.kafka.serializers.subject.TopicNameStrategy";

  private static final Logger log = LoggerFactory.getLogger(DqEventSerdeConfig.class);

  private static final ConfigDef CONFIG_DEF = configDef();

  /**
   * The declarations of every key above, with default and description; a new instance per call (a
   * {@code ConfigDef} can be added to).
   */
  public static ConfigDef configDef() {
    return new ConfigDef()
        .define(
            SCHEMA_REGISTRY_URL,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            Importance.HIGH,
            "Base URL of a registry speaking the Confluent Schema Registry REST API, e.g."
                + " http://127.0.0.1:8080/apis/ccompat/v7. One URL; user-info in it is used as"
                + " basic auth unless basic.auth.credentials.source is USER_INFO.")
        .define(
            BASIC_AUTH_USER_INFO,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "Basic-auth credentials for the registry as user:password.")
        .define(
            BASIC_AUTH_CREDENTIALS_SOURCE,
            Type.STRING,
            null,
            DqEventSerdeConfig::validateCredentialsSource,
            Importance.LOW,
            "USER_INFO (use basic.auth.user.info) or URL (use the URL's user-info). Unset:"
                + " USER_INFO when basic.auth.user.info is set, else URL.")
        .define(
            AUTO_REGISTER_SCHEMAS,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "true: the serializer registers the DqEvent schema under its subject if needed."
                + " false: it only looks the schema up and fails if it is not registered.")
        .define(
            VALUE_SUBJECT_NAME_STRATEGY,
            Type.STRING,
            TOPIC_NAME_STRATEGY,
            DqEventSerdeConfig::validateStrategy,
            Importance.LOW,
            "Only TopicNameStrategy: the value subject is <topic>-value.")
        .define(
            KEY_SUBJECT_NAME_STRATEGY,
            Type.STRING,
            TOPIC_NAME_STRATEGY,
            DqEventSerdeConfig::validateStrategy,
            Importance.LOW,
            "Only TopicNameStrategy: the key subject is <topic>-key.");
  }

  private DqEventSerdeConfig() {}

  /**
   * The codec {@code configs} describe.
   *
   * @throws ConfigException naming the key whose value is missing or wrong (credentials masked)
   */
  static AvroWireCodec<DqEvent> codec(Map<String, ?> configs) {
    // doLog=false: AbstractConfig would print the URL, user-info and all.
    AbstractConfig config = new AbstractConfig(CONFIG_DEF, configs, false);
    SchemaRegistryConfig registry = registryConfig(config);
    RegistrationMode mode =
        config.getBoolean(AUTO_REGISTER_SCHEMAS)
            ? RegistrationMode.AUTO_REGISTER
            : RegistrationMode.LOOKUP_ONLY;
    return AvroWireCodec.forDqEvents(new SchemaRegistryClient(registry), mode);
  }

  /** TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
  static String subject(String topic, boolean isKey) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic is blank; TopicNameStrategy needs a topic name");
    }
    return topic + (isKey ? "-key" : "-value");
  }

  private static SchemaRegistryConfig registryConfig(AbstractConfig config) {
    String url = config.getString(SCHEMA_REGISTRY_URL);
    if (url == null || url.isBlank()) {
      throw new ConfigException(
          "Missing required configuration \""
              + SCHEMA_REGISTRY_URL
              + "\": give the registry's base URL, e.g. http://127.0.0.1:8080/apis/ccompat/v7");
    }
    Password userInfo = config.getPassword(BASIC_AUTH_USER_INFO);
    String source = config.getString(BASIC_AUTH_CREDENTIALS_SOURCE);
    source =
        source != null ? source.toUpperCase(Locale.ROOT) : userInfo != null ? "USER_INFO" : "URL";
    SchemaRegistryConfig registry;
    try {
      registry = SchemaRegistryConfig.of(url);
    } catch (IllegalArgumentException e) {
      // Our own message: ConfigException(name, value, ...) would print the URL's user-info.
      throw new ConfigException("Invalid " + SCHEMA_REGISTRY_URL + ": " + e.getMessage());
    }
    if (source.equals("URL")) {
      if (userInfo != null) {
        log.warn(
            "{} is ignored because {} is URL", BASIC_AUTH_USER_INFO, BASIC_AUTH_CREDENTIALS_SOURCE);
      }
      return registry;
    }
    if (userInfo == null || userInfo.value() == null) {
      throw new ConfigException(
          BASIC_AUTH_CREDENTIALS_SOURCE
              + " is USER_INFO but "
              + BASIC_AUTH_USER_INFO
              + " is not set; give it as user:password");
    }
    try {
      return registry.withBasicAuth(userInfo.value());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Invalid " + BASIC_AUTH_USER_INFO + ": " + e.getMessage());
    }
  }

  private static void validateCredentialsSource(String name, Object value) {
    if (value != null
        && !value.toString().equalsIgnoreCase("USER_INFO")
        && !value.toString().equalsIgnoreCase("URL")) {
      throw new ConfigException(name, value, "valid sources are USER_INFO and URL");
    }
  }

  private static void validateStrategy(String name, Object value) {
    String text = value == null ? "" : value.toString();
    if (!text.equals("TopicNameStrategy") && !text.endsWith(".TopicNameStrategy")) {
      throw new ConfigException(
          name, value, "only TopicNameStrategy (<topic>-value, <topic>-key) is supported");
    }
  }
}
