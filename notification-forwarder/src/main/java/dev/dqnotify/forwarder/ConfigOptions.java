package dev.dqnotify.forwarder;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --config} and {@code --conf} options every command that works on the outbox shares,
 * and reading them into a checked configuration: defaults, the file, {@code DQNOTIFY_*} environment
 * variables, then {@code --conf} (later ones win).
 */
final class ConfigOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Config file (key = value lines); keys and defaults: dq-forwarder config-reference.")
  Path config;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "Overrides one setting; repeatable; wins over the file and DQNOTIFY_* variables "
          + "(DQNOTIFY_<KEY>_FILE names a file holding a value: keep secrets off the command line).")
  Map<String, String> overrides = new LinkedHashMap<>();

  /**
   * The raw settings, for the start-up dump.
   *
   * @throws ConfigException for any mistake, naming the key
   */
  Settings settings() {
    return Settings.load(ForwarderConfig.SETTINGS, ForwarderConfig.PASS_THROUGH_PREFIXES, config, System.getenv(),
        overrides);
  }

  /**
   * The checked configuration.
   *
   * @throws ConfigException for any mistake, naming the key
   */
  ForwarderConfig load() {
    return ForwarderConfig.from(settings());
  }
}
