package dev.dqnotify.localrun.launch;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.forwarder.ForwarderConfig;
import dev.dqnotify.localstack.process.ChildProcess;
import dev.dqnotify.localstack.process.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the notification forwarder from its distribution ({@code dq-forwarder run --config
 * forwarder.conf}, settings: docs/forwarder.md), pointed at the Datadog simulator or, when the user
 * gave an API key, at real Datadog.
 */
public final class ForwarderLauncher {

  /**
   * Where the forwarder reads, what it posts to, and how.
   *
   * @param bootstrapServers Kafka of {@code dq-events}
   * @param schemaRegistryUrl the registry's Confluent API
   * @param datadogSite a Datadog site or base URL ({@code datadog.site})
   * @param simulatorApiKey the simulator's key, written to a key file; empty for real Datadog, whose
   *     key the forwarder takes from {@code DD_API_KEY} in its environment
   * @param telemetryPort port of {@code /metrics} and {@code /ready}
   * @param groupMode {@code per-event} or {@code digest}
   * @param runTag a tag added to every Datadog event, to find this run's events
   * @param dir the forwarder's folder: config and key file
   */
  public record Setup(String bootstrapServers, String schemaRegistryUrl, String datadogSite,
      Optional<String> simulatorApiKey, int telemetryPort, String groupMode, String runTag, Path dir) {

    /** The settings of {@code forwarder.conf}; {@code keyFile} is the simulator's key file, if any. */
    Map<String, String> settings(Optional<Path> keyFile) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("consume.bootstrap-servers", bootstrapServers);
      settings.put("consume.topic", "dq-events");
      settings.put("consume.group-id", "dq-forwarder-local-run");
      settings.put("dlq.topic", "dq-events-dlq");
      settings.put("schema-registry.url", schemaRegistryUrl);
      settings.put("datadog.site", datadogSite);
      if (datadogSite.startsWith("http://")) {
        settings.put("datadog.allow-plain-http", "true"); // the local Datadog simulator speaks http
      }
      keyFile.ifPresent(file -> settings.put("datadog.api-key-file", file.toAbsolutePath().toString()));
      settings.put("group.mode", groupMode);
      // Group a digest over the whole run's single job and env, so a digest is long enough to be paginated.
      settings.put("group.by", "env,job");
      settings.put("render.overflow", "paginate");
      settings.put("render.extra-tags", runTag);
      settings.put("forwarder.env", "local");
      // Short enough that the user sees the catch-up within the run, not a minute after Datadog recovered.
      settings.put("deliver.backoff.max", "5s");
      settings.put("telemetry.http-port", Integer.toString(telemetryPort));
      // A local run is stopped by the user; the default 30 s would only make Ctrl-C feel stuck.
      settings.put("shutdown.deadline", "5s");
      return settings;
    }
  }

  private ForwarderLauncher() {}

  /**
   * Writes {@code forwarder.conf} (and the simulator's key file), checks it against the forwarder's
   * own declarations, and starts the forwarder; its output goes to {@code logFile}. {@code overrides}
   * are written over the settings of {@code setup}: the fault suite gives each scenario its own
   * topics and group, and small in-flight limits that bound the duplicates a crash may cause.
   *
   * @throws IllegalStateException when the forwarder refuses the settings (its keys changed)
   */
  public static ChildProcess start(Children children, Artifacts artifacts, Setup setup, Map<String, String> overrides,
      Path logFile) {
    Optional<Path> keyFile = setup.simulatorApiKey().map(key -> writeKeyFile(setup.dir(), key));
    Path config = setup.dir().resolve("forwarder.conf");
    Map<String, String> settings = setup.settings(keyFile);
    settings.putAll(overrides);
    IngestJobLauncher.writeConfig(config, settings);
    try {
      // Without DQNOTIFY_* variables, as the child gets them (ChildProcess).
      ForwarderConfig.load(config, Map.of(), Map.of());
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalStateException("The forwarder refuses the settings bin/run-local wrote to " + config + ": "
          + e.getMessage() + " (see docs/forwarder.md)", e);
    }
    List<String> command = List.of(artifacts.forwarderLauncher().toString(), "run", "--config",
        config.toAbsolutePath().toString());
    // The launcher script runs `exec $JAVA_HOME/bin/java`, so the child's pid is the forwarder's JVM.
    return children.start("forwarder", command, Map.of("JAVA_HOME", System.getProperty("java.home")), setup.dir(),
        logFile);
  }

  /**
   * Returns once the forwarder's {@code /ready} answers 200: it joined its group and Datadog accepts
   * its key.
   *
   * @throws IllegalStateException with the end of its log, or the readiness answer, when it does not get there
   */
  public static void awaitReady(ChildProcess forwarder, int telemetryPort, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://127.0.0.1:" + telemetryPort + "/ready");
    String[] lastAnswer = {"no answer"};
    try {
      Deadline.await("the forwarder being ready", timeout, forwarder::requireAlive, () -> {
        try {
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5))
              .GET().build(), HttpResponse.BodyHandlers.ofString());
          lastAnswer[0] = response.statusCode() + " " + response.body();
          return response.statusCode() == 200;
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      });
    } catch (IllegalStateException e) {
      if (!forwarder.isAlive()) {
        throw e;
      }
      throw new IllegalStateException(e.getMessage() + "; /ready answered " + lastAnswer[0] + "; from its log "
          + forwarder.logFile() + ":\n" + forwarder.problems(10), e);
    }
  }

  private static Path writeKeyFile(Path dir, String key) {
    Path file = dir.resolve("datadog-simulator-api-key");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, key, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the simulator's key file " + file, e);
    }
  }
}
