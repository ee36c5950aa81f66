package dev.dqnotify.localrun.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.datadog.DatadogSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class DatadogOutageTest {

  private static final String KEY = "test-key";

  @Test
  void playsServerErrorsThenARateLimitBurstThenRecoversAndAnnouncesEachStep() throws Exception {
    List<String> announced = new CopyOnWriteArrayList<>();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    try (DatadogSimulator datadog = DatadogSimulator.start(KEY)) {
      DatadogOutage outage = new DatadogOutage(new DatadogOutage.Plan(Duration.ofMillis(200), Duration.ofMillis(600),
          2, 0), datadog, announced::add, Clock.systemUTC());
      assertThat(outage.status()).startsWith("healthy (outage at");

      outage.schedule(scheduler, Instant.now());
      awaitStatus(outage, "DOWN");
      assertThat(post(datadog)).isEqualTo(500);
      awaitStatus(outage, "RATE-LIMITING");
      assertThat(post(datadog)).isEqualTo(429);
      assertThat(post(datadog)).isEqualTo(429);
      awaitStatus(outage, "healthy again");

      assertThat(post(datadog)).isEqualTo(202);
      assertThat(outage.steps()).extracting(DatadogOutage.Step::kind).containsExactly("500", "429", "healthy");
      assertThat(announced).hasSize(3);
      assertThat(announced.get(0)).startsWith("[00:00] Datadog is DOWN");
      assertThat(announced.get(2)).contains("after 2 rate-limited requests");
      assertThat(outage.recoveredAt()).isPresent();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aRunThatEndsDuringTheOutageLeavesDatadogHealthy() throws Exception {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    try (DatadogSimulator datadog = DatadogSimulator.start(KEY)) {
      DatadogOutage outage = new DatadogOutage(new DatadogOutage.Plan(Duration.ZERO, Duration.ofSeconds(30), 2, 1),
          datadog, line -> {}, Clock.systemUTC());
      outage.schedule(scheduler, Instant.now());
      awaitStatus(outage, "DOWN");

      outage.end();

      assertThat(post(datadog)).isEqualTo(202);
      assertThat(outage.steps()).extracting(DatadogOutage.Step::kind).containsExactly("500", "healthy");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void halfwayThroughATwoMinuteRunTheServerErrorsLastEighteenSeconds() {
    DatadogOutage.Plan plan = DatadogOutage.Plan.halfwayThrough(Duration.ofMinutes(2));

    assertThat(plan.start()).isEqualTo(Duration.ofMinutes(1));
    assertThat(plan.serverErrors()).isEqualTo(Duration.ofSeconds(18));
  }

  private static void awaitStatus(DatadogOutage outage, String status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!outage.status().startsWith(status)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("status stayed '" + outage.status() + "', expected " + status);
      }
      Thread.sleep(20);
    }
  }

  private static int post(DatadogSimulator datadog) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(datadog.baseUrl() + "/api/v1/events"))
        .header("DD-API-KEY", KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"t\",\"text\":\"x\"}")).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
