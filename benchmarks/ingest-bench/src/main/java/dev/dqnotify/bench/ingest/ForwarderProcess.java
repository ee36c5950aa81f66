package dev.dqnotify.bench.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The forwarder as a child process from its distribution ({@code notification-forwarder/target/dist},
 * path in system property {@code dqnotify.forwarder.dist}): it cannot share this JVM, whose Spark
 * brings Jersey 2 while the forwarder's Datadog client needs Jersey 3.
 */
final class ForwarderProcess implements AutoCloseable {

  private final Process process;

  private ForwarderProcess(Process process) {
    this.process = process;
  }

  /** The distribution, when it was built. */
  static java.util.Optional<Path> distribution() {
    String dist = System.getProperty("dqnotify.forwarder.dist", "notification-forwarder/target/dist");
    Path launcher = Path.of(dist, "bin", "dq-forwarder");
    return Files.isExecutable(launcher) ? java.util.Optional.of(launcher) : java.util.Optional.empty();
  }

  /** Starts {@code dq-forwarder run} with {@code settings} as {@code --conf}s; output goes to {@code log}. */
  static ForwarderProcess start(Path launcher, Map<String, String> settings, String apiKey, Path log) {
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "run"));
    settings.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("DD_API_KEY", apiKey);
    try {
      Process process = builder.start();
      // The child must not outlive the harness, whatever ends it.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return new ForwarderProcess(process);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + launcher, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the forwarder's orderly shutdown
    if (!process.waitFor(40, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
