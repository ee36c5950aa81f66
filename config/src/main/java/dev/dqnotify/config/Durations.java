package dev.dqnotify.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dqnotify's one way to write a duration: a whole number and a unit — {@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 1h}, {@code 2d}. Settings ({@link Setting#duration}) and command-line options
 * read durations with it.
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /** The duration {@code text} writes, or empty when it is not of that form. */
  public static Optional<Duration> parse(String text) {
    Matcher m = SHORT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    });
  }
}
