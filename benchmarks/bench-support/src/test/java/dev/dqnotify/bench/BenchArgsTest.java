package dev.dqnotify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

  private static final List<String> SCENARIOS = List.of("hot-path", "catch-up");

  @Test
  void helpIsAskedForWithDashHOrDashDashHelpAnywhere() {
    assertThat(BenchArgs.wantsHelp(new String[] {"--help"})).isTrue();
    assertThat(BenchArgs.wantsHelp(new String[] {"--quick", "-h"})).isTrue();
    assertThat(BenchArgs.wantsHelp(new String[] {"--scenario", "hot-path"})).isFalse();
  }

  @Test
  void theUsageNamesTheHarnessEveryOptionAndEveryScenario() {
    assertThat(BenchArgs.usage("forwarder", SCENARIOS)).startsWith("Usage: benchmarks/bin/bench forwarder ")
        .contains("--scenario", "--quick", "--out", "--plots", "--help", "all, hot-path, catch-up");
  }
}
