package dev.dqnotify.forwarder;

import dev.dqnotify.forwarder.telemetry.TelemetryServer.Check;
import dev.dqnotify.forwarder.telemetry.TelemetryServer;
import dev.dqnotify.forwarder.testing.CommandRun;
import dev.dqnotify.localstack.process.FreePorts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class HealthCommandTest {

  private final AtomicBoolean alive = new AtomicBoolean(true);
  private final AtomicBoolean datadogReachable = new AtomicBoolean(true);
  private TelemetryServer telemetry;

  @AfterEach
  void stop() {
    if (telemetry != null) {
      telemetry.close();
    }
  }

  private int serve() {
    telemetry = TelemetryServer.start("127.0.0.1", 0, () -> "", alive::get,
        () -> List.of(new Check("consumer", true, "in group"), new Check("datadog", datadogReachable.get(), "probe")));
    return telemetry.port();
  }

  private static CommandRun health(String... args) {
    return CommandRun.of(new HealthCommand(), Map.of(), args);
  }

  @Test
  void saysUpInOneLineAndExitsZeroWhileTheForwarderIsAlive() {
    CommandRun run = health("--port", Integer.toString(serve()));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().lines().toList()).singleElement().asString().startsWith("UP: http://127.0.0.1:")
        .endsWith("/health answered 200 {\"status\":\"UP\"}");
  }

  @Test
  void exitsOneWhenTheForwarderReportsItselfDown() {
    int port = serve();
    alive.set(false);

    CommandRun run = health("--port", Integer.toString(port));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(HealthCommand.UNHEALTHY);
    assertThat(run.out().lines().toList()).singleElement().asString().startsWith("NOT UP: ").contains("answered 503");
  }

  @Test
  void readinessAsksReadyAndFailsWhileACheckFails() {
    int port = serve();
    assertThat(health("--ready", "--port", Integer.toString(port)).exitCode()).isZero();
    datadogReachable.set(false);

    CommandRun run = health("--ready", "--port", Integer.toString(port));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(HealthCommand.UNHEALTHY);
    assertThat(run.out().lines().toList()).singleElement().asString().startsWith("NOT READY: ")
        .contains("/ready answered 503").contains("\"datadog\":{\"ok\":false");
  }

  @Test
  void exitsOneAndSaysNothingAnswersWhenNothingListens() {
    int port = FreePorts.next();

    CommandRun run = health("--port", Integer.toString(port));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(HealthCommand.UNHEALTHY);
    assertThat(run.out().lines().toList()).singleElement().asString()
        .isEqualTo("NOT UP: nothing answers at http://127.0.0.1:" + port + "/health (connection refused); is the "
            + "forwarder running, and on this port?");
  }

  @Test
  void findsThePortInTheConfigurationLikeRunDoes() {
    int port = serve();

    CommandRun run = CommandRun.of(new HealthCommand(), Map.of("telemetry.http-port", Integer.toString(port)));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains(":" + port + "/health answered 200");
  }

  @Test
  void aBadTimeoutOrPortSettingIsAConfigurationMistake() {
    assertThat(health("--timeout", "soon").exitCode()).isEqualTo(ForwarderMain.CONFIG_ERROR);
    CommandRun badPort = CommandRun.of(new HealthCommand(), Map.of("telemetry.http-port", "http"));
    assertThat(badPort.exitCode()).isEqualTo(ForwarderMain.CONFIG_ERROR);
    assertThat(badPort.err()).startsWith("Configuration error: telemetry.http-port");
  }
}
