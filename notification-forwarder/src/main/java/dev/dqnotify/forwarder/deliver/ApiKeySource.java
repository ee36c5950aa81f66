package dev.dqnotify.forwarder.deliver;

import dev.dqnotify.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Datadog API key comes from. Asked again whenever the key may have changed (after
 * Datadog rejected it), so a key file fixed by an operator takes effect without a restart.
 * Implementations never log the key and never put it in an exception message.
 */
public interface ApiKeySource {

  /** The environment variable Datadog's own tools read the API key from. */
  String ENV_VARIABLE = "DD_API_KEY";

  /**
   * The key as of now.
   *
   * @throws IllegalStateException when the key cannot be had (file missing, unreadable, empty); the
   *     message names the source, never the key
   */
  Secret current();

  /** Where the key comes from, for log lines: {@code DD_API_KEY} or the key file's path. */
  default String origin() {
    return "the configured API key";
  }

  /** A fixed key, for tests and embedding. */
  static ApiKeySource of(Secret key) {
    Objects.requireNonNull(key, "key");
    return () -> key;
  }

  /**
   * The key file when one is configured, else {@code DD_API_KEY}. A configured key file wins and
   * never falls back to the environment: a missing file is a mistake to report, not to paper over
   * with whatever key the container happens to inherit. The file is read now, so a mistake stops
   * start-up, and again on every {@link #current()}; surrounding whitespace is ignored.
   *
   * @param env the process environment ({@code System.getenv()})
   * @param keyFile a file holding just the key
   * @throws IllegalStateException when there is no usable key
   */
  static ApiKeySource fromEnvOrFile(Map<String, String> env, Optional<Path> keyFile) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(keyFile, "keyFile");
    ApiKeySource source;
    if (keyFile.isPresent()) {
      Path file = keyFile.get();
      source =
          new ApiKeySource() {
            @Override
            public Secret current() {
              return readKeyFile(file, "API key");
            }

            @Override
            public String origin() {
              return "key file " + file;
            }
          };
    } else {
      String value = env.get(ENV_VARIABLE);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(
            "No Datadog API key: set " + ENV_VARIABLE + " or configure a key file");
      }
      Secret key = Secret.of(value.strip());
      source =
          new ApiKeySource() {
            @Override
            public Secret current() {
              return key;
            }

            @Override
            public String origin() {
              return ENV_VARIABLE;
            }
          };
    }
    source.current(); // fail at start-up rather than at the first event
    return source;
  }

  /**
   * The key held by {@code file}: its whole content, surrounding whitespace stripped. Messages name
   * the file, never the key.
   *
   * @param what the key's name in messages, e.g. {@code API key} or {@code application key}
   * @throws IllegalStateException when the file is missing, unreadable or empty
   */
  public static Secret readKeyFile(Path file, String what) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("Datadog " + what + " file " + file + " does not exist", e);
    } catch (IOException e) {
      // IOException messages name the path, not the content, so the cause is safe to keep.
      throw new IllegalStateException(
          "Datadog " + what + " file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
    String key = content.strip();
    if (key.isEmpty()) {
      throw new IllegalStateException("Datadog " + what + " file " + file + " is empty");
    }
    return Secret.of(key);
  }
}
