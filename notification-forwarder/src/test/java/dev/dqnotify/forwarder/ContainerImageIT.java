package dev.dqnotify.forwarder;

import dev.dqnotify.config.Settings;
import dev.dqnotify.forwarder.testing.CommandRun;
import dev.dqnotify.forwarder.testing.Dockerfile;
import dev.dqnotify.forwarder.testing.ForwarderScenario;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.process.FreePorts;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static dev.dqnotify.forwarder.testing.ForwarderHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The forwarder image without a container engine: its {@code ENTRYPOINT}/{@code CMD} and its
 * {@code HEALTHCHECK}, read from {@code deploy/docker/forwarder.Dockerfile}, run as written against
 * the built distribution and the image's config file, with the in-image paths mapped to the
 * repository's and the settings given as {@code DQNOTIFY_*} variables, as docker-compose does.
 */
class ContainerImageIT extends ForwarderScenario {

  private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
  private static final Map<String, Path> IMAGE_PATHS = Map.of(
      "/opt/dqnotify/forwarder", REPO.resolve("notification-forwarder/target/dist"),
      "/etc/dqnotify/forwarder.conf", REPO.resolve("deploy/config/forwarder.conf"));

  private final List<Process> processes = new ArrayList<>();

  ContainerImageIT(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog) {
    super(kafka, registry, datadog, 1);
  }

  @AfterEach
  void stopEverything() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void theImagesEntrypointDeliversAndItsHealthcheckSaysUpWhileItRunsAndFailsAfterwards() throws Exception {
    Dockerfile image = Dockerfile.read(REPO.resolve("deploy/docker/forwarder.Dockerfile"));
    String apiKey = "dd-" + UUID.randomUUID();
    datadog.setApiKey(apiKey);
    Map<String, String> environment = new HashMap<>();
    harness.settings().forEach((key, value) -> environment.put(Settings.environmentName(key), value));
    environment.put(Settings.environmentName("telemetry.http-port"), Integer.toString(FreePorts.next()));
    environment.put("DD_API_KEY", apiKey);

    List<String> entrypoint = new ArrayList<>(image.exec("ENTRYPOINT"));
    entrypoint.addAll(image.exec("CMD"));
    Process forwarder = start(entrypoint, environment, "forwarder");
    harness.produce(List.of(TestEvents.event("image-1", "store-0001")));
    harness.awaitDelivered(List.of("image-1"));

    List<String> healthcheck = image.healthcheck();
    await().atMost(PATIENCE).until(() -> runToEnd(healthcheck, environment).exitCode() == 0);
    CommandRun healthy = runToEnd(healthcheck, environment);
    assertThat(healthy.out().lines().toList()).as(healthy.toString()).singleElement().asString()
        .startsWith("UP: http://127.0.0.1:" + environment.get("DQNOTIFY_TELEMETRY_HTTP_PORT") + "/health");

    forwarder.destroy(); // SIGTERM, as docker stop sends (STOPSIGNAL)
    assertThat(forwarder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(forwarder.exitValue()).as("exit code after SIGTERM").isZero();
    CommandRun gone = runToEnd(healthcheck, environment);
    assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(HealthCommand.UNHEALTHY);
    assertThat(gone.out()).startsWith("NOT UP: nothing answers at");
  }

  private Process start(List<String> command, Map<String, String> environment, String name) throws IOException {
    Path dir = Files.createDirectories(Paths.get("target", "forwarder-processes"));
    Path log = Files.createTempFile(dir, "image-" + name + "-", ".log");
    ProcessBuilder builder = new ProcessBuilder(inRepository(command)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private CommandRun runToEnd(List<String> command, Map<String, String> environment) throws Exception {
    Path dir = Files.createDirectories(Paths.get("target", "forwarder-processes"));
    Path out = Files.createTempFile(dir, "image-health-", ".out");
    Path err = Files.createTempFile(dir, "image-health-", ".err");
    ProcessBuilder builder = new ProcessBuilder(inRepository(command)).redirectOutput(out.toFile())
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    Process process = builder.start();
    processes.add(process);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the health command did not end within 60 s: " + command);
    }
    return new CommandRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static List<String> inRepository(List<String> command) {
    return command.stream().map(argument -> IMAGE_PATHS.entrySet().stream()
        .filter(e -> argument.startsWith(e.getKey())).findFirst()
        .map(e -> e.getValue() + argument.substring(e.getKey().length())).orElse(argument)).toList();
  }
}
