package dev.dqnotify.faultsuite;

import dev.dqnotify.localrun.launch.Artifacts;
import dev.dqnotify.localstack.LocalStack;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What every scenario shares, started once per test JVM: the local stack (Kafka, the registry, the
 * Datadog simulator), the build output the scenarios launch, and the suite's seed and API key.
 * Tests receive it as a parameter through {@link Extension}; it stops with the JVM's last test.
 */
public final class FaultStack implements ExtensionContext.Store.CloseableResource {

  /**
   * The only key the simulator accepts during the suite. Distinctive, so that finding it in a log is
   * never a coincidence: {@code SecretsIT} searches every captured log for it.
   */
  public static final String API_KEY = "fsk-0d7e3b1a9c5f42e8b6a4d2c0e8f6a4b2-never-log-me";

  /** Seed of every random choice of the suite; set {@code -Ddqnotify.fault-suite.seed} to vary it. */
  public static final long SEED = Long.getLong("dqnotify.fault-suite.seed", 20250301L);

  private final LocalStack stack;
  private final Artifacts artifacts;
  private final Path workDir;
  private final Path reliabilityDir;

  private FaultStack(LocalStack stack, Artifacts artifacts, Path workDir, Path reliabilityDir) {
    this.stack = stack;
    this.artifacts = artifacts;
    this.workDir = workDir;
    this.reliabilityDir = reliabilityDir;
  }

  private static FaultStack start() {
    Path workDir = Path.of(System.getProperty("dqnotify.fault-suite.work-dir", "target/fault-suite")).toAbsolutePath();
    Path reliabilityDir = figuresDir();
    // Copied, as bin/run-local does: a concurrent rebuild must not pull the jars from under a running child.
    Artifacts artifacts = Artifacts.locate(Path.of(System.getProperty("dqnotify.repo-dir", "..")))
        .copiedTo(workDir.resolve("build"));
    System.out.println("fault-suite: seed " + SEED + " (-Ddqnotify.fault-suite.seed=" + SEED + " repeats this run)");
    LocalStack stack = LocalStack.start(workDir.resolve("stack"));
    stack.datadog().setApiKey(API_KEY);
    return new FaultStack(stack, artifacts, workDir, reliabilityDir);
  }

  /** Where scenarios write their figures ({@code fault-suite/target/reliability}). */
  static Path figuresDir() {
    return Path.of(System.getProperty("dqnotify.fault-suite.reliability-dir", "target/reliability")).toAbsolutePath();
  }

  /** Kafka, the registry and the Datadog simulator. */
  public LocalStack stack() {
    return stack;
  }

  /** The job's spark-app jar, Spark's classpath, the forwarder's distribution. */
  public Artifacts artifacts() {
    return artifacts;
  }

  /** Where scenarios keep their configs, checkpoints and child-process logs. */
  public Path workDir() {
    return workDir;
  }

  /** Where each scenario's figures go, one JSON file per scenario. */
  public Path reliabilityDir() {
    return reliabilityDir;
  }

  @Override
  public void close() {
    stack.close();
  }

  /** Resolves {@link FaultStack} parameters with the JVM's one instance, started on first use. */
  public static final class Extension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaultStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == FaultStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(NAMESPACE)
          .getOrComputeIfAbsent(FaultStack.class, type -> start(), FaultStack.class);
    }
  }
}
