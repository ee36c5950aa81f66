package dev.dqnotify.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.localstack.sensors.EventType;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

  private static RunSettings settings(Duration duration) {
    return new RunSettings(duration, 20, Path.of("target/x"), Path.of("."), Optional.empty(), Optional.empty(),
        "per-event", false);
  }

  @ParameterizedTest
  @ValueSource(ints = {20, 45, 60, 120, 600})
  void everySituationTypeFitsIntoTheRunWithItsThresholds(int seconds) {
    RunSettings settings = settings(Duration.ofSeconds(seconds));

    SimulationPlan plan = SimulationPlan.builder(StoreFleet.generate(RunSettings.STORES, RunSettings.SENSORS_PER_STORE))
        .live(Instant.now(), settings.rate(), settings.duration()).thresholds(settings.thresholds())
        .faults(settings.faultPlan()).seed(seconds).build();

    for (EventType type : EventType.values()) {
      assertThat(plan.expectedCounts().get(type)).as(type.name()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void aTwoMinuteRunHasTheIssuesThresholdsAndAboutTwoDozenSituationsAMinute() {
    RunSettings settings = settings(Duration.ofMinutes(2));

    assertThat(settings.thresholds().allowedLateness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.thresholds().silenceTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.faultPlan().total()).isEqualTo(47);
    assertThat(settings(Duration.ofMinutes(1)).faultPlan().total()).isEqualTo(24);
    assertThat(settings.outage().start()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void givenFaultsWin() {
    RunSettings settings = new RunSettings(Duration.ofMinutes(1), 20, Path.of("x"), Path.of("."), Optional.of(7L),
        Optional.of(FaultPlan.parse("late=9")), "digest", true);

    assertThat(settings.faultPlan().count(EventType.LATE_DATA)).isEqualTo(9);
  }

  @Test
  void mistakesNameTheOption() {
    assertThatThrownBy(() -> settings(Duration.ofSeconds(5))).hasMessageContaining("--duration");
    assertThatThrownBy(() -> new RunSettings(Duration.ofMinutes(1), 0, Path.of("x"), Path.of("."), Optional.empty(),
        Optional.empty(), "per-event", false)).hasMessageContaining("--rate");
    assertThatThrownBy(() -> new RunSettings(Duration.ofMinutes(1), 1, Path.of("x"), Path.of("."), Optional.empty(),
        Optional.empty(), "hourly", false)).hasMessageContaining("--group-mode");
  }
}
