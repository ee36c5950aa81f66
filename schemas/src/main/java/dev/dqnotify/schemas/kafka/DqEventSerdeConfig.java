package dev.dqnotify.schemas.kafka;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration keys {@link DqEventSerializer} and {@link DqEventDeserializer} read, named as
 * Confluent's serializers name them so the same producer/consumer properties work for both. {@link
 * #configDef()} declares each key once, with its default and description (Kafka's {@code
 * ConfigDef.toHtml()} renders the reference from it).
 */
public final class DqEventSerdeConfig {

  /** The registry's base URL, e.g. {@code http://127.0.0.1:8080/apis/ccompat/v7}. Required. */
  public static final String SCHEMA_REGISTRY_URL = SchemaRegistryConfig.URL;

  /** Basic auth as {@code user:password}. */
  public static final String BASIC_AUTH_USER_INFO = SchemaRegistryConfig.BASIC_AUTH_USER_INFO;

  /** Where basic-auth credentials come from: {@code USER_INFO} or {@code URL}. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE;

  /** Whether the serializer registers its schema ({@code true}) or only looks it up. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Subject naming for values; only TopicNameStrategy ({@code <topic>-value}) is supported. */
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** Subject naming for keys; only TopicNameStrategy ({@code <topic>-key}) is supported. */
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

  private static final String TOPIC_NAME_STRATEGY =
      "io.confluent.kafka.serializers.subject.TopicNameStrategy";

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
        .define(SchemaRegistryConfig.TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
            "Trust store file for an https registry whose certificate the JVM does not trust by default.")
        .define(SchemaRegistryConfig.TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
            "Password of the trust store.")
        .define(SchemaRegistryConfig.TRUSTSTORE_TYPE, Type.STRING, null, Importance.LOW,
            "Type of the trust store: PKCS12 or JKS (unset: the JVM's default, PKCS12).")
        .define(SchemaRegistryConfig.KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
            "Key store file with the client's certificate, for a registry that requires mutual TLS.")
        .define(SchemaRegistryConfig.KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
            "Password of the key store.")
        .define(SchemaRegistryConfig.KEYSTORE_TYPE, Type.STRING, null, Importance.LOW,
            "Type of the key store: PKCS12 or JKS (unset: the JVM's default, PKCS12).")
        .define(SchemaRegistryConfig.KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
            "Password of the key in the key store (unset: the key store's password).")
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

  /** The registry part of the properties, read by {@link SchemaRegistryConfig#fromProperties}. */
  private static SchemaRegistryConfig registryConfig(AbstractConfig config) {
    Map<String, String> registry = new HashMap<>();
    Map<String, ?> values = config.values();
    for (String key : SchemaRegistryConfig.CONFLUENT_KEYS) {
      Object value = values.get(key);
      if (value instanceof Password password) {
        registry.put(key, password.value());
      } else if (value != null) {
        registry.put(key, value.toString());
      }
    }
    try {
      return SchemaRegistryConfig.fromProperties(registry);
    } catch (IllegalArgumentException e) {
      // Our own message: ConfigException(name, value, ...) would print the URL's user-info.
      throw new ConfigException("Invalid registry settings: " + e.getMessage());
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
