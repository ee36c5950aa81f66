package dev.dqnotify.forwarder.deliver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Caps the rate of event posts on the injected clock. Holds up to one second's worth of tokens (at
 * least one), so a quiet forwarder may send a short burst and a busy one averages the rate. Not
 * thread-safe: {@link RetryingDeliverer} calls it under its lock.
 */
public final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1_000_000_000.0;

  private final double perSecond;
  private final double capacity;
  private double tokens;
  private Instant refilledAt;

  /**
   * @param perSecond the most posts started per second, positive
   * @param clock the deliverer's clock
   */
  public TokenBucket(double perSecond, Clock clock) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "events per second must be a positive number, got " + perSecond);
    }
    this.perSecond = perSecond;
    this.capacity = Math.max(1.0, perSecond);
    this.tokens = capacity;
    this.refilledAt = clock.instant();
  }

  /**
   * Takes a token if there is one.
   *
   * @return empty when a token was taken, else how long until the next one
   */
  Optional<Duration> tryAcquire(Instant now) {
    refill(now);
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return Optional.empty();
    }
    long nanos = (long) Math.ceil((1.0 - tokens) / perSecond * NANOS_PER_SECOND);
    return Optional.of(Duration.ofNanos(Math.max(1L, nanos)));
  }

  private void refill(Instant now) {
    if (now.isAfter(refilledAt)) {
      double elapsed = Duration.between(refilledAt, now).toNanos() / NANOS_PER_SECOND;
      tokens = Math.min(capacity, tokens + elapsed * perSecond);
      refilledAt = now;
    }
  }
}
