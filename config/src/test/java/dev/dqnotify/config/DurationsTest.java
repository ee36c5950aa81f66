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

  @Test
  void writesWhatItReadsBack() {
    assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("600s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.parse(Durations.format(Duration.ofMillis(1500)))).contains(Duration.ofMillis(1500));
  }

  @Test
  void writesDurationsForPeopleToTheSecondAndDropsSecondsFromAnHourOn() {
    assertThat(Durations.human(Duration.ofMillis(850))).isEqualTo("850ms");
    assertThat(Durations.human(Duration.ofSeconds(15 * 60 + 3))).isEqualTo("15m 3s");
    assertThat(Durations.human(Duration.ofSeconds(2 * 3600 + 5 * 60 + 59))).isEqualTo("2h 5m");
    assertThat(Durations.human(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Durations.human(Duration.ofMillis(1999))).isEqualTo("1s");
  }
}
