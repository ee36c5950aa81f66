package dev.dqnotify.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.process.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shaded application jar, submitted the way users do: through
 * {@code org.apache.spark.deploy.SparkSubmit} (the class the spark-submit script runs) in its own
 * JVM, on Spark's classpath only — our classes come from the jar.
 */
public final class SparkSubmitted {
  /** The shaded jar, built in the package phase (failsafe passes its path). */
  public static final Path APP_JAR = Path.of(System.getProperty("dqnotify.ingest.app-jar", "missing.jar"));

  private SparkSubmitted() {}

  /**
   * Starts a driver: {@code SparkSubmit <sparkOptions> --class IngestJob <app jar> <jobArgs>} on
   * {@code sparkClasspath}; its output goes to {@code <dir>/<name>.log}.
   */
  public static ChildProcess start(Path dir, String name, String sparkClasspath, List<String> sparkOptions,
      String... jobArgs) {
    assertThat(APP_JAR).as("the shaded jar, built in the package phase").exists();
    List<String> command = new ArrayList<>(Arrays.asList(System.getProperty("spark.java17.opens", "").split(" ")));
    command.add("-Xmx1g");
    command.addAll(List.of("-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit"));
    command.addAll(sparkOptions);
    command.addAll(List.of("--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
        // Delta reads its log with 50 tasks by default: right for big tables, slow for a test's.
        "--conf", "spark.databricks.delta.snapshotPartitions=2",
        "--conf", "spark.driver.extraJavaOptions=-Dspark.testing.memory=536870912",
        "--class", "dev.dqnotify.ingest.IngestJob", APP_JAR.toString()));
    command.addAll(Arrays.asList(jobArgs));
    command.removeIf(String::isBlank);
    return ChildProcess.java(name, dir, dir.resolve(name + ".log"), command);
  }

  /** Spark's own classpath for local mode: the test classpath without dqnotify's classes and what the app jar carries. */
  public static String localSparkClasspath() {
    List<String> carriedByTheAppJar = List.of("dqnotify-", "/target/classes", "/target/test-classes",
        "spark-sql-kafka", "spark-token-provider-kafka", "kafka-clients", "commons-pool2", "/io/delta/");
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> carriedByTheAppJar.stream().noneMatch(entry::contains))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Writes {@code settings} as the job's config file {@code <dir>/<name>}. */
  public static Path writeConfig(Path dir, String name, Map<String, String> settings) {
    Path file = dir.resolve(name);
    try {
      Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
          .collect(Collectors.joining("\n", "# written by a test\n", "\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
