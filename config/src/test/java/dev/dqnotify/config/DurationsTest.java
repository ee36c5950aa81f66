package dev.dqnotify.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsEveryUnitOfTheShortForm() {
    assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse(" 30s ")).contains(Duration.ofSeconds(30));
    assertThat(Durations.parse("10 m")).contains(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h")).contains(Duration.ofHours(1));
    assertThat(Durations.parse("2d")).contains(Duration.ofDays(2));
  }

  @Test
  void leavesAnythingElseToTheCaller() {
    assertThat(Durations.parse("PT2M")).isEmpty();
    assertThat(Durations.parse("1.5h")).isEmpty();
    assertThat(Durations.parse("-5s")).isEmpty();
    assertThat(Durations.parse("soon")).isEmpty();
  }
}
