package dev.dqnotify.forwarder.deliver;

import static dev.dqnotify.forwarder.deliver.SimulatorFixtures.OUR_KEY;
import static dev.dqnotify.forwarder.deliver.SimulatorFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dqnotify.forwarder.testing.LogCapture;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs delivery through everything that logs (success, rejection, retries, timeouts, dropped
 * connections, a rejected key, a missing key file) with every logger at its most verbose, and looks
 * for the API key in every line.
 */
class ApiKeyNeverLoggedIT {

  /**
   * The simulator's WireMock dumps each request it receives, headers included, at DEBUG: that is
   * the server's log, not ours, so it is left out of the search.
   */
  private static final String SIMULATOR_REQUEST_DUMP = "dev.dqnotify.localstack.datadog.wiremock";

  private static final String DATADOGS_KEY = "ddfedcba9876543210fedcba98765432";

  @TempDir Path dir;

  @Test
  void neverWritesTheApiKeyToAnyLog() throws Exception {
    List<String> outcomes = new ArrayList<>();
    List<String> lines;
    try (LogCapture logs = new LogCapture();
        DatadogSimulator datadog = DatadogSimulator.start(DATADOGS_KEY)) {
      LoggerFactory.getLogger(ApiKeyNeverLoggedIT.class).trace("capture-check");
      Path keyFile = Files.writeString(dir.resolve("dd.key"), OUR_KEY + "\n");
      ApiKeySource keys = ApiKeySource.fromEnvOrFile(Map.of(), Optional.of(keyFile));
      try (DatadogEventsClient client = client(datadog, keys, Duration.ofMillis(300));
          RetryingDeliverer deliverer =
              new RetryingDeliverer(
                  client,
                  new BackoffPolicy(Duration.ofMillis(10), Duration.ofMillis(100), 2, 0.2),
                  2,
                  Optional.empty(),
                  Duration.ofMillis(50),
                  Clock.systemUTC(),
                  new DeliveryTelemetry(new SimpleMeterRegistry()))) {
        // Our key is refused, then the key file disappears while paused, then all is fixed.
        CompletableFuture<FinalOutcome> paused = deliverer.submit(TestEvents.event("n-paused"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !deliverer.health().keyAccepted());
        Files.delete(keyFile);
        outcomes.add(client.validate().toString());
        Files.writeString(keyFile, OUR_KEY);
        datadog.setApiKey(OUR_KEY);
        outcomes.add(paused.get().toString());

        datadog.faults().statusForNext(500, 2).rateLimitNext(1, 0).dropConnectionsNext(1);
        outcomes.add(deliverer.submit(TestEvents.event("n-faults")).get().toString());
        datadog.faults().latency(Duration.ofSeconds(1));
        CompletableFuture<FinalOutcome> slow = deliverer.submit(TestEvents.event("n-timeout"));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> logs.lines().stream().anyMatch(line -> line.contains("timed out")));
        datadog.faults().clear();
        outcomes.add(slow.get().toString());
        datadog.faults().statusForNext(400, 1);
        outcomes.add(deliverer.submit(TestEvents.event("n-refused")).get().toString());
      }
      lines = logs.lines();
    }

    assertThat(lines).anyMatch(line -> line.contains("capture-check"));
    assertThat(lines).anyMatch(line -> line.contains("Datadog rejected the API key (403)"));
    assertThat(lines).anyMatch(line -> line.contains("timed out"));
    assertThat(lines).anyMatch(line -> line.contains("connection failed"));
    assertThat(lines).anyMatch(line -> line.contains("HTTP 429"));
    assertThat(lines).anyMatch(line -> line.contains("rejected notification n-refused"));
    assertThat(lines.stream().filter(line -> !line.startsWith(SIMULATOR_REQUEST_DUMP)))
        .noneMatch(line -> line.contains(OUR_KEY))
        .noneMatch(line -> line.contains(DATADOGS_KEY));
    assertThat(outcomes).hasSize(5).noneMatch(outcome -> outcome.contains(OUR_KEY));
  }
}
