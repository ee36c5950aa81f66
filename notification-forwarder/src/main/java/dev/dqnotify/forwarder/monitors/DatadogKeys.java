package dev.dqnotify.forwarder.monitors;

import dev.dqnotify.config.Secret;
import dev.dqnotify.forwarder.deliver.ApiKeySource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The two keys the Monitors API needs: the API key (as the forwarder reads it, {@link
 * ApiKeySource}) and an application key, which writing monitors also requires. Each comes from its
 * file when one is given, else from its environment variable; a given file never falls back to the
 * environment. Messages name where a key was looked for, never the key; {@link #toString()} shows
 * both masked.
 */
record DatadogKeys(Secret apiKey, Secret applicationKey) {

  /** The variable Datadog's own tools read the application key from. */
  static final String APP_KEY_VARIABLE = "DD_APP_KEY";

  /**
   * @throws IllegalStateException when a key cannot be had; the message names the variable or file
   */
  static DatadogKeys load(
      Map<String, String> env, Optional<Path> apiKeyFile, Optional<Path> appKeyFile) {
    Secret apiKey = ApiKeySource.fromEnvOrFile(env, apiKeyFile).current();
    Secret applicationKey =
        appKeyFile.isPresent() ? fromFile(appKeyFile.get()) : fromEnv(env.get(APP_KEY_VARIABLE));
    return new DatadogKeys(apiKey, applicationKey);
  }

  private static Secret fromEnv(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "No Datadog application key: set " + APP_KEY_VARIABLE + " or pass --app-key-file");
    }
    return Secret.of(value.strip());
  }

  private static Secret fromFile(Path file) {
    return ApiKeySource.readKeyFile(file, "application key");
  }
}
