package dev.dqnotify.forwarder.deliver;

import java.util.Objects;

/**
 * How an event submitted to {@link RetryingDeliverer} ended. There is no "gave up": retryable
 * failures are retried until the event is delivered or the deliverer is closed, in which case the
 * future fails with a {@link java.util.concurrent.CancellationException} instead.
 */
public sealed interface FinalOutcome {

  /**
   * Datadog accepted the event.
   *
   * @param datadogEventId Datadog's {@code id_str}, empty when its answer carried none
   * @param attempts how many POSTs it took, at least 1
   */
  record Delivered(String datadogEventId, int attempts) implements FinalOutcome {
    /** Rejects a null id and a count below 1. */
    public Delivered {
      Objects.requireNonNull(datadogEventId, "datadogEventId");
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
      }
    }
  }

  /**
   * Datadog refused the event for good; the caller dead-letters it.
   *
   * @param status the HTTP status
   * @param bodyExcerpt the start of Datadog's answer, at most 1 KiB of UTF-8
   */
  record Rejected(int status, String bodyExcerpt) implements FinalOutcome {
    /** Rejects a null excerpt. */
    public Rejected {
      Objects.requireNonNull(bodyExcerpt, "bodyExcerpt");
    }
  }
}
