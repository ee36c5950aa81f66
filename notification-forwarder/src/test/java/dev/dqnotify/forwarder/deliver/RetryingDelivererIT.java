package dev.dqnotify.forwarder.deliver;

import static dev.dqnotify.forwarder.deliver.SimulatorFixtures.OUR_KEY;
import static dev.dqnotify.forwarder.deliver.SimulatorFixtures.client;
import static dev.dqnotify.forwarder.deliver.SimulatorFixtures.notificationIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dqnotify.forwarder.testing.LogCapture;
import ch.qos.logback.classic.Level;
import dev.dqnotify.config.Secret;
import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.junit.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retry loop against the Datadog simulator, through the real datadog-api-client. */
class RetryingDelivererIT {

  private static final Duration WITHIN = Duration.ofSeconds(15);
  private static final BackoffPolicy FAST =
      new BackoffPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.2);
  private static final Duration PROBE_EVERY = Duration.ofMillis(100);

  private static DatadogSimulator datadog;

  @TempDir Path dir;

  private final MeterRegistry metrics = new SimpleMeterRegistry();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void startDatadog() {
    datadog = DatadogSimulator.start(OUR_KEY);
  }

  @AfterAll
  static void stopDatadog() {
    datadog.close();
  }

  @AfterEach
  void closeAndReset() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
    datadog.reset();
    datadog.setApiKey(OUR_KEY);
  }

  @Test
  void deliversEveryEventExactlyOnceAfterAnOutage() {
    datadog.faults().statusFor(500, Duration.ofMillis(600));
    RetryingDeliverer deliverer =
        deliverer(client(datadog), 4, OptionalDouble.empty(), Clock.systemUTC());

    List<CompletableFuture<FinalOutcome>> results = submitAll(deliverer, 20);

    await().atMost(WITHIN).until(() -> results.stream().allMatch(CompletableFuture::isDone));
    assertThat(results)
        .allSatisfy(result -> assertThat(result.join()).isInstanceOf(FinalOutcome.Delivered.class));
    assertThat(notificationIds(datadog))
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 20).mapToObj(i -> "n-" + i).toList());
    assertThat(datadog.responsesByStatus()).containsKey(500).containsEntry(202, 20);
    assertThat(counter(DeliveryTelemetry.POSTED)).isEqualTo(20);
    assertThat(counter(DeliveryTelemetry.RETRIED))
        .isEqualTo(datadog.responsesByStatus().get(500).doubleValue());
    assertThat(deliverer.health().consecutiveFailures()).isZero();
    assertThat(deliverer.health().lastSuccess()).isPresent();
  }

  @Test
  void waitsForTheRateLimitResetBeforeTryingAgainAndHoldsBackOtherEvents() {
    MutableClock clock = new MutableClock(Instant.now());
    datadog.faults().rateLimitNext(1, 2);
    RetryingDeliverer deliverer = deliverer(client(datadog), 4, OptionalDouble.empty(), clock);

    CompletableFuture<FinalOutcome> limited = deliverer.submit(TestEvents.event("n-limited"));
    await().atMost(WITHIN).until(() -> counter(DeliveryTelemetry.RETRIED) == 1);
    CompletableFuture<FinalOutcome> next = deliverer.submit(TestEvents.event("n-next"));
    assertThat(deliverer.saturated()).isTrue();

    clock.advance(Duration.ofMillis(1_990));
    await().during(Duration.ofMillis(300)).atMost(WITHIN).until(() -> datadog.requestCount() == 1);

    // Past the reset and the jitter that spreads events held by it (20 ms × 0.2).
    clock.advance(Duration.ofMillis(20));
    await().atMost(WITHIN).until(() -> limited.isDone() && next.isDone());
    assertThat(limited.join()).isEqualTo(new FinalOutcome.Delivered(idOf("n-limited"), 2));
    assertThat(next.join()).isEqualTo(new FinalOutcome.Delivered(idOf("n-next"), 1));
    assertThat(datadog.responsesByStatus()).containsEntry(429, 1).containsEntry(202, 2);
  }

  @Test
  void releasesEventsBackingOffAsSoonAsDatadogAnswersAgain() {
    MutableClock clock = new MutableClock(Instant.now());
    BackoffPolicy slow = new BackoffPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60), 2.0, 0.0);
    DatadogEventsClient client = client(datadog);
    RetryingDeliverer deliverer =
        new RetryingDeliverer(client, slow, 4, Optional.empty(), PROBE_EVERY, clock, new DeliveryTelemetry(metrics));
    toClose.add(() -> deliverer.close(Duration.ZERO));
    toClose.add(client);
    datadog.faults().statusForNext(500, 3);

    CompletableFuture<FinalOutcome> first = deliverer.submit(TestEvents.event("n-first"));
    await().atMost(WITHIN).until(() -> counter(DeliveryTelemetry.RETRIED) == 1);
    clock.advance(Duration.ofSeconds(10));
    List<CompletableFuture<FinalOutcome>> later =
        List.of(deliverer.submit(TestEvents.event("n-a")), deliverer.submit(TestEvents.event("n-b")));
    await().atMost(WITHIN).until(() -> counter(DeliveryTelemetry.RETRIED) == 3);

    // The first event's retry is due (30 s); the others would wait until 40 s, but its success
    // shows Datadog is back, so they go now, without the clock moving further.
    clock.advance(Duration.ofSeconds(20));
    await().atMost(WITHIN).until(() -> first.isDone() && later.stream().allMatch(CompletableFuture::isDone));
    assertThat(later).allSatisfy(result -> assertThat(result.join()).isInstanceOf(FinalOutcome.Delivered.class));
    assertThat(datadog.responsesByStatus()).containsEntry(500, 3).containsEntry(202, 3);
  }

  @Test
  void oneEventDatadogKeepsFailingDoesNotHoldBackTheOthers() {
    datadog.faults().statusForEventsMatching(503, "dq-n-stuck");
    RetryingDeliverer deliverer =
        deliverer(client(datadog), 4, OptionalDouble.empty(), Clock.systemUTC());

    CompletableFuture<FinalOutcome> stuck = deliverer.submit(TestEvents.event("n-stuck"));
    await().atMost(WITHIN).until(() -> counter(DeliveryTelemetry.RETRIED) >= 2);
    assertThat(deliverer.saturated()).as("one slot of four backing off").isFalse();
    List<CompletableFuture<FinalOutcome>> others = submitAll(deliverer, 20);

    await().atMost(WITHIN).until(() -> others.stream().allMatch(CompletableFuture::isDone));
    assertThat(notificationIds(datadog)).hasSize(20).doesNotContain("n-stuck");
    assertThat(stuck).isNotDone();
    datadog.faults().clear();
    await().atMost(WITHIN).until(stuck::isDone);
    assertThat(stuck.join()).isInstanceOf(FinalOutcome.Delivered.class);
  }

  @Test
  void aWithdrawnEventBackingOffIsCancelledAtOnceAndNeverPostedAgain() {
    MutableClock clock = new MutableClock(Instant.now());
    datadog.faults().status(503);
    RetryingDeliverer deliverer = deliverer(client(datadog), 4, OptionalDouble.empty(), clock);

    CompletableFuture<FinalOutcome> withdrawn = deliverer.submit(TestEvents.event("n-withdrawn"));
    CompletableFuture<FinalOutcome> kept = deliverer.submit(TestEvents.event("n-kept"));
    await().atMost(WITHIN).until(() -> counter(DeliveryTelemetry.RETRIED) == 2);

    deliverer.withdraw(withdrawn);

    assertThat(withdrawn).isCompletedExceptionally();
    assertThatThrownBy(withdrawn::join).isInstanceOf(CancellationException.class);
    assertThat(counter(DeliveryTelemetry.WITHDRAWN)).isEqualTo(1);
    datadog.faults().clear();
    clock.advance(Duration.ofSeconds(5)); // past any backoff
    await().atMost(WITHIN).until(kept::isDone);
    assertThat(kept.join()).isInstanceOf(FinalOutcome.Delivered.class);
    await().during(Duration.ofMillis(300)).atMost(WITHIN).until(() -> datadog.requestCount() == 3);
    assertThat(notificationIds(datadog)).containsExactly("n-kept");
    assertThat(deliverer.saturated()).isFalse();
  }

  @Test
  void anEventWithdrawnWhileItsRequestIsUnderWayEndsWithThatRequestsAnswer() {
    datadog.faults().latency(Duration.ofMillis(600));
    RetryingDeliverer deliverer =
        deliverer(client(datadog), 4, OptionalDouble.empty(), Clock.systemUTC());

    CompletableFuture<FinalOutcome> accepted = deliverer.submit(TestEvents.event("n-accepted"));
    await().atMost(WITHIN).until(() -> gauge(DeliveryTelemetry.IN_FLIGHT) == 1);
    deliverer.withdraw(accepted);

    assertThat(accepted).isNotDone();
    await().atMost(WITHIN).until(accepted::isDone);
    assertThat(accepted.join()).isInstanceOf(FinalOutcome.Delivered.class);
    assertThat(counter(DeliveryTelemetry.WITHDRAWN)).isZero();

    datadog.faults().clear();
    datadog.faults().latency(Duration.ofMillis(600)).status(503);
    CompletableFuture<FinalOutcome> failed = deliverer.submit(TestEvents.event("n-failed"));
    await().atMost(WITHIN).until(() -> gauge(DeliveryTelemetry.IN_FLIGHT) == 1);
    deliverer.withdraw(failed);

    await().atMost(WITHIN).until(failed::isDone);
    assertThatThrownBy(failed::join).isInstanceOf(CancellationException.class);
    await().during(Duration.ofMillis(500)).atMost(WITHIN).until(() -> datadog.requestCount() == 2);
    assertThat(counter(DeliveryTelemetry.WITHDRAWN)).isEqualTo(1);
    assertThat(notificationIds(datadog)).containsExactly("n-accepted");
  }

  @Test
  void rejectsAnEventDatadogRefusesWithoutRetryingIt() {
    RetryingDeliverer deliverer =
        deliverer(client(datadog), 2, OptionalDouble.empty(), Clock.systemUTC());

    datadog.faults().statusForNext(400, 1);
    FinalOutcome outcome =
        deliverer
            .submit(TestEvents.event("n-refused"))
            .orTimeout(15, java.util.concurrent.TimeUnit.SECONDS)
            .join();

    assertThat(outcome).isInstanceOf(FinalOutcome.Rejected.class);
    assertThat(((FinalOutcome.Rejected) outcome).status()).isEqualTo(400);
    assertThat(((FinalOutcome.Rejected) outcome).bodyExcerpt()).contains("Bad Request");
    await().during(Duration.ofMillis(200)).atMost(WITHIN).until(() -> datadog.requestCount() == 1);
    assertThat(counter(DeliveryTelemetry.REJECTED)).isEqualTo(1);
    assertThat(counter(DeliveryTelemetry.RETRIED)).isZero();
  }

  @Test
  void pausesWhileTheKeyIsRejectedAndResumesWhenDatadogAcceptsIt() {
    datadog.setApiKey("the-key-datadog-wants");
    try (LogCapture logs = new LogCapture()) {
      RetryingDeliverer deliverer =
          deliverer(client(datadog), 2, OptionalDouble.empty(), Clock.systemUTC());

      List<CompletableFuture<FinalOutcome>> results = submitAll(deliverer, 5);

      await().atMost(WITHIN).until(() -> !deliverer.health().keyAccepted());
      assertThat(deliverer.saturated()).isTrue();
      assertThat(gauge(DeliveryTelemetry.KEY_ACCEPTED)).isZero();
      assertThat(deliverer.health().summary()).contains("API key");
      // Several probes' worth of time: nothing completes, nothing is rejected.
      await()
          .during(Duration.ofMillis(400))
          .atMost(WITHIN)
          .until(() -> results.stream().noneMatch(CompletableFuture::isDone));
      assertThat(counter(DeliveryTelemetry.REJECTED)).isZero();

      datadog.setApiKey(OUR_KEY);

      await().atMost(WITHIN).until(() -> results.stream().allMatch(CompletableFuture::isDone));
      assertThat(results)
          .allSatisfy(
              result -> assertThat(result.join()).isInstanceOf(FinalOutcome.Delivered.class));
      assertThat(notificationIds(datadog)).hasSize(5).doesNotHaveDuplicates();
      assertThat(deliverer.health().keyAccepted()).isTrue();
      assertThat(gauge(DeliveryTelemetry.KEY_ACCEPTED)).isEqualTo(1);
      assertThat(logs.at(Level.ERROR, "dev.dqnotify.forwarder"))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line.getFormattedMessage())
                      .startsWith("Datadog rejected the API key (403)")
                      .contains("at " + datadog.baseUrl() + ":")
                      .contains("fix DD_API_KEY / key file; delivery paused, nothing is dropped")
                      .contains("datadog.site / DD_SITE")
                      .doesNotContain(OUR_KEY));
      assertThat(logs.at(Level.INFO, "dev.dqnotify.forwarder"))
          .anySatisfy(line -> assertThat(line.getFormattedMessage()).contains("delivery resumed"));
    }
  }

  @Test
  void resumesWhenTheOperatorFixesTheKeyFile() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("dd.key"), "revoked-key\n");
    ApiKeySource keys = ApiKeySource.fromEnvOrFile(Map.of(), Optional.of(keyFile));
    RetryingDeliverer deliverer =
        deliverer(
            client(datadog, keys, SimulatorFixtures.READ_TIMEOUT),
            2,
            OptionalDouble.empty(),
            Clock.systemUTC());
    CompletableFuture<FinalOutcome> result = deliverer.submit(TestEvents.event("n-file"));
    await().atMost(WITHIN).until(() -> !deliverer.health().keyAccepted());

    Files.writeString(keyFile, OUR_KEY + "\n");

    await().atMost(WITHIN).until(result::isDone);
    assertThat(result.join()).isInstanceOf(FinalOutcome.Delivered.class);
    assertThat(deliverer.health().keyAccepted()).isTrue();
  }

  @Test
  void retriesAfterAReadTimeoutUntilDelivered() {
    datadog.faults().latency(Duration.ofSeconds(2));
    RetryingDeliverer deliverer =
        deliverer(
            client(datadog, ApiKeySource.of(Secret.of(OUR_KEY)), Duration.ofMillis(200)),
            1,
            OptionalDouble.empty(),
            Clock.systemUTC());

    CompletableFuture<FinalOutcome> result = deliverer.submit(TestEvents.event("n-slow"));
    await().atMost(WITHIN).until(() -> counter(DeliveryTelemetry.RETRIED) >= 1);
    assertThat(result).isNotDone();
    datadog.faults().clear();

    await().atMost(WITHIN).until(result::isDone);
    assertThat(((FinalOutcome.Delivered) result.join()).attempts()).isGreaterThanOrEqualTo(2);
    // The slow server still took the timed-out posts: at-least-once, as with a real slow Datadog.
    assertThat(notificationIds(datadog)).contains("n-slow");
  }

  @Test
  void retriesDroppedConnectionsUntilDelivered() {
    datadog.faults().dropConnectionsNext(3);
    RetryingDeliverer deliverer =
        deliverer(client(datadog), 2, OptionalDouble.empty(), Clock.systemUTC());

    List<CompletableFuture<FinalOutcome>> results = submitAll(deliverer, 2);

    await().atMost(WITHIN).until(() -> results.stream().allMatch(CompletableFuture::isDone));
    assertThat(notificationIds(datadog)).containsExactlyInAnyOrder("n-0", "n-1");
    assertThat(datadog.droppedConnections()).isEqualTo(3);
    int attempts =
        results.stream().mapToInt(r -> ((FinalOutcome.Delivered) r.join()).attempts()).sum();
    assertThat(attempts).isEqualTo(5); // each dropped connection was exactly one of our attempts
  }

  @Test
  void neverHasMoreRequestsInFlightThanItsLimit() {
    Duration latency = Duration.ofMillis(300);
    datadog.faults().latency(latency);
    RetryingDeliverer deliverer =
        deliverer(client(datadog), 3, OptionalDouble.empty(), Clock.systemUTC());

    List<CompletableFuture<FinalOutcome>> results = submitAll(deliverer, 12);
    await().atMost(WITHIN).until(() -> gauge(DeliveryTelemetry.IN_FLIGHT) == 3);
    assertThat(deliverer.saturated()).isTrue();

    await().atMost(WITHIN).until(() -> results.stream().allMatch(CompletableFuture::isDone));
    // Every response takes the latency from arrival, and a new request starts only when one
    // returns: more than 3 arrivals within one latency window would mean more than 3 at once.
    List<Instant> arrivals =
        datadog.acceptedEvents().stream().map(ReceivedEvent::receivedAt).sorted().toList();
    assertThat(arrivals).hasSize(12);
    Duration window = latency.minusMillis(50);
    int busiest =
        IntStream.range(0, arrivals.size())
            .map(
                i ->
                    (int)
                        arrivals.stream()
                            .filter(
                                t ->
                                    !t.isBefore(arrivals.get(i))
                                        && t.isBefore(arrivals.get(i).plus(window)))
                            .count())
            .max()
            .orElseThrow();
    assertThat(busiest).isEqualTo(3);
    assertThat(gauge(DeliveryTelemetry.IN_FLIGHT)).isZero();
  }

  @Test
  void postsNoFasterThanItsEventsPerSecondByItsClock() {
    MutableClock clock = new MutableClock(Instant.now());
    RetryingDeliverer deliverer = deliverer(client(datadog), 4, OptionalDouble.of(2), clock);

    List<CompletableFuture<FinalOutcome>> results = submitAll(deliverer, 5);

    await().atMost(WITHIN).until(() -> datadog.acceptedEvents().size() == 2); // a second's burst
    await().during(Duration.ofMillis(200)).atMost(WITHIN).until(() -> datadog.requestCount() == 2);
    clock.advance(Duration.ofMillis(500));
    await().atMost(WITHIN).until(() -> datadog.acceptedEvents().size() == 3);
    await().during(Duration.ofMillis(200)).atMost(WITHIN).until(() -> datadog.requestCount() == 3);
    clock.advance(Duration.ofSeconds(1));
    await().atMost(WITHIN).until(() -> results.stream().allMatch(CompletableFuture::isDone));
    assertThat(datadog.requestCount()).isEqualTo(5);
  }

  @Test
  void deliversWhatItCanBeforeTheCloseDeadlineAndCancelsTheRest() {
    datadog.faults().latency(Duration.ofMillis(200));
    RetryingDeliverer delivering =
        deliverer(client(datadog), 2, OptionalDouble.empty(), Clock.systemUTC());
    List<CompletableFuture<FinalOutcome>> delivered = submitAll(delivering, 2);

    delivering.close(Duration.ofSeconds(10));

    assertThat(delivered)
        .allSatisfy(result -> assertThat(result.join()).isInstanceOf(FinalOutcome.Delivered.class));

    datadog.faults().clear();
    datadog.faults().status(503);
    RetryingDeliverer failing =
        deliverer(client(datadog), 2, OptionalDouble.empty(), Clock.systemUTC());
    List<CompletableFuture<FinalOutcome>> stuck = submitAll(failing, 3);
    await().atMost(WITHIN).until(() -> datadog.requestCount() >= 3);

    failing.close(Duration.ofMillis(200));

    assertThat(stuck)
        .allSatisfy(
            result ->
                assertThat(result)
                    .failsWithin(Duration.ZERO)
                    .withThrowableThat()
                    .isInstanceOf(CancellationException.class));
    assertThat(failing.submit(TestEvents.event("late")))
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void exposesItsMetricsUnderTheAgreedPrometheusNames() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    datadog.faults().statusForNext(503, 1);
    RetryingDeliverer deliverer =
        new RetryingDeliverer(
            client(datadog),
            FAST,
            2,
            Optional.empty(),
            PROBE_EVERY,
            Clock.systemUTC(),
            new DeliveryTelemetry(prometheus));
    toClose.add(deliverer);

    deliverer
        .submit(TestEvents.event("n-metrics"))
        .orTimeout(15, java.util.concurrent.TimeUnit.SECONDS)
        .join();

    assertThat(prometheus.scrape())
        .contains("dqnotify_forwarder_datadog_requests_total{outcome=\"delivered\"} 1.0")
        .contains("dqnotify_forwarder_datadog_requests_total{outcome=\"retryable\"} 1.0")
        .contains("dqnotify_forwarder_datadog_requests_total{outcome=\"rejected\"} 0.0")
        .contains("dqnotify_forwarder_datadog_requests_total{outcome=\"unauthorized\"} 0.0")
        .contains("dqnotify_forwarder_datadog_latency_seconds_count 2")
        .contains("dqnotify_forwarder_events_posted_total 1.0")
        .contains("dqnotify_forwarder_events_retried_total 1.0")
        .contains("dqnotify_forwarder_events_rejected_total 0.0")
        .contains("dqnotify_forwarder_in_flight 0.0")
        .contains("dqnotify_forwarder_datadog_key_accepted 1.0");
  }

  private RetryingDeliverer deliverer(
      DatadogEventsClient client, int maxInFlight, OptionalDouble eventsPerSecond, Clock clock) {
    RetryingDeliverer deliverer =
        new RetryingDeliverer(
            client, FAST, maxInFlight,
            eventsPerSecond.isPresent() ? Optional.of(new TokenBucket(eventsPerSecond.getAsDouble(), clock))
                : Optional.empty(),
            PROBE_EVERY, clock, new DeliveryTelemetry(metrics));
    // Deliverer first, then its client: the order the assembly shuts down in.
    toClose.add(() -> deliverer.close(Duration.ZERO));
    toClose.add(client);
    return deliverer;
  }

  private static List<CompletableFuture<FinalOutcome>> submitAll(
      RetryingDeliverer deliverer, int count) {
    List<CompletableFuture<FinalOutcome>> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      DatadogEvent event = TestEvents.event("n-" + i);
      results.add(deliverer.submit(event));
    }
    return results;
  }

  private static String idOf(String notificationId) {
    return datadog.acceptedEvents().stream()
        .filter(event -> event.aggregationKey().equals("dq-" + notificationId))
        .map(event -> Long.toString(event.id()))
        .findFirst()
        .orElseThrow();
  }

  private double counter(String name) {
    return metrics.get(name).counter().count();
  }

  private double gauge(String name) {
    return metrics.get(name).gauge().value();
  }
}
