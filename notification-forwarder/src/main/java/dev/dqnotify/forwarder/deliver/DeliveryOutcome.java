package dev.dqnotify.forwarder.deliver;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one request to Datadog came to. Every response and every transport failure maps to exactly
 * one of these, so the retry loop decides on a closed set of cases rather than on exceptions.
 */
public sealed interface DeliveryOutcome {

  /**
   * Datadog accepted the event (or, for {@link DatadogEventsClient#validate()}, the API key).
   *
   * @param datadogEventId Datadog's {@code id_str}; empty when the answer carried none
   */
  record Delivered(String datadogEventId) implements DeliveryOutcome {
    /** Rejects a null id; use the empty string when there is none. */
    public Delivered {
      Objects.requireNonNull(datadogEventId, "datadogEventId");
    }
  }

  /**
   * Worth trying again: 408, 429, 5xx other than 501, a timeout or a broken connection.
   *
   * @param reason what went wrong, for logs; never contains the API key
   * @param status the HTTP status, absent when no response arrived
   * @param retryAfter how long Datadog asked us to wait ({@code x-ratelimit-reset} or {@code
   *     Retry-After}), absent when it did not say
   */
  record Retryable(String reason, OptionalInt status, Optional<Duration> retryAfter)
      implements DeliveryOutcome {
    /** Rejects nulls, so callers never need to check. */
    public Retryable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /**
   * Datadog refused this event and will refuse it again (other 4xx, and 501): it belongs on the
   * dead-letter topic.
   *
   * @param status the HTTP status
   * @param bodyExcerpt the start of the response body, at most 1 KiB of UTF-8
   */
  record Rejected(int status, String bodyExcerpt) implements DeliveryOutcome {
    /** Rejects a null excerpt; use the empty string for an empty body. */
    public Rejected {
      Objects.requireNonNull(bodyExcerpt, "bodyExcerpt");
    }
  }

  /**
   * Datadog refused the API key (401 or 403). Not the event's fault: nothing is dropped, delivery
   * waits until the key works.
   *
   * @param status 401 or 403
   */
  record Unauthorized(int status) implements DeliveryOutcome {}
}
