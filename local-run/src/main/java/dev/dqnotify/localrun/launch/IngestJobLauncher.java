package dev.dqnotify.localrun.launch;

import dev.dqnotify.localstack.process.ChildProcess;
import dev.dqnotify.localstack.process.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Starts the ingest job the way users submit it: {@code org.apache.spark.deploy.SparkSubmit} (the
 * class the spark-submit script runs) with {@code --master local[2]}, on Spark's classpath, with the
 * shaded spark-app jar and a {@code job.conf} (settings: docs/ingest-job.md).
 */
public final class IngestJobLauncher {

  /** The job's name: its DqEvents' {@code job} and its query's name. */
  public static final String JOB_NAME = "sensor-ingest";

  // ProgressLogger's line when the streaming query runs; the job offers no other signal from outside.
  private static final Pattern QUERY_STARTED = Pattern.compile("Query \\S+ started \\(id");

  /**
   * Where the job reads and writes.
   *
   * @param bootstrapServers Kafka of {@code sensor-raw} and {@code dq-events}
   * @param schemaRegistryUrl the registry's Confluent API
   * @param storesCsv the store metadata
   * @param dir the job's folder: config, checkpoint, curated output
   * @param detectSettings the {@code detect.*} settings the ground truth assumes
   * @param triggerInterval time between micro-batches
   */
  public record Setup(String bootstrapServers, String schemaRegistryUrl, Path storesCsv, Path dir,
      Map<String, String> detectSettings, Duration triggerInterval) {

    /** The checkpoint folder, whose offsets and commits tell how far the job has read. */
    public Path checkpoint() {
      return dir.resolve("checkpoint");
    }

    /** The settings of {@code job.conf}. */
    public Map<String, String> settings() {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("job.name", JOB_NAME);
      settings.put("job.env", "local");
      settings.put("source.bootstrap-servers", bootstrapServers);
      settings.put("source.topic", "sensor-raw");
      settings.put("source.starting-offsets", "earliest");
      settings.put("outbox.topic", "dq-events");
      settings.put("schema-registry.url", schemaRegistryUrl);
      settings.put("stores.metadata-path", storesCsv.toAbsolutePath().toString());
      settings.put("sink.curated-path", dir.resolve("curated").toAbsolutePath().toString());
      settings.put("checkpoint.path", checkpoint().toAbsolutePath().toString());
      settings.put("trigger.mode", "processing-time");
      settings.put("trigger.interval", triggerInterval.toMillis() + "ms");
      settings.putAll(detectSettings);
      return settings;
    }
  }

  private IngestJobLauncher() {}

  /**
   * Writes {@code job.conf} and starts the job; its output goes to {@code logFile}. {@code overrides}
   * are written over the settings of {@code setup} (the fault suite gives each scenario its own
   * topics).
   */
  public static ChildProcess start(Children children, Artifacts artifacts, Setup setup, Map<String, String> overrides,
      Path logFile) {
    Path config = setup.dir().resolve("job.conf");
    Map<String, String> settings = setup.settings();
    settings.putAll(overrides);
    writeConfig(config, settings);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(artifacts.sparkJava17Options());
    command.add("-Xmx1g");
    command.addAll(List.of("-cp", artifacts.sparkClasspath(), "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        // About the number of sensor-raw partitions (docs/ingest-job.md); the default 200 crawls.
        "--conf", "spark.sql.shuffle.partitions=3",
        // Loopback only: a laptop on a VPN must not make Spark pick an address it cannot reach.
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--class", "dev.dqnotify.ingest.IngestJob", artifacts.ingestAppJar().toString(),
        "--config", config.toAbsolutePath().toString()));
    return children.start("ingest-job", command, Map.of(), setup.dir(), logFile);
  }

  /**
   * Returns once the job's streaming query runs.
   *
   * @throws IllegalStateException with the end of the job's log when it exited or took longer than {@code timeout}
   */
  public static void awaitQueryStarted(ChildProcess job, Duration timeout) {
    try {
      Deadline.await("the ingest job's streaming query starting", timeout, job::requireAlive,
          () -> QUERY_STARTED.matcher(readLog(job.logFile())).find());
    } catch (IllegalStateException e) {
      if (!job.isAlive()) {
        throw e;
      }
      throw new IllegalStateException(e.getMessage() + "; from its log " + job.logFile() + ":\n" + job.problems(10), e);
    }
  }

  static void writeConfig(Path file, Map<String, String> settings) {
    StringBuilder text = new StringBuilder("# Written by bin/run-local; settings: docs/ingest-job.md\n");
    settings.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file, e);
    }
  }

  private static String readLog(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
