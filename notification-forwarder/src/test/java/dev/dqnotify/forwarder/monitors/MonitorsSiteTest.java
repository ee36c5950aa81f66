package dev.dqnotify.forwarder.monitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorsSiteTest {

  @Test
  void resolvesTheSiteInTheForwardersOrderOptionThenOurVariableThenDdSiteThenDefault() {
    assertThat(DatadogOptions.site(null, Map.of())).isEqualTo("datadoghq.com");
    assertThat(DatadogOptions.site(null, Map.of("DD_SITE", "datadoghq.eu"))).isEqualTo("datadoghq.eu");
    assertThat(DatadogOptions.site(null, Map.of("DD_SITE", "datadoghq.eu", "DQNOTIFY_DATADOG_SITE", "us3")))
        .isEqualTo("us3");
    assertThat(DatadogOptions.site("ap1", Map.of("DD_SITE", "datadoghq.eu", "DQNOTIFY_DATADOG_SITE", "us3")))
        .isEqualTo("ap1");
  }

  @Test
  void aMistypedDqnotifyVariableStopsTheCommandWithItsName() {
    assertThatThrownBy(() -> DatadogOptions.site(null, Map.of("DQNOTIFY_DATADOG_SITES", "us3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DQNOTIFY_DATADOG_SITES");
  }
}
