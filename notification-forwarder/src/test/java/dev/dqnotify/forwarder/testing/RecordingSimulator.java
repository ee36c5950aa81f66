package dev.dqnotify.forwarder.testing;

import dev.dqnotify.localstack.datadog.DatadogSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Datadog simulator for a test class, with a request log that {@link SimulatorRequests} reads:
 * started before the class's first test, stopped (and its log deleted) after its last. Register it
 * as a static field with {@code @RegisterExtension}; each test resets what it needs.
 */
public final class RecordingSimulator implements BeforeAllCallback, AfterAllCallback {

  private final UnaryOperator<DatadogSimulator.Builder> settings;
  private DatadogSimulator simulator;
  private Path requestLog;

  /** @param settings what the class's simulator needs beyond its request log, e.g. its keys */
  public RecordingSimulator(UnaryOperator<DatadogSimulator.Builder> settings) {
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    requestLog = Files.createTempFile("datadog-requests", ".jsonl");
    simulator = settings.apply(DatadogSimulator.builder()).requestLog(requestLog).start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    simulator.close();
    Files.deleteIfExists(requestLog);
  }

  /** The running simulator. */
  public DatadogSimulator simulator() {
    return simulator;
  }

  /** Where the simulator logs each request, one JSON line each. */
  public Path requestLog() {
    return requestLog;
  }
}
