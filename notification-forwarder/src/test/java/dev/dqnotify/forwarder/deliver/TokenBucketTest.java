package dev.dqnotify.forwarder.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.dqnotify.localstack.junit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));

  @Test
  void allowsABurstOfOneSecondsWorthThenPacesAtTheRate() {
    TokenBucket bucket = new TokenBucket(4, clock);

    for (int i = 0; i < 4; i++) {
      assertThat(bucket.tryAcquire(clock.instant())).isEmpty();
    }
    assertThat(bucket.tryAcquire(clock.instant())).contains(Duration.ofMillis(250));

    clock.advance(Duration.ofMillis(249));
    assertThat(bucket.tryAcquire(clock.instant())).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(bucket.tryAcquire(clock.instant())).isEmpty();
  }

  @Test
  void allowsOneEventAtATimeBelowOnePerSecond() {
    TokenBucket bucket = new TokenBucket(0.5, clock);

    assertThat(bucket.tryAcquire(clock.instant())).isEmpty();
    assertThat(bucket.tryAcquire(clock.instant())).contains(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(bucket.tryAcquire(clock.instant())).isEmpty();
  }

  @Test
  void doesNotSaveUpMoreThanItsCapacityWhileIdle() {
    TokenBucket bucket = new TokenBucket(2, clock);
    clock.advance(Duration.ofHours(1));

    assertThat(bucket.tryAcquire(clock.instant())).isEmpty();
    assertThat(bucket.tryAcquire(clock.instant())).isEmpty();
    assertThat(bucket.tryAcquire(clock.instant())).isPresent();
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatIllegalArgumentException().isThrownBy(() -> new TokenBucket(0, clock));
    assertThatIllegalArgumentException().isThrownBy(() -> new TokenBucket(Double.NaN, clock));
  }
}
