package dev.dqnotify.forwarder.testing;

import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The opening the forwarder's scenario tests share: the local stack (broker, registry, a Datadog
 * simulator) injected by {@link LocalStackExtension}, and a fresh {@link ForwarderHarness} per test
 * (its own topics and group), closed after it, after the subclass's own {@code @AfterEach}.
 */
@ExtendWith(LocalStackExtension.class)
public abstract class ForwarderScenario {

  protected final KafkaBroker kafka;
  protected final SchemaRegistryServer registry;
  protected final DatadogSimulator datadog;
  protected final ForwarderHarness harness;

  /** Creates the harness with topics of {@code partitions} partitions, posting to {@code datadog}. */
  protected ForwarderScenario(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog,
      int partitions) {
    this.kafka = kafka;
    this.registry = registry;
    this.datadog = datadog;
    this.harness = new ForwarderHarness(kafka, registry, datadog, partitions);
  }

  @AfterEach
  protected final void closeHarness() {
    harness.close();
  }
}
