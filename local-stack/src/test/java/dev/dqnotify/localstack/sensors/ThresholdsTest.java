package dev.dqnotify.localstack.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

  @Test
  void defaultsAreTheContracts() {
    Thresholds defaults = Thresholds.defaults();

    assertThat(defaults.minPointsFor(null)).isEqualTo(10);
    assertThat(defaults.minPointsFor("S")).isEqualTo(10);
    assertThat(defaults.rangeOf("temperature_c")).contains(new Thresholds.Range(-40, 85));
    assertThat(defaults.ingestJobSettings()).containsExactly(
        entry("detect.min-points", "10"),
        entry("detect.late.allowed-lateness", "600s"),
        entry("detect.duplicate.horizon", "3600s"),
        entry("detect.silence.timeout", "900s"));
  }

  @Test
  void changedThresholdsBecomeTheJobsSettings() {
    Thresholds shrunk = Thresholds.defaults()
        .withAllowedLateness(Duration.ofSeconds(30))
        .withSilenceTimeout(Duration.ofMillis(60_500))
        .withMinPoints("S", 5)
        .withRange("temperature_c", -10, 40.5)
        .withoutRange("open");

    assertThat(shrunk.minPointsFor("S")).isEqualTo(5);
    assertThat(shrunk.minPointsFor("L")).isEqualTo(10);
    assertThat(shrunk.ingestJobSettings()).contains(
        entry("detect.late.allowed-lateness", "30s"),
        entry("detect.silence.timeout", "60500ms"),
        entry("detect.min-points.size-class.s", "5"),
        entry("detect.range.temperature_c", "-10..40.5"),
        entry("detect.range.open", "none"))
        .doesNotContainKey("detect.range.humidity_pct");
  }
}
