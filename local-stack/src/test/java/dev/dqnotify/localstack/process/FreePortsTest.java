package dev.dqnotify.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void distinctPortsAreAllDifferentAndUsable() {
    int[] ports = FreePorts.distinct(64);

    assertThat(ports).hasSize(64).doesNotHaveDuplicates();
    assertThat(Arrays.stream(ports).allMatch(port -> port > 0 && port <= 65_535)).isTrue();
  }
}
