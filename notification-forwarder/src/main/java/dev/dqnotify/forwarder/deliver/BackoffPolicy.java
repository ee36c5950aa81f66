package dev.dqnotify.forwarder.deliver;

import java.time.Duration;
import java.util.Locale;
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

  /** A parameter of the policy, for {@link Invalid}. */
  public enum Parameter {
    INITIAL, MAX, MULTIPLIER, JITTER
  }

  /**
   * A parameter out of its limits. The limits are declared here only; the configuration names its
   * key in front of {@link #problem()}.
   */
  public static final class Invalid extends IllegalArgumentException {
    private final Parameter parameter;
    private final String problem;

    Invalid(Parameter parameter, Object value, String expected) {
      super(parameter.name().toLowerCase(Locale.ROOT) + ": '" + value + "' " + expected);
      this.parameter = parameter;
      this.problem = "'" + value + "' " + expected;
    }

    /** Which parameter. */
    public Parameter parameter() {
      return parameter;
    }

    /** The value and what would be valid, e.g. {@code '1.5' is out of range; expected a number from 0 to 1}. */
    public String problem() {
      return problem;
    }
  }

  /**
   * Validates the parameters.
   *
   * @throws Invalid naming the first parameter that is out of its limits
   */
  public BackoffPolicy {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new Invalid(Parameter.INITIAL, initial, "is not positive; expected a duration above 0");
    }
    if (max.compareTo(initial) < 0) {
      throw new Invalid(Parameter.MAX, max, "is shorter than the initial delay; expected at least " + initial);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new Invalid(Parameter.MULTIPLIER, multiplier, "is below 1; expected a number of at least 1");
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new Invalid(Parameter.JITTER, jitter, "is out of range; expected a number from 0 to 1");
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
