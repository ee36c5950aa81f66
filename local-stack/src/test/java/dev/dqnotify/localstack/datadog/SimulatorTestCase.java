package dev.dqnotify.localstack.datadog;

import static dev.dqnotify.localstack.datadog.SimulatorClient.API_KEY;
import static dev.dqnotify.localstack.datadog.SimulatorClient.APP_KEY;

import dev.dqnotify.localstack.junit.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The simulator tests' one fixture: a fresh Datadog simulator per test with the API key (and, for
 * the Monitors and Dashboards APIs, the application key), on a test clock or the system's, reached
 * through {@link SimulatorClient} as another process would.
 */
abstract class SimulatorTestCase {

  /** The simulator's clock; null when it runs on the system clock. */
  final MutableClock clock;
  DatadogSimulator simulator;
  SimulatorClient client;
  private final boolean applicationKey;

  /**
   * @param now the test clock's start, or null for the system clock
   * @param applicationKey whether the simulator also takes the application key (Monitors, Dashboards)
   */
  SimulatorTestCase(Instant now, boolean applicationKey) {
    this.clock = now == null ? null : new MutableClock(now);
    this.applicationKey = applicationKey;
  }

  @BeforeEach
  final void startSimulator() {
    DatadogSimulator.Builder builder = DatadogSimulator.builder().apiKey(API_KEY);
    if (applicationKey) {
      builder.applicationKey(APP_KEY);
    }
    if (clock != null) {
      builder.clock(clock);
    }
    simulator = builder.start();
    client = new SimulatorClient(simulator);
  }

  @AfterEach
  final void stopSimulator() {
    simulator.close();
  }
}
