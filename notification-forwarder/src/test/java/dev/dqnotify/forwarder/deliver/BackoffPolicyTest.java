package dev.dqnotify.forwarder.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

  private static final BackoffPolicy NO_JITTER =
      new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.0);

  /** Always returns the same value, so a jittered delay is known exactly. */
  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void doublesFromTheInitialDelayUntilTheCap() {
    assertThat(NO_JITTER.delay(1, Optional.empty(), new Random(1))).hasMillis(100);
    assertThat(NO_JITTER.delay(2, Optional.empty(), new Random(1))).hasMillis(200);
    assertThat(NO_JITTER.delay(3, Optional.empty(), new Random(1))).hasMillis(400);
    assertThat(NO_JITTER.delay(6, Optional.empty(), new Random(1))).hasMillis(3200);
    assertThat(NO_JITTER.delay(7, Optional.empty(), new Random(1))).hasSeconds(5);
    assertThat(NO_JITTER.delay(10_000, Optional.empty(), new Random(1))).hasSeconds(5);
  }

  @Test
  void jitterTakesAtMostItsFractionOffTheDelay() {
    BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 2, 0.25);

    assertThat(policy.delay(2, Optional.empty(), fixed(0.0))).hasMillis(2000);
    assertThat(policy.delay(2, Optional.empty(), fixed(0.999_999)))
        .isBetween(Duration.ofMillis(1500), Duration.ofMillis(1501));
  }

  @Property
  void delayStaysWithinTheJitterRangeAndUnderTheCap(
      @ForAll @IntRange(min = 1, max = 200) int attempt,
      @ForAll @DoubleRange(min = 0.0, max = 1.0) double jitter,
      @ForAll long seed) {
    BackoffPolicy policy =
        new BackoffPolicy(Duration.ofMillis(50), Duration.ofSeconds(30), 1.7, jitter);
    double base = Math.min(30_000_000_000.0, 50_000_000.0 * Math.pow(1.7, attempt - 1.0));

    Duration delay = policy.delay(attempt, Optional.empty(), new Random(seed));

    assertThat(delay).isLessThanOrEqualTo(Duration.ofSeconds(30));
    assertThat((double) delay.toNanos()).isBetween(base * (1 - jitter) - 1, base);
  }

  @Property
  void neverWaitsLessThanDatadogAskedFor(
      @ForAll @IntRange(min = 1, max = 50) int attempt,
      @ForAll @LongRange(min = 0, max = 3_600_000) long hintMillis,
      @ForAll long seed) {
    BackoffPolicy policy = new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), 2.0, 0.2);
    Duration hint = Duration.ofMillis(hintMillis);

    Duration delay = policy.delay(attempt, Optional.of(hint), new Random(seed));

    assertThat(delay).isGreaterThanOrEqualTo(hint);
    // Past the hint only by jitter or the policy's own (longer) backoff.
    Duration ownBackoff = policy.delay(attempt, Optional.empty(), new Random(seed));
    Duration spread = Duration.ofNanos((long) (policy.initial().toNanos() * policy.jitter()));
    assertThat(delay).isLessThanOrEqualTo(max(hint.plus(spread), policy.max()));
    assertThat(delay).isGreaterThanOrEqualTo(ownBackoff);
  }

  @Test
  void honoursARateLimitResetLongerThanTheBackoffAndBeyondTheCap() {
    Duration reset = Duration.ofSeconds(30);

    assertThat(NO_JITTER.delay(1, Optional.of(reset), new Random(1))).isEqualTo(reset);
    assertThat(NO_JITTER.delay(1, Optional.of(Duration.ofMinutes(10)), new Random(1)))
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void keepsItsOwnBackoffWhenTheHintIsShorter() {
    assertThat(NO_JITTER.delay(5, Optional.of(Duration.ofMillis(10)), new Random(1)))
        .hasMillis(1600);
    assertThat(NO_JITTER.delay(1, Optional.of(Duration.ZERO), new Random(1))).hasMillis(100);
  }

  @Test
  void spreadsEventsHeldByOneRateLimitOverTheJitterWindow() {
    BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 2, 0.5);
    Duration reset = Duration.ofSeconds(3);

    assertThat(policy.delay(1, Optional.of(reset), fixed(0.0))).isEqualTo(reset);
    assertThat(policy.delay(1, Optional.of(reset), fixed(0.5))).hasMillis(3250);
  }

  @Test
  void refusesParametersThatMakeNoSense() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ofSeconds(1), 2, 0.1))
        .withMessageContaining("initial");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.1))
        .withMessageContaining("max");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0))
        .withMessageContaining("multiplier");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.5))
        .withMessageContaining("jitter");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NO_JITTER.delay(0, Optional.empty(), new Random(1)))
        .withMessageContaining("attempt");
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
