package dev.dqnotify.localstack.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Where the tests' shared Kafka broker runs: in a container of Testcontainers' Kafka module when a
 * Docker engine answers, else in a child JVM (the default where there is none, as on our CI). The
 * system property {@value #PROPERTY} or the environment variable {@value #ENVIRONMENT} forces one:
 * {@code jvm}, {@code container} or {@code auto} (the default).
 */
public enum BrokerRuntime {
  /** {@link KafkaBroker#start(Path)}: the broker's jars in a child JVM. */
  CHILD_JVM,
  /** The {@code apache/kafka} image of docker-compose.yml, through Testcontainers. */
  CONTAINER;

  /** System property that chooses the runtime; wins over {@link #ENVIRONMENT}. */
  public static final String PROPERTY = "dqnotify.test.kafka";

  /** Environment variable that chooses the runtime. */
  public static final String ENVIRONMENT = "DQNOTIFY_TEST_KAFKA";

  /** The runtime this JVM's tests use, asking Docker only when nothing forces a choice. */
  public static BrokerRuntime select() {
    return select(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT),
        () -> mayHaveDocker(System.getenv(), Path.of(System.getProperty("user.home"))) && dockerAnswers());
  }

  /**
   * The runtime {@code property} (else {@code environment}) asks for; {@code auto} or nothing asks
   * {@code dockerAvailable}.
   *
   * @throws IllegalArgumentException for another value, naming where it came from and what is valid
   */
  static BrokerRuntime select(String property, String environment, BooleanSupplier dockerAvailable) {
    boolean fromProperty = property != null && !property.isBlank();
    String given = fromProperty ? property : environment;
    String choice = given == null || given.isBlank() ? "auto" : given.trim().toLowerCase(Locale.ROOT);
    return switch (choice) {
      case "jvm", "child-jvm" -> CHILD_JVM;
      case "container", "testcontainers" -> CONTAINER;
      case "auto" -> dockerAvailable.getAsBoolean() ? CONTAINER : CHILD_JVM;
      default -> throw new IllegalArgumentException((fromProperty ? "-D" + PROPERTY : ENVIRONMENT) + "='" + given
          + "' is not a Kafka runtime for the tests; use jvm, container or auto");
    };
  }

  /**
   * Whether a Docker engine may be there, without asking it: {@code DOCKER_HOST} is set, or one of
   * the usual sockets exists, or Testcontainers has a configuration file. Asking Testcontainers
   * itself costs seconds where there is no engine, on every test JVM.
   */
  static boolean mayHaveDocker(Map<String, String> environment, Path home) {
    if (!environment.getOrDefault("DOCKER_HOST", "").isBlank()) {
      return true;
    }
    String runtimeDir = environment.get("XDG_RUNTIME_DIR");
    return Files.exists(Path.of("/var/run/docker.sock"))
        || Files.exists(home.resolve(".docker/run/docker.sock"))
        || Files.exists(home.resolve(".testcontainers.properties"))
        || (runtimeDir != null && Files.exists(Path.of(runtimeDir, "docker.sock")));
  }

  private static boolean dockerAnswers() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
