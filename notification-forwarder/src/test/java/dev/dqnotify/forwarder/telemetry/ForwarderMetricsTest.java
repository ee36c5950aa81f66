package dev.dqnotify.forwarder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ForwarderMetricsTest {

  private static final String SILENCED = "dqnotify.forwarder.events.silenced";
  private static final TopicPartition PARTITION = new TopicPartition("dq-events", 0);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ForwarderMetrics metrics = new ForwarderMetrics(registry);

  @Test
  void registersATaggedCounterOnItsFirstUseAndCountsEveryLaterUseOnTheSameMeter() {
    assertThat(registry.find(SILENCED).counters()).as("nothing silenced yet: no series").isEmpty();

    metrics.silenced("maintenance", PARTITION, 1, "ev-1");
    metrics.silenced("maintenance", PARTITION, 2, "ev-2");
    metrics.silenced("migration", PARTITION, 3, "ev-3");

    assertThat(registry.find(SILENCED).counters()).hasSize(2);
    assertThat(registry.get(SILENCED).tag("silence", "maintenance").counter().count()).isEqualTo(2);
    assertThat(registry.get(SILENCED).tag("silence", "migration").counter().count()).isEqualTo(1);
  }
}
