package dev.dqnotify.forwarder.deliver;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retrying a Datadog request: exponential backoff with jitter, never
 * shorter than what Datadog asked for.
 *
 * <p>For attempt {@code n} (the attempt that just failed, from 1) the base delay is {@code initial
 * × multiplier^(n-1)}, capped at {@code max}. Jitter takes up to {@code jitter × base} off it, so
 * the delay lies in {@code [base × (1 - jitter), base]} and {@code max} stays a true ceiling while
 * retries of many events still spread out. When Datadog named a wait ({@code x-ratelimit-reset},
 * {@code Retry-After}), the delay is at least that wait plus up to {@code jitter × initial}, so
 * everything held back by one rate limit does not return in the same millisecond. A server's hint
 * is never capped by {@code max}: retrying before the window resets only earns another 429.
 *
 * <p>It has no defaults of its own: the values come from the settings that declare them
 * ({@code deliver.backoff.*}, {@code dlq.retry-backoff}).
 *
 * @param initial the first delay, positive
 * @param max the longest computed delay, at least {@code initial}
 * @param multiplier growth per attempt, at least 1
 * @param jitter the fraction of a delay that is random, in [0, 1]
 */
public record BackoffPolicy(Duration initial, Duration max, double multiplier, double jitter) {

  /** Validates the parameters, naming the one that is wrong. */
  public BackoffPolicy {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max must be at least initial (" + initial + "), got " + max);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
    }
  }

  /**
   * The wait before the next attempt.
   *
   * @param attempt the attempt that just failed, from 1
   * @param retryAfter the wait Datadog asked for, if any
   * @param random the source of jitter
   */
  public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
    }
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(random, "random");
    // In double nanoseconds, so large attempts saturate at max instead of overflowing.
    double base = Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, attempt - 1.0));
    double jittered = base * (1.0 - jitter * random.nextDouble());
    Duration backoff = Duration.ofNanos(Math.max(1L, (long) jittered));
    if (retryAfter.isEmpty() || retryAfter.get().isNegative()) {
      return backoff;
    }
    Duration hinted =
        retryAfter.get().plusNanos((long) (initial.toNanos() * jitter * random.nextDouble()));
    return hinted.compareTo(backoff) > 0 ? hinted : backoff;
  }
}
