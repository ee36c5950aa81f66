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
 * <p>Sources, later ones winning: the declared defaults, the config file (Java properties syntax:
 * {@code key = value}, {@code #} comments), environment variables ({@code DQNOTIFY_} plus the key in
 * upper case with dots and dashes as underscores), and explicit overrides (command-line
 * {@code --conf key=value}). Keys under a pass-through prefix such as {@code kafka.} are handed on
 * unchecked to the client they configure.
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
    if (file != null) {
      readFile(file).forEach((key, value) -> {
        requireKnown(key, byKey, passThroughPrefixes, "in " + file);
        raw.put(key, value);
        origins.put(key, file.toString());
      });
    }
    for (Setting<?> setting : declared) {
      String value = environment.get(environmentName(setting.key()));
      if (value != null) {
        raw.put(setting.key(), value);
        origins.put(setting.key(), "environment " + environmentName(setting.key()));
      }
    }
    overrides.forEach((key, value) -> {
      requireKnown(key, byKey, passThroughPrefixes, "given as an override");
      raw.put(key, value);
      origins.put(key, "override");
    });
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
   * secrets and pass-through keys that look like credentials are masked.
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    Map<String, Setting<?>> byKey = new TreeMap<>();
    declared.forEach(s -> byKey.put(s.key(), s));
    raw.forEach((key, value) -> {
      Setting<?> setting = byKey.get(key);
      boolean secret = setting != null ? setting.isSecret() : looksSecret(key);
      out.append(key).append(" = ").append(secret ? "<masked>" : value)
          .append("   (").append(origins.get(key)).append(")\n");
    });
    return out.toString();
  }

  private static boolean looksSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("sasl.jaas") || k.contains("key")
        && !k.endsWith("serializer") && !k.endsWith("deserializer");
  }

  private static void requireKnown(String key, Map<String, Setting<?>> byKey, Set<String> prefixes, String where) {
    if (byKey.containsKey(key) || prefixes.stream().anyMatch(key::startsWith)) {
      return;
    }
    String nearest = byKey.keySet().stream()
        .min(Comparator.comparingInt(known -> distance(known, key))).orElse(null);
    String hint = nearest != null && distance(nearest, key) <= Math.max(3, key.length() / 3)
        ? "; did you mean '" + nearest + "'?" : "";
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
