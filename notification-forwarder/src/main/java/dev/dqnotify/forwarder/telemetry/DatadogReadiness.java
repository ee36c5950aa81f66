package dev.dqnotify.forwarder.telemetry;

import dev.dqnotify.forwarder.deliver.DeliveryHealth;
import dev.dqnotify.forwarder.deliver.DeliveryOutcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The Datadog part of readiness: the deliverer has not seen the key rejected, and a key validation
 * ({@code GET /api/v1/validate}) succeeds. The validation is cached for {@code maxAge}, so frequent
 * probes by an orchestrator do not turn into a stream of requests to Datadog.
 */
public final class DatadogReadiness {

  private final URI site;
  private final Supplier<DeliveryOutcome> validate;
  private final Supplier<DeliveryHealth> health;
  private final Duration maxAge;
  private final Clock clock;
  private TelemetryServer.Check cached;
  private Instant cachedAt = Instant.MIN;

  /**
   * @param site the Datadog site validated against, named when the key is rejected
   * @param validate one key validation against Datadog
   * @param health the deliverer's view of its recent requests
   */
  public DatadogReadiness(URI site, Supplier<DeliveryOutcome> validate, Supplier<DeliveryHealth> health, Duration maxAge,
      Clock clock) {
    this.site = site;
    this.validate = validate;
    this.health = health;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  private TelemetryServer.Check answer(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return new TelemetryServer.Check("datadog", true, "reachable, API key accepted");
    }
    if (outcome instanceof DeliveryOutcome.Unauthorized u) {
      return new TelemetryServer.Check("datadog", false, "API key rejected by " + site + " (HTTP " + u.status() + ")");
    }
    if (outcome instanceof DeliveryOutcome.Retryable r) {
      return new TelemetryServer.Check("datadog", false, "unreachable: " + r.reason());
    }
    return new TelemetryServer.Check("datadog", false, "key validation refused: " + outcome);
  }

  /** The current answer. */
  public synchronized TelemetryServer.Check check() {
    DeliveryHealth now = health.get();
    if (!now.keyAccepted()) {
      return new TelemetryServer.Check("datadog", false, "Datadog at " + site + " rejects the API key; delivery is paused");
    }
    if (cached == null || clock.instant().isAfter(cachedAt.plus(maxAge))) {
      DeliveryOutcome outcome = validate.get();
      cached = answer(outcome);
      cachedAt = clock.instant();
    }
    return cached;
  }
}
