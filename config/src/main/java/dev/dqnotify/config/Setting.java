package dev.dqnotify.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One configuration key, declared once: its name, type, default, one-line description and what
 * values are valid. Applications declare their settings as constants; {@link Settings} reads them
 * and {@link ConfigReference} documents them, so the documentation cannot drift from the code.
 *
 * @param <T> the value's type
 */
public final class Setting<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Turns the text of a value into a value, or says why it cannot. */
  @FunctionalInterface
  interface Parser<T> extends Serializable {
    T parse(String text) throws IllegalArgumentException;
  }

  private final String key;
  private final String description;
  private final String defaultText;
  private final String allowed;
  private final Parser<T> parser;
  private final boolean optional;
  private final String fallbackVariable;

  private Setting(String key, String defaultText, String allowed, String description, Parser<T> parser) {
    this(key, defaultText, allowed, description, parser, false, null);
  }

  private Setting(String key, String defaultText, String allowed, String description, Parser<T> parser,
      boolean optional, String fallbackVariable) {
    this.key = Objects.requireNonNull(key, "key");
    this.defaultText = defaultText;
    this.allowed = Objects.requireNonNull(allowed, "allowed");
    this.description = Objects.requireNonNull(description, "description");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.optional = optional;
    this.fallbackVariable = fallbackVariable;
  }

  /**
   * This setting without a default and not required: unset means "none" (read it with
   * {@link Settings#find}). The reference shows it as <em>(unset)</em>, not <em>(required)</em>.
   */
  public Setting<T> optional() {
    if (defaultText != null) {
      throw new IllegalStateException(key + " has a default; only a setting without one can be optional");
    }
    return new Setting<>(key, null, allowed, description, parser, true, fallbackVariable);
  }

  /**
   * This setting, also read from another tool's environment variable (e.g. Datadog's {@code
   * DD_SITE}) when nothing of ours sets it: the variable ranks above the default and below the
   * config file, {@code DQNOTIFY_*} variables and overrides, so a value given to dqnotify
   * explicitly always wins over one inherited from the environment.
   */
  public Setting<T> orEnvironment(String variable) {
    return new Setting<>(key, defaultText, allowed, description, parser, optional,
        Objects.requireNonNull(variable, "variable"));
  }

  /** The other tool's variable this setting falls back to ({@link #orEnvironment}), or null. */
  public String fallbackVariable() {
    return fallbackVariable;
  }

  /** Whether the setting may stay unset ({@link #optional()}). */
  public boolean isOptional() {
    return optional;
  }

  /** A string; {@code defaultValue} null makes the key required. Blank values are refused. */
  public static Setting<String> string(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, "a non-blank string", description, text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must not be blank");
      }
      return text.trim();
    });
  }

  /** An integer within {@code [min, max]}. */
  public static Setting<Integer> integer(String key, Integer defaultValue, int min, int max, String description) {
    return new Setting<>(key, defaultValue == null ? null : defaultValue.toString(),
        "an integer from " + min + " to " + max, description, text -> {
          int value;
          try {
            value = Integer.parseInt(text.trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not an integer");
          }
          if (value < min || value > max) {
            throw new IllegalArgumentException("is out of range");
          }
          return value;
        });
  }

  /** A decimal number. */
  public static Setting<Double> decimal(String key, Double defaultValue, String description) {
    return new Setting<>(key, defaultValue == null ? null : defaultValue.toString(), "a number", description, text -> {
      try {
        double value = Double.parseDouble(text.trim());
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("is not a finite number");
      }
    });
  }

  /** {@code true} or {@code false}. */
  public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
    return new Setting<>(key, Boolean.toString(defaultValue), "true or false", description, text -> {
      switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "true":
          return true;
        case "false":
          return false;
        default:
          throw new IllegalArgumentException("is neither true nor false");
      }
    });
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}, at least {@code min}. */
  public static Setting<Duration> duration(String key, String defaultValue, Duration min, String description) {
    return new Setting<>(key, defaultValue, "a duration like 500ms, 30s, 10m, 1h or 2d, at least " + format(min),
        description, text -> {
          Duration value = Durations.parse(text).orElseThrow(() -> new IllegalArgumentException("is not a duration"));
          if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException("is too short");
          }
          return value;
        });
  }

  /** One of an enum's constants, written in lower case with dashes ({@code per-event}) or as declared. */
  public static <E extends Enum<E>> Setting<E> choice(String key, Class<E> type, E defaultValue, String description) {
    String names = Arrays.stream(type.getEnumConstants()).map(Setting::external).collect(Collectors.joining(", "));
    return new Setting<>(key, defaultValue == null ? null : external(defaultValue), "one of " + names, description,
        text -> {
          for (E constant : type.getEnumConstants()) {
            if (external(constant).equalsIgnoreCase(text.trim()) || constant.name().equalsIgnoreCase(text.trim())) {
              return constant;
            }
          }
          throw new IllegalArgumentException("is not a valid choice");
        });
  }

  /** A comma-separated list of non-blank strings. */
  public static Setting<List<String>> list(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, "a comma-separated list", description, text -> {
      List<String> items = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .collect(Collectors.toUnmodifiableList());
      if (items.isEmpty()) {
        throw new IllegalArgumentException("is an empty list");
      }
      return items;
    });
  }

  /** A file-system path. */
  public static Setting<Path> path(String key, String defaultValue, String description) {
    return new Setting<>(key, defaultValue, "a file-system path", description, text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must not be blank");
      }
      return Paths.get(text.trim());
    });
  }

  /** A secret; its value is never echoed in an error or a config dump. */
  public static Setting<Secret> secret(String key, String description) {
    return new Setting<>(key, null, "a non-empty secret", description, text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must not be blank");
      }
      return Secret.of(text.trim());
    });
  }

  /** The key, e.g. {@code detect.late.allowed-lateness}. */
  public String key() {
    return key;
  }

  /** One line that says what the key does. */
  public String description() {
    return description;
  }

  /** The default as text, or null when the key is required or optional. */
  public String defaultText() {
    return defaultText;
  }

  /** What values are valid, in words. */
  public String allowed() {
    return allowed;
  }

  /** Whether a value is a secret (never printed). */
  public boolean isSecret() {
    return allowed.equals("a non-empty secret");
  }

  /** Parses {@code text}; a mistake names the key, the value and what is valid. */
  T parse(String text) {
    try {
      return parser.parse(text);
    } catch (IllegalArgumentException e) {
      String shown = isSecret() ? Redaction.MASK : "'" + Redaction.maskUserInfo(text) + "'";
      throw new ConfigException(key, shown + " " + e.getMessage() + "; expected " + allowed);
    }
  }

  private static String external(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String format(Duration duration) {
    if (duration.isZero()) {
      return "0";
    }
    return Durations.format(duration);
  }

  @Override
  public String toString() {
    return key;
  }
}
