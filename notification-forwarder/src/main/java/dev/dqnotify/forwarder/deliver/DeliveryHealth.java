package dev.dqnotify.forwarder.deliver;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of how delivery to Datadog is going, for the {@code /health} endpoint.
 *
 * @param keyAccepted false while Datadog rejects the API key and delivery is paused
 * @param lastSuccess when an event was last delivered, absent before the first
 * @param consecutiveFailures retryable failures since the last delivered event
 */
public record DeliveryHealth(
    boolean keyAccepted, Optional<Instant> lastSuccess, int consecutiveFailures) {

  /** Rejects a null {@code lastSuccess}. */
  public DeliveryHealth {
    Objects.requireNonNull(lastSuccess, "lastSuccess");
  }

  /** One line for an operator: what is wrong, or that all is well. */
  public String summary() {
    if (!keyAccepted) {
      return "Datadog rejects the API key: delivery paused until it is fixed, nothing is dropped";
    }
    if (consecutiveFailures > 0) {
      return "Datadog delivery retrying after " + consecutiveFailures + " consecutive failures";
    }
    return "Datadog delivery healthy";
  }
}
