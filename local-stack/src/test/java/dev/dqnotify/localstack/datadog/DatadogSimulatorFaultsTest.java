package dev.dqnotify.localstack.datadog;

import static dev.dqnotify.localstack.datadog.SimulatorClient.API_KEY;
import static dev.dqnotify.localstack.datadog.SimulatorClient.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults scripted from Java; time-bounded ones are ended by moving the simulator's clock. */
class DatadogSimulatorFaultsTest extends SimulatorTestCase {

  private static final Duration LATENCY = Duration.ofMillis(300);

  DatadogSimulatorFaultsTest() {
    super(Instant.parse("2025-03-01T12:00:00Z"), false);
  }

  private Faults faults;

  @BeforeEach
  void keepFaults() {
    faults = simulator.faults();
  }

  @Test
  void delaysEveryResponseByTheScriptedLatency() throws IOException {
    faults.latency(LATENCY);

    long started = System.nanoTime();
    HttpResponse<String> response = client.postEvent(event());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(took).isGreaterThanOrEqualTo(LATENCY);
  }

  @Test
  void delaysRejectionsToo() throws IOException {
    faults.latency(LATENCY);

    long started = System.nanoTime();
    HttpResponse<String> response = client.validate("wrong-key");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(LATENCY);
  }

  @Test
  void stopsDelayingWhenTheLatencyWindowHasPassed() throws IOException {
    // Long enough that an undelayed local request cannot come near it.
    Duration delay = Duration.ofSeconds(5);
    faults.latencyFor(delay, Duration.ofSeconds(10));
    assertThat(faults.describeActive()).hasSize(1);

    clock.advance(Duration.ofSeconds(10));
    long started = System.nanoTime();
    HttpResponse<String> response = client.postEvent(event());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(delay);
    assertThat(faults.describeActive()).isEmpty();
  }

  @Test
  void answersTheScriptedStatusForTheNextRequestsOnly() throws IOException {
    faults.statusForNext(503, 2);

    HttpResponse<String> first = client.postEvent(event());
    HttpResponse<String> second = client.postEvent(event());
    HttpResponse<String> third = client.postEvent(event());

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.body()).isEqualTo("{\"errors\":[\"Service Unavailable\"]}");
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(third.statusCode()).isEqualTo(202);
    assertThat(simulator.acceptedEvents()).hasSize(1);
  }

  @Test
  void answersTheScriptedStatusUntilItsDurationHasPassed() throws IOException {
    faults.statusFor(500, Duration.ofSeconds(5));

    assertThat(client.postEvent(event()).statusCode()).isEqualTo(500);
    clock.advance(Duration.ofMillis(4999));
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(500);
    clock.advance(Duration.ofMillis(1));
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void answersTheScriptedStatusUntilCleared() throws IOException {
    faults.status(500);
    clock.advance(Duration.ofDays(365));

    assertThat(client.postEvent(event()).statusCode()).isEqualTo(500);
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(500);
    faults.clear();
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void answersAScriptedForbiddenEvenWithTheRightKey() throws IOException {
    faults.statusForNext(403, 1);

    HttpResponse<String> response = client.postEvent(event());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("{\"errors\":[\"Forbidden\"]}");
  }

  @Test
  void failsEveryNthRequest() throws IOException {
    faults.failEveryNth(3, 503);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      statuses.add(client.postEvent(event()).statusCode());
    }

    assertThat(statuses).containsExactly(202, 202, 503, 202, 202, 503, 202);
    assertThat(simulator.acceptedEvents()).hasSize(5);
  }

  @Test
  void rateLimitsTheNextRequestsWithDatadogsHeaders() throws IOException {
    faults.rateLimitNext(2, 7);

    HttpResponse<String> limited = client.postEvent(event());
    HttpResponse<String> againLimited = client.postEvent(event());
    HttpResponse<String> through = client.postEvent(event());

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).isEqualTo("{\"errors\":[\"Too many requests\"]}");
    assertThat(limited.headers().map())
        .containsEntry("x-ratelimit-limit", List.of("250000"))
        .containsEntry("x-ratelimit-period", List.of("60"))
        .containsEntry("x-ratelimit-remaining", List.of("0"))
        .containsEntry("x-ratelimit-reset", List.of("7"))
        .containsEntry("x-ratelimit-name", List.of("events"));
    assertThat(againLimited.statusCode()).isEqualTo(429);
    assertThat(through.statusCode()).isEqualTo(202);
  }

  @Test
  void rateLimitsUntilClearedWithTheGivenReset() throws IOException {
    faults.rateLimit(4);

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> limited = client.postEvent(event());
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("x-ratelimit-reset")).hasValue("4");
    }
  }

  @Test
  void announcesTheSecondsLeftUntilATimedRateLimitEnds() throws IOException {
    faults.rateLimitFor(Duration.ofSeconds(10));

    clock.advance(Duration.ofMillis(2500));
    HttpResponse<String> limited = client.postEvent(event());
    clock.advance(Duration.ofMillis(7500));
    HttpResponse<String> through = client.postEvent(event());

    assertThat(limited.statusCode()).isEqualTo(429);
    // 7.5 s left, rounded up so a client waiting that long finds the limit over.
    assertThat(limited.headers().firstValue("x-ratelimit-reset")).hasValue("8");
    assertThat(through.statusCode()).isEqualTo(202);
  }

  @Test
  void sendsRateLimitHeaderNamesInLowerCaseOnTheWire() throws IOException {
    faults.rateLimitNext(1, 3);

    String head = rawResponseHead(event().toString());

    assertThat(head).startsWith("HTTP/1.1 429");
    assertThat(head)
        .contains("\r\nx-ratelimit-limit: 250000\r\n")
        .contains("\r\nx-ratelimit-period: 60\r\n")
        .contains("\r\nx-ratelimit-remaining: 0\r\n")
        .contains("\r\nx-ratelimit-reset: 3\r\n")
        .contains("\r\nx-ratelimit-name: events\r\n");
  }

  @Test
  void resetsTheConnectionOfTheNextRequests() throws IOException {
    faults.dropConnectionsNext(2);

    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);

    assertThat(simulator.droppedConnections()).isEqualTo(2);
    assertThat(simulator.requestCount()).isEqualTo(3);
    assertThat(simulator.acceptedEvents()).hasSize(1);
  }

  @Test
  void closesTheConnectionWithoutAResponseInEmptyResponseMode() throws IOException {
    faults.dropConnectionsNext(1, Faults.ConnectionDrop.EMPTY_RESPONSE);

    assertThat(rawResponseHead(event().toString())).isEmpty();
    assertThat(simulator.droppedConnections()).isEqualTo(1);
  }

  @Test
  void dropsConnectionsUntilCleared() throws IOException {
    faults.dropConnections();

    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);
    faults.clear();
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void dropsConnectionsUntilTheirDurationHasPassed() throws IOException {
    faults.dropConnectionsFor(Duration.ofSeconds(30));

    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);
    clock.advance(Duration.ofSeconds(30));

    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void faultsAlsoHitTheValidateEndpoint() throws IOException {
    faults.statusForNext(500, 1);

    assertThat(client.validate(API_KEY).statusCode()).isEqualTo(500);
    assertThat(client.validate(API_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void neverFaultsTheAdminApi() throws IOException {
    faults
        .latency(Duration.ofSeconds(30))
        .statusFor(500, Duration.ofHours(1))
        .dropConnectionsFor(Duration.ofHours(1));

    HttpResponse<String> stats = client.admin("GET", "/__admin/datadog/stats", null);

    assertThat(stats.statusCode()).isEqualTo(200);
  }

  @Test
  void countsFaultedRequestsButNeverRecordsThemAsAccepted() throws IOException {
    faults.statusForNext(500, 1).rateLimitNext(1, 1);

    client.postEvent(event());
    client.postEvent(event());

    assertThat(simulator.acceptedEvents()).isEmpty();
    assertThat(simulator.requestCount()).isEqualTo(2);
    assertThat(simulator.responsesByStatus()).isEqualTo(Map.of(500, 1, 429, 1));
  }

  @Test
  void playsCountedFaultsOneAfterAnotherInTheOrderAdded() throws IOException {
    faults.statusForNext(500, 2).rateLimitNext(1, 1).dropConnectionsNext(1);

    assertThat(client.postEvent(event()).statusCode()).isEqualTo(500);
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(500);
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(429);
    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);
    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
  }

  @Test
  void delaysFaultedResponsesWhenLatencyIsAlsoScripted() throws IOException {
    faults.latency(LATENCY).statusForNext(503, 1);

    long started = System.nanoTime();
    HttpResponse<String> response = client.postEvent(event());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(LATENCY);
  }

  @Test
  void delaysDroppedConnectionsWhenLatencyIsAlsoScripted() {
    faults.latency(LATENCY).dropConnectionsNext(1);

    long started = System.nanoTime();
    assertThatThrownBy(() -> client.postEvent(event())).isInstanceOf(IOException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(LATENCY);
  }

  @Test
  void behavesHealthyAgainOnceFaultsAreCleared() throws IOException {
    faults
        .statusFor(500, Duration.ofHours(1))
        .failEveryNth(1, 503)
        .rateLimitFor(Duration.ofHours(1));

    faults.clear();

    assertThat(client.postEvent(event()).statusCode()).isEqualTo(202);
    assertThat(faults.describeActive()).isEmpty();
  }

  @Test
  void describesTheActiveFaultsInTheOrderAdded() {
    faults.statusForNext(500, 2).rateLimitFor(Duration.ofSeconds(5)).failEveryNth(3, 503);

    assertThat(faults.describeActive())
        .containsExactly(
            "status 500 for the next 2 request(s)",
            "rate limit (429) for another 5000 ms",
            "status 503 on one request in every 3 (0 seen)");
  }

  @Test
  void refusesFaultsThatCouldNotHappen() {
    assertThatThrownBy(() -> faults.statusForNext(200, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be an error status between 400 and 599, got 200");
    assertThatThrownBy(() -> faults.statusForNext(500, 0))
        .hasMessage("count must be at least 1, got 0");
    assertThatThrownBy(() -> faults.failEveryNth(0, 500)).hasMessage("n must be at least 1, got 0");
    assertThatThrownBy(() -> faults.latency(Duration.ZERO))
        .hasMessage("delay must be at least 1 ms, got PT0S");
    assertThat(faults.describeActive()).isEmpty();
  }

  /** The status line and headers exactly as sent, or "" when the server sent nothing. */
  private String rawResponseHead(String body) throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String request =
        "POST /api/v1/events HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + simulator.port()
            + "\r\n"
            + "DD-API-KEY: "
            + API_KEY
            + "\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: "
            + content.length
            + "\r\n"
            + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", simulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int endOfHead = response.indexOf("\r\n\r\n");
      return endOfHead < 0 ? response : response.substring(0, endOfHead + 2);
    }
  }
}
