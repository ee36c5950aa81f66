package dev.dqnotify.localstack.junit;

import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.localstack.spark.SparkCluster;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the components of the local stack, each started once per test JVM, on first use,
 * and stopped when the JVM's tests are done.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class OutboxIT {
 *   @Test void arrives(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog) { … }
 * }
 * }</pre>
 *
 * <p>Parameters of type {@link KafkaBroker}, {@link SchemaRegistryServer},
 * {@link DatadogSimulator} and {@link SparkCluster} are resolved in constructors, lifecycle methods
 * and tests. Only what a test asks for is started: the Spark cluster (a master and two workers,
 * about 1 GiB with its executors) costs nothing to tests that do not name it. The shared
 * simulator accepts {@link LocalStack#SIMULATOR_API_KEY}; before each test its faults and records
 * are cleared, so tests do not see each other's traffic. The shared broker runs in a container
 * where a Docker engine answers, else in a child JVM ({@link KafkaBroker#startForTests},
 * {@link dev.dqnotify.localstack.kafka.BrokerRuntime}). Tests that stop or kill the broker start
 * their own with {@link KafkaBroker#start(Path)}.
 */
public final class LocalStackExtension implements ParameterResolver, BeforeEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);
  private static final Set<Class<?>> COMPONENTS =
      Set.of(KafkaBroker.class, SchemaRegistryServer.class, DatadogSimulator.class, SparkCluster.class);
  /** Workers of the shared Spark cluster: two, so that a job really runs distributed. */
  private static final int SPARK_WORKERS = 2;

  /** Where the shared components keep data and logs: under the module's {@code target/}. */
  static Path workDir() {
    return Path.of("target", "local-stack", "junit-" + ProcessHandle.current().pid());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return COMPONENTS.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == KafkaBroker.class) {
      return shared(context, KafkaBroker.class, t -> KafkaBroker.startForTests(workDir().resolve("kafka")));
    }
    if (type == SchemaRegistryServer.class) {
      return shared(
          context,
          SchemaRegistryServer.class,
          t -> SchemaRegistryServer.start(workDir().resolve("schema-registry")));
    }
    if (type == SparkCluster.class) {
      return shared(context, SparkCluster.class, t -> SparkCluster.start(workDir().resolve("spark"), SPARK_WORKERS));
    }
    return shared(context, DatadogSimulator.class, t -> DatadogSimulator.start(LocalStack.SIMULATOR_API_KEY));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Started<?> simulator = context.getRoot().getStore(NAMESPACE).get(DatadogSimulator.class, Started.class);
    if (simulator != null) {
      DatadogSimulator datadog = (DatadogSimulator) simulator.component;
      datadog.reset();
      datadog.setApiKey(LocalStack.SIMULATOR_API_KEY);
    }
  }

  private static <T extends AutoCloseable> T shared(
      ExtensionContext context, Class<T> type, Function<Class<T>, T> starter) {
    Started<?> started =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(type, t -> new Started<>(starter.apply(type)), Started.class);
    return type.cast(started.component);
  }

  /** Closes a shared component when the root context (the test JVM's run) closes. */
  private static final class Started<T extends AutoCloseable>
      implements ExtensionContext.Store.CloseableResource {
    private final T component;

    Started(T component) {
      this.component = component;
    }

    @Override
    public void close() throws Exception {
      component.close();
    }
  }
}
