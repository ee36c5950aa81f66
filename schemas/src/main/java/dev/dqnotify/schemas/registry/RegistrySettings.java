package dev.dqnotify.schemas.registry;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.config.Redaction;
import dev.dqnotify.config.Secret;
import dev.dqnotify.config.Setting;
import dev.dqnotify.config.Settings;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry client's settings as both programs read them: their own keys ({@code
 * schema-registry.url}, {@code schema-registry.basic-auth-user-info}) and Confluent's names ({@code
 * schema.registry.url}, {@code basic.auth.*}, {@code schema.registry.ssl.*}), each thing given once,
 * every mistake reported at start-up under the key the user wrote.
 */
public final class RegistrySettings {

  /** Prefix of Confluent's registry client properties, handed on as they are. */
  public static final String CONFLUENT_REGISTRY_PREFIX = "schema.registry.";

  /** Prefix of Confluent's basic-auth properties, handed on as they are. */
  public static final String CONFLUENT_AUTH_PREFIX = "basic.auth.";

  /** The pass-through prefixes a program declares to accept Confluent's names. */
  public static final Set<String> PREFIXES = Set.of(CONFLUENT_REGISTRY_PREFIX, CONFLUENT_AUTH_PREFIX);

  private RegistrySettings() {}

  /**
   * The registry client's settings, read and checked once.
   *
   * @param properties under Confluent's names, for a program that hands them on (to executors)
   * @param config the client configuration built from them (TLS stores already opened)
   */
  public record Checked(Map<String, String> properties, SchemaRegistryConfig config) {}

  /**
   * The registry client's properties under Confluent's names, checked: {@code ours} URL and
   * credentials merged with Confluent's keys given directly.
   *
   * @throws ConfigException naming the key to fix (values masked)
   */
  public static Checked read(Settings s, Setting<String> url, Setting<Secret> auth) {
    Map<String, String> confluent = new TreeMap<>();
    for (String prefix : PREFIXES) {
      s.passThrough(prefix).forEach((key, value) -> confluent.put(prefix + key, value));
    }
    confluent.keySet().forEach(key -> {
      if (!SchemaRegistryConfig.CONFLUENT_KEYS.contains(key)) {
        throw new ConfigException(key, "is not a schema registry client property"
            + Settings.nearest(SchemaRegistryConfig.CONFLUENT_KEYS, key).map(k -> "; did you mean '" + k + "'?").orElse("")
            + " (known: " + String.join(", ", SchemaRegistryConfig.CONFLUENT_KEYS) + ")");
      }
    });
    once(s, url, SchemaRegistryConfig.URL, confluent).ifPresent(value -> confluent.put(SchemaRegistryConfig.URL, value));
    once(s, auth, SchemaRegistryConfig.BASIC_AUTH_USER_INFO, confluent)
        .ifPresent(value -> confluent.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO, value.reveal()));
    if (!confluent.containsKey(SchemaRegistryConfig.URL)) {
      s.get(url); // required: says how to set it
    }
    SchemaRegistryConfig config;
    try {
      config = SchemaRegistryConfig.fromProperties(confluent); // every mistake now, at start-up
    } catch (IllegalArgumentException e) {
      // The message starts with the Confluent key at fault; name ours where ours was given.
      String message = Redaction.of(confluent).mask(e.getMessage());
      String theirs = SchemaRegistryConfig.CONFLUENT_KEYS.stream().filter(message::startsWith).findFirst().orElse("");
      String key = theirs.equals(SchemaRegistryConfig.URL) && s.find(url).isPresent() ? url.key()
          : theirs.equals(SchemaRegistryConfig.BASIC_AUTH_USER_INFO) && s.find(auth).isPresent()
          ? auth.key() : theirs.isEmpty() ? url.key() : theirs;
      throw new ConfigException(key, message.substring(theirs.length()).replaceFirst("^: ", "").trim());
    }
    return new Checked(Map.copyOf(confluent), config);
  }

  /** Our setting's value, refused when Confluent's name of the same thing is given too. */
  private static <T> Optional<T> once(Settings s, Setting<T> ours, String theirs, Map<String, String> confluent) {
    Optional<T> value = s.find(ours);
    if (value.isPresent() && confluent.containsKey(theirs)) {
      throw new ConfigException(theirs, "names the same thing as " + ours.key() + "; give one of them");
    }
    return value;
  }
}
