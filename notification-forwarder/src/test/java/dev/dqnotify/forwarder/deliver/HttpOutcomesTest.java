package dev.dqnotify.forwarder.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpOutcomesTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
  void retriesTimeoutsRateLimitsAndServerErrors(int status) {
    DeliveryOutcome outcome = HttpOutcomes.forStatus(status, Map.of(), "{\"errors\":[\"x\"]}", NOW);

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retryable.class);
    DeliveryOutcome.Retryable retryable = (DeliveryOutcome.Retryable) outcome;
    assertThat(retryable.status()).isEqualTo(OptionalInt.of(status));
    assertThat(retryable.reason()).startsWith("HTTP " + status).contains("errors");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 405, 409, 413, 422, 501, 302})
  void rejectsWhatWillNeverWorkWithTheBody(int status) {
    assertThat(HttpOutcomes.forStatus(status, Map.of(), "{\"errors\":[\"Bad\"]}", NOW))
        .isEqualTo(new DeliveryOutcome.Rejected(status, "{\"errors\":[\"Bad\"]}"));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void reportsARefusedKeyAsUnauthorized(int status) {
    assertThat(HttpOutcomes.forStatus(status, Map.of(), "{\"errors\":[\"Forbidden\"]}", NOW))
        .isEqualTo(new DeliveryOutcome.Unauthorized(status));
  }

  @Test
  void rejectsWithAnEmptyExcerptWhenThereIsNoBody() {
    assertThat(HttpOutcomes.forStatus(400, Map.of(), null, NOW))
        .isEqualTo(new DeliveryOutcome.Rejected(400, ""));
  }

  @Test
  void keepsAtMostOneKibibyteOfARejectedBody() {
    String body = "é".repeat(2000); // 2 bytes each in UTF-8

    DeliveryOutcome.Rejected rejected =
        (DeliveryOutcome.Rejected) HttpOutcomes.forStatus(400, Map.of(), body, NOW);

    assertThat(rejected.bodyExcerpt().getBytes(StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(1024);
    assertThat(rejected.bodyExcerpt()).startsWith("éééé").endsWith("é…");
  }

  @Test
  void neverSplitsASurrogatePairWhenCutting() {
    String body = "a" + "😀".repeat(600); // 4 bytes each

    String excerpt = HttpOutcomes.excerpt(body, 1024);

    assertThat(excerpt.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(1024);
    // A lone surrogate would not survive the round trip through UTF-8.
    assertThat(new String(excerpt.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(excerpt);
    assertThat(excerpt).endsWith("😀…");
  }

  @Test
  void readsTheLowercaseRateLimitResetInSeconds() {
    DeliveryOutcome outcome =
        HttpOutcomes.forStatus(
            429,
            Map.of("x-ratelimit-reset", List.of("7"), "x-ratelimit-remaining", List.of("0")),
            "{}",
            NOW);

    assertThat(((DeliveryOutcome.Retryable) outcome).retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void matchesHeaderNamesWhateverTheirCase() {
    assertThat(HttpOutcomes.retryAfter(Map.of("X-RateLimit-Reset", List.of("3")), NOW))
        .contains(Duration.ofSeconds(3));
    assertThat(HttpOutcomes.retryAfter(Map.of("Retry-After", List.of("4")), NOW))
        .contains(Duration.ofSeconds(4));
  }

  @Test
  void readsRetryAfterAsAnHttpDate() {
    assertThat(
            HttpOutcomes.retryAfter(
                Map.of("retry-after", List.of("Sun, 01 Jun 2025 12:00:30 GMT")), NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(
            HttpOutcomes.retryAfter(
                Map.of("retry-after", List.of("Sun, 01 Jun 2025 11:00:00 GMT")), NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void takesTheLongerWaitWhenBothHeadersAreSent() {
    assertThat(
            HttpOutcomes.retryAfter(
                Map.of("x-ratelimit-reset", List.of("2"), "Retry-After", List.of("9")), NOW))
        .contains(Duration.ofSeconds(9));
  }

  @Test
  void ignoresHeadersItCannotRead() {
    assertThat(HttpOutcomes.retryAfter(Map.of("x-ratelimit-reset", List.of("soon")), NOW))
        .isEmpty();
    assertThat(HttpOutcomes.retryAfter(Map.of("retry-after", List.of("-5")), NOW)).isEmpty();
    assertThat(HttpOutcomes.retryAfter(null, NOW)).isEmpty();
  }

  @Test
  void callsATimeoutATimeout() {
    DeliveryOutcome.Retryable outcome =
        HttpOutcomes.forTransportFailure(
            new RuntimeException("wrapped", new SocketTimeoutException("Read timed out")));

    assertThat(outcome.reason()).isEqualTo("timed out (SocketTimeoutException: Read timed out)");
    assertThat(outcome.status()).isEmpty();
    assertThat(outcome.retryAfter()).isEqualTo(Optional.empty());
  }

  @Test
  void callsABrokenConnectionABrokenConnection() {
    assertThat(HttpOutcomes.forTransportFailure(new SocketException("Connection reset")).reason())
        .isEqualTo("connection failed (SocketException: Connection reset)");
    assertThat(
            HttpOutcomes.forTransportFailure(new ConnectException("Connection refused")).reason())
        .startsWith("connection refused");
  }
}
