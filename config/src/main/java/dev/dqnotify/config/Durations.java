package dev.dqnotify.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dqnotify's one way to write a duration: a whole number and a unit — {@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 1h}, {@code 2d}. Settings ({@link Setting#duration}) and command-line options
 * read durations with it ({@link #parse}) and write them back ({@link #format}); messages for people
 * show them with {@link #human}.
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

  /** {@code duration} as {@link #parse} reads it: whole seconds as {@code 30s}, else {@code 1500ms}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /**
   * {@code duration} written for people, to the second: {@code 850ms}, {@code 15m 3s}, {@code 2h 5m}
   * (seconds are left out from an hour on), {@code 0s}.
   */
  public static String human(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long secs = seconds % 60;
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append("h");
    }
    if (minutes > 0) {
      out.append(out.length() > 0 ? " " : "").append(minutes).append("m");
    }
    if (secs > 0 && hours == 0) {
      out.append(out.length() > 0 ? " " : "").append(secs).append("s");
    }
    return out.length() == 0 ? "0s" : out.toString();
  }
}
