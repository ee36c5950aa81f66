package dev.dqnotify.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The values of an application's declared {@link Setting}s, read once at start-up and checked
 * there: every declared key is parsed (a mistake names key, value and what is valid), and a key
 * that nobody declared is refused with the nearest known key, because a typo that silently falls
 * back to a default is the worst kind of config mistake.
 *
 * <p>Sources, later ones winning: the declared defaults, another tool's variable a setting falls
 * back to ({@link Setting#orEnvironment}, e.g. {@code DD_SITE}), the config file (Java properties syntax:
 * {@code key = value}, {@code #} comments), environment variables ({@code DQNOTIFY_} plus the key in
 * upper case with dots and dashes as underscores), and explicit overrides (command-line
 * {@code --conf key=value}; an application may give several {@link Overrides} layers, e.g. the
 * ingest job's SparkConf before its own arguments). Keys under a pass-through prefix such as
 * {@code kafka.} are handed on to the client they configure (checked by the application against
 * that client's definitions).
 */
public final class Settings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Prefix of environment variables that override settings. */
  public static final String ENV_PREFIX = "DQNOTIFY_";

  private final Map<String, Object> values;
  private final Map<String, String> raw;
  private final Map<String, String> origins;
  private final List<Setting<?>> declared;

  private Settings(Map<String, Object> values, Map<String, String> raw, Map<String, String> origins,
      List<Setting<?>> declared) {
    this.values = values;
    this.raw = raw;
    this.origins = origins;
    this.declared = declared;
  }

  /**
   * Explicit {@code key=value} settings from one place, applied after the environment; of several
   * layers the later wins.
   *
   * @param origin where they come from, for the start-up dump, e.g. {@code override}
   * @param where the same for an error, completing "is not a known setting …", e.g. {@code given as
   *     an override}
   * @param values the settings by key (without any prefix the place itself uses)
   */
  public record Overrides(String origin, String where, Map<String, String> values) {
    /** The command line's {@code --conf key=value} pairs. */
    public static Overrides commandLine(Map<String, String> values) {
      return new Overrides("override", "given as an override", values);
    }
  }

  /**
   * Reads and checks the settings.
   *
   * @param declared every setting the application knows
   * @param passThroughPrefixes prefixes of keys handed on unchecked, e.g. {@code kafka.}
   * @param file the config file, or null for none
   * @param environment the process environment ({@code System.getenv()})
   * @param overrides explicit {@code key=value} overrides, e.g. from the command line
   * @throws ConfigException for a missing file, an unknown key, a missing required key or a bad value
   */
  public static Settings load(List<Setting<?>> declared, Set<String> passThroughPrefixes, Path file,
      Map<String, String> environment, Map<String, String> overrides) {
    return load(declared, passThroughPrefixes, file, environment, List.of(Overrides.commandLine(overrides)));
  }

  /**
   * Reads and checks the settings, with several layers of overrides after the environment, later
   * layers winning.
   *
   * @throws ConfigException for a missing file, an unknown key, a missing required key or a bad value
   */
  public static Settings load(List<Setting<?>> declared, Set<String> passThroughPrefixes, Path file,
      Map<String, String> environment, List<Overrides> layers) {
    Map<String, Setting<?>> byKey = new LinkedHashMap<>();
    declared.forEach(s -> byKey.put(s.key(), s));
    Map<String, String> raw = new TreeMap<>();
    Map<String, String> origins = new TreeMap<>();
    for (Setting<?> setting : declared) {
      if (setting.defaultText() != null) {
        raw.put(setting.key(), setting.defaultText());
        origins.put(setting.key(), "default");
      }
    }
    for (Setting<?> setting : declared) {
      String variable = setting.fallbackVariable();
      String value = variable == null ? null : environment.get(variable);
      if (value != null && !value.isBlank()) {
        raw.put(setting.key(), value.trim());
        origins.put(setting.key(), "environment " + variable);
      }
    }
    if (file != null) {
      readFile(file).forEach((key, value) -> {
        requireKnown(key, byKey, passThroughPrefixes, "in " + file);
        raw.put(key, value);
        origins.put(key, file.toString());
      });
    }
    fromEnvironment(byKey, passThroughPrefixes, environment).forEach((key, value) -> {
      raw.put(key, value.value());
      origins.put(key, "environment " + value.variable());
    });
    for (Overrides layer : layers) {
      layer.values().forEach((key, value) -> {
        requireKnown(key, byKey, passThroughPrefixes, layer.where());
        raw.put(key, value);
        origins.put(key, layer.origin());
      });
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Setting<?> setting : declared) {
      String text = raw.get(setting.key());
      if (text == null) {
        continue;
      }
      values.put(setting.key(), setting.parse(text));
    }
    return new Settings(values, raw, origins, List.copyOf(declared));
  }

  /** Suffix of an environment variable that names a file holding the value, e.g. {@code DQNOTIFY_KAFKA_SASL_JAAS_CONFIG_FILE}. */
  public static final String FILE_SUFFIX = "_FILE";

  /** The pass-through prefix of Kafka client properties. */
  public static final String KAFKA_PREFIX = "kafka.";

  /**
   * The pass-through prefixes whose keys environment variables can set, because their keys are dotted
   * lower-case words: Kafka's client properties and the Confluent names of the schema registry
   * client's ({@code schema.registry.ssl.truststore.password}, {@code basic.auth.user.info}).
   */
  public static final List<String> ENVIRONMENT_PREFIXES = List.of(KAFKA_PREFIX, "schema.registry.", "basic.auth.");

  private record EnvironmentValue(String variable, String value) {}

  /**
   * The values {@code DQNOTIFY_*} variables give: {@code DQNOTIFY_<KEY>} the value itself,
   * {@code DQNOTIFY_<KEY>_FILE} the path of a file holding it (secrets stay off command lines and out
   * of the process environment's listing), both also for {@code kafka.*} keys
   * ({@code DQNOTIFY_KAFKA_SASL_JAAS_CONFIG} → {@code kafka.sasl.jaas.config}).
   *
   * @throws ConfigException for a variable that names no setting, one given twice, or an unreadable file
   */
  private static Map<String, EnvironmentValue> fromEnvironment(Map<String, Setting<?>> byKey, Set<String> prefixes,
      Map<String, String> environment) {
    Map<String, String> declaredByVariable = new TreeMap<>();
    byKey.keySet().forEach(key -> declaredByVariable.put(environmentName(key), key));
    Map<String, EnvironmentValue> values = new TreeMap<>();
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String name = variable.getKey();
      if (!name.startsWith(ENV_PREFIX)) {
        continue;
      }
      boolean isFile = !declaredByVariable.containsKey(name) && name.endsWith(FILE_SUFFIX);
      String direct = isFile ? name.substring(0, name.length() - FILE_SUFFIX.length()) : name;
      String key = declaredByVariable.get(direct);
      for (String prefix : ENVIRONMENT_PREFIXES) {
        String prefixVariable = environmentName(prefix);
        if (key == null && prefixes.contains(prefix) && direct.startsWith(prefixVariable)
            && direct.length() > prefixVariable.length()) {
          key = prefix + direct.substring(prefixVariable.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        }
      }
      String kafkaVariable = environmentName(KAFKA_PREFIX);
      if (key == null) {
        String hint = nearest(declaredByVariable.keySet(), direct)
            .map(known -> " did you mean " + known + (isFile ? FILE_SUFFIX : "") + "?").orElse("");
        throw new ConfigException(name, "is not the environment variable of a known setting;" + hint
            + " (" + ENV_PREFIX + "<KEY> sets a declared key, " + kafkaVariable + "<PROPERTY> a Kafka client property, "
            + "either with " + FILE_SUFFIX + " names a file holding the value; unset it otherwise)");
      }
      String value = isFile ? readValueFile(name, Path.of(variable.getValue())) : variable.getValue();
      EnvironmentValue earlier = values.put(key, new EnvironmentValue(name, value));
      if (earlier != null) {
        throw new ConfigException(key, "is given by both " + earlier.variable() + " and " + name + "; give it once");
      }
    }
    return values;
  }

  /** The content of a value file without its final line break; a mistake names the variable. */
  private static String readValueFile(String variable, Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
          : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (NoSuchFileException e) {
      throw new ConfigException(variable, "names the file " + file.toAbsolutePath() + ", which does not exist");
    } catch (IOException e) {
      throw new ConfigException(variable, "names the file " + file.toAbsolutePath() + ", which cannot be read: "
          + e.getClass().getSimpleName());
    }
  }

  /** The environment variable that overrides {@code key}. */
  public static String environmentName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The value of a required setting, or its default.
   *
   * @throws ConfigException when it has no value and no default
   */
  public <T> T get(Setting<T> setting) {
    Object value = values.get(setting.key());
    if (value == null) {
      throw new ConfigException(setting.key(), "is required (" + setting.description() + "); set it in the config file, "
          + "with --conf " + setting.key() + "=…, or in " + environmentName(setting.key()));
    }
    @SuppressWarnings("unchecked")
    T typed = (T) value;
    return typed;
  }

  /** The value of a setting, or empty when it is unset (for {@link Setting#optional()} ones). */
  public <T> Optional<T> find(Setting<T> setting) {
    @SuppressWarnings("unchecked")
    T value = (T) values.get(setting.key());
    return Optional.ofNullable(value);
  }

  /**
   * Where the setting's value came from, as the start-up dump shows it: {@code default}, the config
   * file's path, {@code environment DQNOTIFY_…} or {@code environment DD_SITE}, {@code override};
   * empty when it is unset.
   */
  public Optional<String> origin(Setting<?> setting) {
    return Optional.ofNullable(origins.get(setting.key()));
  }

  /** Whether the setting has a value (given or default). */
  public boolean has(Setting<?> setting) {
    return values.containsKey(setting.key());
  }

  /** The keys under {@code prefix} with the prefix removed, e.g. {@code kafka.security.protocol}. */
  public Map<String, String> passThrough(String prefix) {
    Map<String, String> result = new TreeMap<>();
    raw.forEach((key, value) -> {
      if (key.startsWith(prefix)) {
        result.put(key.substring(prefix.length()), value);
      }
    });
    return result;
  }

  /**
   * The effective configuration for the start-up log, one {@code key = value (origin)} per line;
   * secret settings and secret-bearing pass-through keys ({@link Redaction#isSecretKey}) show
   * {@value Redaction#MASK}, URLs without their user-info.
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    Map<String, Setting<?>> byKey = new TreeMap<>();
    declared.forEach(s -> byKey.put(s.key(), s));
    raw.forEach((key, value) -> {
      Setting<?> setting = byKey.get(key);
      String shown = setting != null && setting.isSecret() ? Redaction.MASK : Redaction.shown(key, value);
      out.append(key).append(" = ").append(shown).append("   (").append(origins.get(key)).append(")\n");
    });
    return out.toString();
  }

  /** Masks every secret value of these settings (and URL user-info) in any text, e.g. an exception message. */
  public Redaction redaction() {
    List<String> secrets = new ArrayList<>();
    declared.stream().filter(Setting::isSecret).map(s -> raw.get(s.key())).filter(v -> v != null)
        .forEach(v -> secrets.add(v.trim()));
    return Redaction.of(raw).with(secrets);
  }

  private static void requireKnown(String key, Map<String, Setting<?>> byKey, Set<String> prefixes, String where) {
    if (byKey.containsKey(key) || prefixes.stream().anyMatch(key::startsWith)) {
      return;
    }
    String hint = nearest(byKey.keySet(), key).map(known -> "; did you mean '" + known + "'?").orElse("");
    String passThrough = prefixes.isEmpty() ? "" : " (client properties go under " + String.join(" or ", prefixes) + ")";
    throw new ConfigException(key, "is not a known setting " + where + hint + passThrough);
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigException("--config", "file " + file.toAbsolutePath() + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("--config", "file " + file.toAbsolutePath() + " cannot be read: " + e.getMessage());
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k.trim(), properties.getProperty(k).trim()));
    return values;
  }

  /** The known name nearest to a mistyped {@code given}, if it is near enough to be what was meant. */
  public static Optional<String> nearest(java.util.Collection<String> known, String given) {
    return known.stream().min(Comparator.comparingInt(name -> distance(name, given)))
        .filter(name -> distance(name, given) <= Math.max(3, given.length() / 3));
  }

  /** Levenshtein distance, for the "did you mean" hint. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** All parsed values, for tests and diagnostics. */
  List<String> keys() {
    return new ArrayList<>(values.keySet());
  }
}
