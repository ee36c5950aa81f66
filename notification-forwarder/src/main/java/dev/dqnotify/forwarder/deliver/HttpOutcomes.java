package dev.dqnotify.forwarder.deliver;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Turns Datadog's answers into {@link DeliveryOutcome}s. Kept apart from the HTTP client so the
 * rules (which statuses retry, how long to wait, how much of a body to keep) are tested on their
 * own.
 */
final class HttpOutcomes {

  /** Rejected bodies go onto the dead-letter topic and into logs: 1 KiB tells what went wrong. */
  static final int MAX_EXCERPT_BYTES = 1024;

  /** Retry reasons are logged on every attempt, so they carry only a short hint of the body. */
  private static final int MAX_REASON_BODY_BYTES = 200;

  private static final String ELLIPSIS = "…";

  private HttpOutcomes() {}

  /**
   * Classifies an HTTP error status (anything not 2xx).
   *
   * @param headers response headers; names are matched case-insensitively, as Datadog sends {@code
   *     x-ratelimit-*} in lower case but proxies may not
   * @param body the response body, null when there was none
   * @param now for {@code Retry-After} given as an HTTP date
   */
  static DeliveryOutcome forStatus(
      int status, Map<String, List<String>> headers, String body, Instant now) {
    String safeBody = body == null ? "" : body;
    if (status == 401 || status == 403) {
      return new DeliveryOutcome.Unauthorized(status);
    }
    if (isRetryable(status)) {
      String reason = "HTTP " + status;
      if (!safeBody.isBlank()) {
        reason += ": " + excerpt(safeBody.strip(), MAX_REASON_BODY_BYTES);
      }
      return new DeliveryOutcome.Retryable(
          reason, OptionalInt.of(status), retryAfter(headers, now));
    }
    return new DeliveryOutcome.Rejected(status, excerpt(safeBody, MAX_EXCERPT_BYTES));
  }

  /**
   * Classifies a request that got no HTTP answer: a timeout or a broken connection. Always
   * retryable; the event may or may not have reached Datadog.
   */
  static DeliveryOutcome.Retryable forTransportFailure(Throwable failure) {
    Throwable root = failure;
    String kind = "connection failed";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      root = t;
      if (t instanceof SocketTimeoutException) {
        kind = "timed out";
        break;
      }
      if (t instanceof ConnectException) {
        kind = "connection refused";
        break;
      }
    }
    String detail = root.getMessage() == null ? "" : ": " + root.getMessage();
    return new DeliveryOutcome.Retryable(
        kind + " (" + root.getClass().getSimpleName() + detail + ")",
        OptionalInt.empty(),
        Optional.empty());
  }

  /** 408, 429 and 5xx except 501 (Not Implemented, which will never work) are worth another go. */
  static boolean isRetryable(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501);
  }

  /**
   * The wait the server asked for: the longer of {@code x-ratelimit-reset} (seconds until the
   * rate-limit window resets) and {@code Retry-After} (seconds or an HTTP date).
   */
  static Optional<Duration> retryAfter(Map<String, List<String>> headers, Instant now) {
    Optional<Duration> reset = header(headers, "x-ratelimit-reset").flatMap(HttpOutcomes::seconds);
    Optional<Duration> retryAfter =
        header(headers, "retry-after")
            .flatMap(value -> seconds(value).or(() -> httpDate(value, now)));
    if (reset.isPresent() && retryAfter.isPresent()) {
      return Optional.of(
          reset.get().compareTo(retryAfter.get()) >= 0 ? reset.get() : retryAfter.get());
    }
    return reset.isPresent() ? reset : retryAfter;
  }

  /**
   * The start of {@code text}, at most {@code maxBytes} of UTF-8, never splitting a code point;
   * ends with "…" when something was cut.
   */
  static String excerpt(String text, int maxBytes) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return text;
    }
    int budget = maxBytes - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = utf8Length(codePoint);
      if (bytes + size > budget) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    return codePoint < 0x10000 ? 3 : 4;
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    if (headers == null) {
      return Optional.empty();
    }
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name))
        .flatMap(
            entry -> entry.getValue() == null ? Stream.<String>empty() : entry.getValue().stream())
        .filter(value -> value != null && !value.isBlank())
        .map(String::strip)
        .findFirst();
  }

  private static Optional<Duration> seconds(String value) {
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> httpDate(String value, Instant now) {
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
