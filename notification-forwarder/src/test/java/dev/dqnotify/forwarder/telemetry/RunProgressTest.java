package dev.dqnotify.forwarder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.junit.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunProgressTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
  private final StringWriter out = new StringWriter();
  private final RunProgress progress = new RunProgress("replay", 10_000, new PrintWriter(out), clock,
      Duration.ofSeconds(1));

  @Test
  void showsDoneOfTotalTheRateAndTheTimeLeft() {
    assertThat(progress.line(1_234, Duration.ofSeconds(5)))
        .isEqualTo("replay: 1,234 / 10,000 records (12%), 247 records/s, ETA 36s");
    assertThat(progress.line(100, Duration.ofSeconds(10))).endsWith("10 records/s, ETA 16m 30s");
    assertThat(progress.line(0, Duration.ZERO)).isEqualTo("replay: 0 / 10,000 records (0%)");
    assertThat(progress.line(1, Duration.ofSeconds(1))).endsWith("ETA 2h 46m");
  }

  @Test
  void printsAtMostOncePerIntervalAndOnlyWhenSomethingMoved() {
    progress.update(10);
    clock.advance(Duration.ofSeconds(1));
    progress.update(20);
    progress.update(30);
    clock.advance(Duration.ofSeconds(1));
    progress.update(20 + 0);

    assertThat(out.toString().lines()).containsExactly("replay: 20 / 10,000 records (0%), 20 records/s, ETA 8m 19s");
  }
}
