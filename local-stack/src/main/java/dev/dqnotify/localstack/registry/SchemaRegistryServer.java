package dev.dqnotify.localstack.registry;

import dev.dqnotify.localstack.process.Binaries;
import dev.dqnotify.localstack.process.ChildProcess;
import dev.dqnotify.localstack.process.Deadline;
import dev.dqnotify.localstack.process.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry that speaks the Confluent Schema Registry REST API: Apicurio Registry
 * 2.6 in a child JVM, in memory. Its Confluent-compatible base URL is {@link #confluentApiUrl()}.
 *
 * <p>Unlike Confluent's registry, Apicurio's default compatibility is NONE and an unknown
 * subject's config answers 404; callers set BACKWARD per subject explicitly.
 */
public final class SchemaRegistryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final int port;
  private final ChildProcess child;

  private SchemaRegistryServer(int port, ChildProcess child) {
    this.port = port;
    this.child = child;
  }

  /** Starts the registry with its log under {@code workDir}; returns once it answers. */
  public static SchemaRegistryServer start(Path workDir) {
    Binaries binaries = Binaries.locate();
    int port = FreePorts.next();
    long begin = System.nanoTime();
    Path dir = workDir.toAbsolutePath();
    ChildProcess child =
        ChildProcess.java(
            "schema-registry",
            dir,
            dir.resolve("schema-registry.log"),
            List.of(
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                // Keeps Quarkus from opening further listeners on fixed ports (tests run in parallel JVMs).
                "-Dquarkus.management.enabled=false",
                "-jar",
                binaries.apicurioRunnerJar().toString()));
    SchemaRegistryServer server = new SchemaRegistryServer(port, child);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Deadline.await(
        "schema registry at " + server.confluentApiUrl() + " answering",
        READY_TIMEOUT,
        child::requireAlive,
        () -> server.answers(http));
    log.info(
        "Schema registry ready at {} in {} ms (pid {})",
        server.confluentApiUrl(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
        child.pid());
    return server;
  }

  /** The Confluent-compatible base URL, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
  public String confluentApiUrl() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  /** The registry JVM's process id. */
  public long pid() {
    return child.pid();
  }

  /** Whether the registry process runs. */
  public boolean isRunning() {
    return child.isAlive();
  }

  @Override
  public void close() {
    child.stop(Duration.ofSeconds(10));
  }

  private boolean answers(HttpClient http) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/subjects"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
