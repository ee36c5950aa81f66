package dev.dqnotify.forwarder.deliver;

import static dev.dqnotify.forwarder.deliver.SimulatorFixtures.OUR_KEY;
import static dev.dqnotify.forwarder.deliver.SimulatorFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.config.Secret;
import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.forwarder.testing.RecordingSimulator;
import dev.dqnotify.forwarder.testing.SimulatorRequests;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.Faults;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One attempt per call, against the Datadog simulator with the real datadog-api-client. */
class DatadogEventsClientIT {

  @RegisterExtension
  static final RecordingSimulator SIMULATOR = new RecordingSimulator(OUR_KEY);

  @TempDir Path dir;

  private static DatadogSimulator datadog() {
    return SIMULATOR.simulator();
  }

  @Test
  void postsTheEventWithAllItsFieldsAndReturnsDatadogsIdString() {
    DatadogEvent event = TestEvents.event("n-1");

    DeliveryOutcome outcome;
    try (DatadogEventsClient client = client(datadog())) {
      outcome = client.post(event);
    }

    assertThat(datadog().acceptedEvents()).hasSize(1);
    ReceivedEvent received = datadog().acceptedEvents().get(0);
    assertThat(outcome).isEqualTo(new DeliveryOutcome.Delivered(Long.toString(received.id())));
    assertThat(received.title()).isEqualTo(event.title());
    assertThat(received.text()).isEqualTo(event.text());
    assertThat(received.tags()).containsExactlyElementsOf(event.tags());
    assertThat(received.alertType()).isEqualTo("error");
    assertThat(received.priority()).isEqualTo("normal");
    assertThat(received.aggregationKey()).isEqualTo("dq-n-1");
    assertThat(received.dateHappened())
        .as("no date_happened is sent, so Datadog dates the event at its reception")
        .isEqualTo(received.receivedAt().truncatedTo(ChronoUnit.SECONDS));
    assertThat(SimulatorRequests.bodies(SIMULATOR.requestLog(), "POST", "/api/v1/events"))
        .as("the bodies on the wire")
        .isNotEmpty()
        .allSatisfy(body -> assertThat(body.has("date_happened")).as(body.toString()).isFalse());
  }

  @Test
  void rejectsAnEventDatadogRefusesWithTheStatusAndBody() {
    DeliveryOutcome outcome;
    try (DatadogEventsClient client = client(datadog())) {
      datadog().faults().statusForNext(400, 1);
      outcome = client.post(TestEvents.event("n-refused"));
    }

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Rejected.class);
    DeliveryOutcome.Rejected rejected = (DeliveryOutcome.Rejected) outcome;
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.bodyExcerpt()).contains("Bad Request");
    assertThat(datadog().requestCount()).isEqualTo(1);
  }

  @Test
  void reportsARefusedKeyAsUnauthorized() {
    datadog().setApiKey("someone-elses-key");

    try (DatadogEventsClient client = client(datadog())) {
      assertThat(client.post(TestEvents.event("n-2")))
          .isEqualTo(new DeliveryOutcome.Unauthorized(403));
      assertThat(client.validate()).isEqualTo(new DeliveryOutcome.Unauthorized(403));
    }
    assertThat(datadog().acceptedEvents()).isEmpty();
  }

  @Test
  void validateRereadsTheKeyFileSoAFixedKeyIsUsedFromThenOn() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("dd.key"), "revoked-key\n");
    ApiKeySource keys = ApiKeySource.fromEnvOrFile(Map.of(), Optional.of(keyFile));

    try (DatadogEventsClient client = client(datadog(), keys, SimulatorFixtures.READ_TIMEOUT)) {
      assertThat(client.post(TestEvents.event("n-3")))
          .isEqualTo(new DeliveryOutcome.Unauthorized(403));
      Files.writeString(keyFile, OUR_KEY + "\n");

      assertThat(client.validate()).isEqualTo(new DeliveryOutcome.Delivered(""));
      assertThat(client.post(TestEvents.event("n-3")))
          .isInstanceOf(DeliveryOutcome.Delivered.class);
    }
  }

  @Test
  void reportsAMissingKeyFileOnValidateAsRetryableWithoutThrowing() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("dd.key"), OUR_KEY);
    ApiKeySource keys = ApiKeySource.fromEnvOrFile(Map.of(), Optional.of(keyFile));

    try (DatadogEventsClient client = client(datadog(), keys, SimulatorFixtures.READ_TIMEOUT)) {
      Files.delete(keyFile);

      DeliveryOutcome outcome = client.validate();

      assertThat(outcome).isInstanceOf(DeliveryOutcome.Retryable.class);
      assertThat(((DeliveryOutcome.Retryable) outcome).reason())
          .contains("does not exist")
          .doesNotContain(OUR_KEY);
    }
  }

  @Test
  void reportsRateLimitsWithTheResetDatadogAnnounced() {
    datadog().faults().rateLimitNext(1, 3);

    try (DatadogEventsClient client = client(datadog())) {
      DeliveryOutcome outcome = client.post(TestEvents.event("n-4"));

      assertThat(outcome).isInstanceOf(DeliveryOutcome.Retryable.class);
      DeliveryOutcome.Retryable retryable = (DeliveryOutcome.Retryable) outcome;
      assertThat(retryable.status()).isEqualTo(OptionalInt.of(429));
      assertThat(retryable.retryAfter()).contains(Duration.ofSeconds(3));
    }
  }

  @Test
  void reportsServerErrorsAsRetryableExceptNotImplemented() {
    datadog().faults().statusForNext(503, 1).statusForNext(501, 1);

    try (DatadogEventsClient client = client(datadog())) {
      DeliveryOutcome first = client.post(TestEvents.event("n-5"));
      DeliveryOutcome second = client.post(TestEvents.event("n-5"));

      assertThat(first).isInstanceOf(DeliveryOutcome.Retryable.class);
      assertThat(((DeliveryOutcome.Retryable) first).status()).isEqualTo(OptionalInt.of(503));
      assertThat(second).isInstanceOf(DeliveryOutcome.Rejected.class);
      assertThat(((DeliveryOutcome.Rejected) second).status()).isEqualTo(501);
    }
  }

  @Test
  void givesUpOnASlowAnswerAtTheReadTimeout() {
    datadog().faults().latency(Duration.ofSeconds(2));

    try (DatadogEventsClient client =
        client(datadog(), ApiKeySource.of(Secret.of(OUR_KEY)), Duration.ofMillis(200))) {
      long started = System.nanoTime();
      DeliveryOutcome outcome = client.post(TestEvents.event("n-6"));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
      assertThat(outcome).isInstanceOf(DeliveryOutcome.Retryable.class);
      assertThat(((DeliveryOutcome.Retryable) outcome).reason()).startsWith("timed out");
      assertThat(((DeliveryOutcome.Retryable) outcome).status()).isEmpty();
    }
  }

  @Test
  void reportsAResetConnectionAsRetryableAfterOneRequest() {
    datadog().faults().dropConnectionsNext(5);

    try (DatadogEventsClient client = client(datadog())) {
      DeliveryOutcome outcome = client.post(TestEvents.event("n-7"));

      assertThat(outcome).isInstanceOf(DeliveryOutcome.Retryable.class);
      assertThat(((DeliveryOutcome.Retryable) outcome).reason()).startsWith("connection failed");
    }
    assertThat(datadog().droppedConnections()).isEqualTo(1);
  }

  @Test
  void reportsAnEmptyResponseAsRetryableAfterOneRequest() {
    datadog().faults().dropConnectionsNext(5, Faults.ConnectionDrop.EMPTY_RESPONSE);

    try (DatadogEventsClient client = client(datadog())) {
      // A first request leaves a kept-alive connection behind, the case where the JDK's
      // HttpURLConnection is known to resend a POST on its own.
      datadog().faults().clear();
      assertThat(client.validate()).isEqualTo(new DeliveryOutcome.Delivered(""));
      datadog().faults().dropConnectionsNext(5, Faults.ConnectionDrop.EMPTY_RESPONSE);

      DeliveryOutcome outcome = client.post(TestEvents.event("n-8"));

      assertThat(outcome).isInstanceOf(DeliveryOutcome.Retryable.class);
    }
    assertThat(datadog().droppedConnections()).isEqualTo(1);
  }

  @Test
  void reportsARefusedConnectionAsRetryable() throws Exception {
    try (DatadogEventsClient client =
        new DatadogEventsClient(
            SimulatorFixtures.closedPort(),
            ApiKeySource.of(Secret.of(OUR_KEY)),
            SimulatorFixtures.CONNECT_TIMEOUT,
            SimulatorFixtures.READ_TIMEOUT)) {
      DeliveryOutcome outcome = client.post(TestEvents.event("n-9"));

      assertThat(outcome).isInstanceOf(DeliveryOutcome.Retryable.class);
      assertThat(((DeliveryOutcome.Retryable) outcome).reason()).startsWith("connection refused");
    }
  }
}
