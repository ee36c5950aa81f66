package dev.dqnotify.localstack.cli;

import dev.dqnotify.config.Durations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Command-line durations: dqnotify's short form ({@code 500ms}, {@code 30s}, {@code 2m},
 * {@code 1h}, {@code 2d}, see {@link Durations}) or ISO-8601 such as {@code PT2M}.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return Durations.parse(value).orElseGet(() -> {
      try {
        return Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 500ms, 30s, 2m or 1h");
      }
    });
  }
}
