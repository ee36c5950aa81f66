package dev.dqnotify.forwarder.testing;

import dev.dqnotify.forwarder.ForwarderMain;
import dev.dqnotify.localstack.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * {@code dq-forwarder run} in its own JVM, started with the test classpath and the production
 * logging configuration, as an operator would run it. Its output goes to a file rather than a pipe:
 * {@link Process#destroy()} closes the parent's end of a pipe, and what the forwarder logs while it
 * shuts down would be lost.
 */
public final class ChildForwarder implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int telemetryPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private ChildForwarder(Process process, Path log, int telemetryPort) {
    this.process = process;
    this.log = log;
    this.telemetryPort = telemetryPort;
  }

  /** Starts {@code dq-forwarder run} with each setting as {@code --conf key=value} and extra environment variables. */
  public static ChildForwarder start(Map<String, String> settings, Map<String, String> environment) {
    int port = FreePorts.next();
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        // The production logging, not the tests' logback-test.xml that is on the same classpath.
        "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"),
        ForwarderMain.class.getName(), "run"));
    settings.forEach((key, value) -> command.add("--conf=" + key + "=" + value));
    command.add("--conf=telemetry.http-port=" + port);
    try {
      Path dir = Files.createDirectories(Paths.get("target", "forwarder-processes"));
      Path log = Files.createTempFile(dir, "dq-forwarder-", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(environment);
      return new ChildForwarder(builder.start(), log, port);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the forwarder JVM", e);
    }
  }

  /** The port of its /metrics, /health and /ready. */
  public int telemetryPort() {
    return telemetryPort;
  }

  /** Everything the process printed so far (stdout and stderr). */
  public List<String> output() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The value of one series on the forwarder's {@code /metrics}, e.g.
   * {@code dqnotify_forwarder_events_consumed_total}; empty while it does not answer or lacks it.
   */
  public OptionalDouble metric(String series) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + telemetryPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.body().lines().filter(line -> line.startsWith(series + " "))
          .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).findFirst();
    } catch (IOException e) {
      return OptionalDouble.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalDouble.empty();
    }
  }

  /** Kills the process at once (SIGKILL), as a crash or the OOM killer would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the process to end by itself (a start-up check failed, say) and returns its exit code. */
  public int awaitExit(Duration deadline) throws InterruptedException {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the forwarder did not end within " + deadline + "; its log: " + log);
    }
    return process.exitValue();
  }

  /** Sends SIGTERM and returns the exit code once the process ended. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the forwarder did not stop within 60 s of SIGTERM; its log: " + log);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
