package dev.dqnotify.forwarder.testing;

import dev.dqnotify.localstack.datadog.DatadogSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Datadog simulator for a test class, with a request log that {@link SimulatorRequests} reads:
 * started before the class's first test, stopped (and its log deleted) after its last, and fresh
 * before each test — nothing recorded, no faults, no monitors or dashboards, the class's API key.
 * Register it as a static field with {@code @RegisterExtension}.
 */
public final class RecordingSimulator implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  private final String apiKey;
  private final UnaryOperator<DatadogSimulator.Builder> more;
  private DatadogSimulator simulator;
  private Path requestLog;

  /** A simulator that accepts {@code apiKey}. */
  public RecordingSimulator(String apiKey) {
    this(apiKey, builder -> builder);
  }

  /**
   * A simulator that accepts {@code apiKey}.
   *
   * @param more what the class's simulator needs beyond its key and request log, e.g. an application key
   */
  public RecordingSimulator(String apiKey, UnaryOperator<DatadogSimulator.Builder> more) {
    this.apiKey = apiKey;
    this.more = more;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    requestLog = Files.createTempFile("datadog-requests", ".jsonl");
    simulator = more.apply(DatadogSimulator.builder().apiKey(apiKey)).requestLog(requestLog).start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    simulator.reset();
    simulator.setApiKey(apiKey); // a test may have changed it
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
