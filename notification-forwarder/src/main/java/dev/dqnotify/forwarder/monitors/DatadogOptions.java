package dev.dqnotify.forwarder.monitors;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.forwarder.ForwarderConfig;
import dev.dqnotify.forwarder.deliver.DatadogSite;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where and as whom the as-code commands ({@code monitors}, {@code dashboard}) talk to Datadog: the
 * site or URL, the two keys and the timeout, with the forwarder's order for the site ({@code --site}
 * &gt; {@code DQNOTIFY_DATADOG_SITE} &gt; {@code DD_SITE} &gt; {@code datadoghq.com}) and key files
 * before {@code DD_API_KEY}/{@code DD_APP_KEY}.
 */
final class DatadogOptions {

  @Option(
      names = "--site",
      paramLabel = "SITE",
      description =
          "Datadog site: datadoghq.com, datadoghq.eu, us3, us5, ap1, ap2, ddog-gov. Default:"
              + " $DQNOTIFY_DATADOG_SITE, else $DD_SITE, else datadoghq.com.")
  String site;

  @Option(
      names = "--datadog-url",
      paramLabel = "URL",
      description = "Datadog API base URL instead of a site, e.g. a simulator's http://127.0.0.1:8089.")
  String datadogUrl;

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description = "File holding the Datadog API key. Default: $DD_API_KEY.")
  Path apiKeyFile;

  @Option(
      names = "--app-key-file",
      paramLabel = "FILE",
      description = "File holding the Datadog application key. Default: $DD_APP_KEY.")
  Path appKeyFile;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "Seconds to wait for a connection and for each answer. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  /**
   * The API base URL.
   *
   * @throws IllegalArgumentException for both options at once, an unknown site or a mistaken variable
   */
  URI baseUrl(Map<String, String> env) {
    if (datadogUrl != null && site != null) {
      throw new IllegalArgumentException("Give --site or --datadog-url, not both");
    }
    if (datadogUrl != null) {
      return DatadogSite.baseUrl(datadogUrl);
    }
    return DatadogSite.baseUrl(site(site, env));
  }

  /**
   * The site as the forwarder resolves {@code datadog.site}, so both talk to the same organisation:
   * {@code option} (as an override) &gt; {@code DQNOTIFY_DATADOG_SITE} &gt; {@code DD_SITE} &gt;
   * {@code datadoghq.com}.
   *
   * @throws IllegalArgumentException for a mistake in a {@code DQNOTIFY_*} variable
   */
  static String site(String option, Map<String, String> env) {
    try {
      return dev.dqnotify.config.Settings.load(ForwarderConfig.SETTINGS, ForwarderConfig.PASS_THROUGH_PREFIXES,
              null, env, option == null ? Map.of() : Map.of(ForwarderConfig.DATADOG_SITE.key(), option))
          .get(ForwarderConfig.DATADOG_SITE);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Both keys.
   *
   * @throws IllegalStateException when a key cannot be had; the message names the variable or file
   */
  DatadogKeys keys(Map<String, String> env) {
    return DatadogKeys.load(env, Optional.ofNullable(apiKeyFile), Optional.ofNullable(appKeyFile));
  }

  /**
   * The timeout.
   *
   * @throws IllegalArgumentException below one second
   */
  Duration timeout() {
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    return Duration.ofSeconds(timeoutSeconds);
  }
}
