package dev.dqnotify.localstack;

import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole local stack: a real Kafka broker, a real schema registry and the Datadog API
 * simulator. Kafka and the registry start side by side (each is a child JVM of about 3 s).
 */
public final class LocalStack implements AutoCloseable {

  /**
   * The API key the simulator accepts unless told otherwise. It opens nothing but the local
   * simulator, so it is not a secret; real keys come only from {@code DD_API_KEY} or a key file.
   */
  public static final String SIMULATOR_API_KEY = "local-simulator-api-key-0000000000";

  private final KafkaBroker kafka;
  private final SchemaRegistryServer schemaRegistry;
  private final DatadogSimulator datadog;

  private LocalStack(KafkaBroker kafka, SchemaRegistryServer schemaRegistry, DatadogSimulator datadog) {
    this.kafka = kafka;
    this.schemaRegistry = schemaRegistry;
    this.datadog = datadog;
  }

  /** Starts all three components, with data and logs under {@code workDir}. */
  public static LocalStack start(Path workDir) {
    CompletableFuture<KafkaBroker> kafka =
        CompletableFuture.supplyAsync(() -> KafkaBroker.start(workDir.resolve("kafka")));
    CompletableFuture<SchemaRegistryServer> registry =
        CompletableFuture.supplyAsync(() -> SchemaRegistryServer.start(workDir.resolve("schema-registry")));
    try {
      DatadogSimulator datadog = DatadogSimulator.start(SIMULATOR_API_KEY);
      return new LocalStack(kafka.join(), registry.join(), datadog);
    } catch (RuntimeException e) {
      // Whatever did start must not outlive a failed start.
      kafka.thenAccept(KafkaBroker::close);
      registry.thenAccept(SchemaRegistryServer::close);
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException
          ? (RuntimeException) e.getCause()
          : e;
    }
  }

  /** The Kafka broker. */
  public KafkaBroker kafka() {
    return kafka;
  }

  /** The schema registry. */
  public SchemaRegistryServer schemaRegistry() {
    return schemaRegistry;
  }

  /** The Datadog API simulator. */
  public DatadogSimulator datadog() {
    return datadog;
  }

  @Override
  public void close() {
    try (datadog;
        schemaRegistry;
        kafka) {
      // try-with-resources closes all three, in reverse order, even when one fails.
    }
  }
}
