package dev.dqnotify.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runtime the tests' shared Kafka broker gets: CI has no Docker engine, so this is where it is proven. */
class BrokerRuntimeTest {
  private static final BooleanSupplier DOCKER = () -> true;
  private static final BooleanSupplier NO_DOCKER = () -> false;

  @Test
  void withoutAnyChoiceADockerEngineMeansAContainerAndNoEngineTheChildJvm() {
    assertThat(BrokerRuntime.select(null, null, DOCKER)).isEqualTo(BrokerRuntime.CONTAINER);
    assertThat(BrokerRuntime.select(null, null, NO_DOCKER)).isEqualTo(BrokerRuntime.CHILD_JVM);
    assertThat(BrokerRuntime.select(" ", "auto", NO_DOCKER)).isEqualTo(BrokerRuntime.CHILD_JVM);
  }

  @Test
  void aForcedChoiceDoesNotAskDocker() {
    AtomicInteger asked = new AtomicInteger();
    BooleanSupplier counting = () -> asked.incrementAndGet() > 0;

    assertThat(BrokerRuntime.select("jvm", null, counting)).isEqualTo(BrokerRuntime.CHILD_JVM);
    assertThat(BrokerRuntime.select(null, "container", counting)).isEqualTo(BrokerRuntime.CONTAINER);
    assertThat(asked).hasValue(0);
  }

  @Test
  void theSystemPropertyWinsOverTheEnvironment() {
    assertThat(BrokerRuntime.select("jvm", "container", DOCKER)).isEqualTo(BrokerRuntime.CHILD_JVM);
    assertThat(BrokerRuntime.select("Container", "jvm", NO_DOCKER)).isEqualTo(BrokerRuntime.CONTAINER);
  }

  @Test
  void anUnknownChoiceIsRefusedNamingWhereItCameFromAndTheValidOnes() {
    assertThatThrownBy(() -> BrokerRuntime.select("docker", null, DOCKER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-Ddqnotify.test.kafka='docker' is not a Kafka runtime for the tests; use jvm, container or auto");
    assertThatThrownBy(() -> BrokerRuntime.select(null, "podman", DOCKER))
        .hasMessageStartingWith("DQNOTIFY_TEST_KAFKA='podman'");
  }

  @Test
  void dockerIsOnlyAskedWhereAnEngineMayBe(@TempDir Path home) throws Exception {
    assertThat(BrokerRuntime.mayHaveDocker(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375"), home)).isTrue();
    assertThat(BrokerRuntime.mayHaveDocker(Map.of(), home)).isEqualTo(Files.exists(Path.of("/var/run/docker.sock")));
    Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=tcp://10.0.0.5:2375\n");
    assertThat(BrokerRuntime.mayHaveDocker(Map.of(), home)).isTrue();
  }

  @Test
  void theContainersImageIsTheOneDockerComposeRuns() throws Exception {
    String compose = Files.readString(Path.of("..", "docker-compose.yml"));

    assertThat(compose).contains("image: " + KafkaBroker.containerImage());
  }
}
