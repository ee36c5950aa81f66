package dev.dqnotify.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The {@code kafka.*} pass-through settings: checked at start-up against the Kafka client's own
 * definitions ({@code ConsumerConfig}, {@code ProducerConfig}, {@code AdminClientConfig}), so a typo
 * or a bad value is one line naming key and value instead of a warning in a client's log (or a
 * silently ignored security setting); and split per cluster where a program talks to two
 * ({@code kafka.<scope>.*} overrides {@code kafka.*} for that scope's clients).
 */
public final class KafkaProperties {
  private static final List<ConfigDef> DEFINITIONS =
      List.of(ConsumerConfig.configDef(), ProducerConfig.configDef(), AdminClientConfig.configDef());

  private KafkaProperties() {}

  /**
   * Checks every property: its name must be a consumer, producer or admin client property, and its
   * value must parse and pass the client's validator. {@code properties} are without the prefix;
   * {@code scopes} (e.g. {@code source.}, {@code outbox.}) are checked without theirs.
   *
   * @param prefix the settings prefix, e.g. {@code kafka.}, for messages
   * @throws ConfigException naming the key (with the nearest property for a typo) or the bad value
   */
  public static void check(String prefix, Map<String, String> properties, Set<String> scopes) {
    properties.forEach((key, value) -> {
      String scope = scopes.stream().filter(key::startsWith).findFirst().orElse("");
      checkOne(prefix + scope, key.substring(scope.length()), value);
    });
  }

  /**
   * The properties of {@code scope}'s clients: the unscoped ones, overridden by those under
   * {@code scope}, without any scope's keys.
   */
  public static Map<String, String> scoped(Map<String, String> properties, Set<String> scopes, String scope) {
    Map<String, String> result = new TreeMap<>();
    properties.forEach((key, value) -> {
      if (scopes.stream().noneMatch(key::startsWith)) {
        result.put(key, value);
      }
    });
    properties.forEach((key, value) -> {
      if (key.startsWith(scope)) {
        result.put(key.substring(scope.length()), value);
      }
    });
    return result;
  }

  private static void checkOne(String prefix, String name, String value) {
    List<ConfigDef.ConfigKey> keys = DEFINITIONS.stream().map(def -> def.configKeys().get(name))
        .filter(k -> k != null).toList();
    if (keys.isEmpty()) {
      String hint = Settings.nearest(DEFINITIONS.stream().flatMap(def -> def.names().stream()).distinct().toList(),
          name).map(known -> "; did you mean '" + prefix + known + "'?").orElse("");
      throw new ConfigException(prefix + name, "is not a Kafka client property" + hint
          + " (kafka-clients " + org.apache.kafka.common.utils.AppInfoParser.getVersion() + ")");
    }
    for (ConfigDef.ConfigKey key : keys) {
      try {
        Object parsed = ConfigDef.parseType(name, value, key.type);
        if (key.validator != null) {
          key.validator.ensureValid(name, parsed);
        }
      } catch (org.apache.kafka.common.config.ConfigException e) {
        Redaction redaction = Redaction.of(Map.of(name, value));
        String shown = Redaction.isSecretKey(name) ? Redaction.MASK : "'" + Redaction.maskUserInfo(value) + "'";
        throw new ConfigException(prefix + name, shown + " is not valid: " + redaction.mask(e.getMessage()));
      }
    }
  }
}
