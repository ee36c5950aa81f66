package dev.dqnotify.ingest;

import static dev.dqnotify.ingest.testing.RawMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.OutboxReader;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded application jar, submitted the way users do: through
 * {@code org.apache.spark.deploy.SparkSubmit} (the class the spark-submit script runs) in its own
 * JVM, with {@code --master local[2]}, on Spark's classpath only — our classes come from the jar.
 */
@ExtendWith(LocalStackExtension.class)
class SparkSubmitIT {
  private static final Path APP_JAR = Path.of(System.getProperty("dqnotify.ingest.app-jar", "missing.jar"));

  @Test
  void theShadedJarRunsUnderSparkSubmitAndWritesDqEvents(KafkaBroker kafka, SchemaRegistryServer registry,
      @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1);
        OutboxReader outbox = fixture.outbox()) {
      Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS);
      fixture.send("s-1", message("ok", "store-0001", "s-1", t0, 10));
      fixture.send("s-1", message("few", "store-0001", "s-1", t0.plusSeconds(60), 2));
      fixture.send("s-1", new byte[] {(byte) 0xC3, (byte) 0x28});
      Path conf = writeConfig(dir, fixture.settings("checkpoint", Map.of("trigger.mode", "AVAILABLE_NOW")));

      Submitted run = submit(dir, "--config", conf.toString());

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(OutboxReader.countsByType(outbox.readUntil(e -> e.size() >= 2, Duration.ofSeconds(30))))
          .containsExactlyInAnyOrderEntriesOf(Map.of("INSUFFICIENT_DATA_POINTS", 1L, "MALFORMED_RECORD", 1L));
    }
  }

  @Test
  void aWrongSettingStopsTheJobAtStartWithTheKeyAndWhatIsAllowed(@TempDir Path dir) throws Exception {
    Submitted run = submit(dir, "--conf", "source.bootstrap-servers=127.0.0.1:1", "--conf", "trigger.mode=sometimes");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("trigger.mode").contains("sometimes").contains("available-now")
        .doesNotContain("\tat org.apache");
  }

  @Test
  void anUnreachableBrokerIsOneClearLineNotAStackTrace(KafkaBroker kafka, SchemaRegistryServer registry,
      @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1)) {
      Map<String, String> settings = new java.util.HashMap<>(fixture.settings("checkpoint", Map.of()));
      settings.put("source.bootstrap-servers", "127.0.0.1:1");
      Submitted run = submit(dir, "--config", writeConfig(dir, settings).toString());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.output()).contains("cannot start").contains("127.0.0.1:1").contains("source.bootstrap-servers");
    }
  }

  private record Submitted(int exitCode, String output) {}

  private static Submitted submit(Path dir, String... jobArgs) throws Exception {
    assertThat(APP_JAR).as("the shaded jar, built in the package phase").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("spark.java17.opens", "").split(" ")));
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(sparkClasspath());
    command.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
        "--conf", "spark.driver.extraJavaOptions=-Dspark.testing.memory=536870912",
        "--class", IngestJob.class.getName(), APP_JAR.toString()));
    command.addAll(Arrays.asList(jobArgs));
    command.removeIf(String::isBlank);
    Path log = dir.resolve("spark-submit.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(4, TimeUnit.MINUTES)) {
        throw new AssertionError("spark-submit did not finish within 4 minutes; log: " + log);
      }
    } finally {
      process.destroyForcibly();
    }
    return new Submitted(process.exitValue(), Files.readString(log));
  }

  /** Spark's own classpath: the test classpath without dqnotify's classes and what the app jar carries. */
  private static String sparkClasspath() {
    List<String> carriedByTheAppJar = List.of("dqnotify-", "/target/classes", "/target/test-classes",
        "spark-sql-kafka", "spark-token-provider-kafka", "kafka-clients", "commons-pool2");
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> carriedByTheAppJar.stream().noneMatch(entry::contains))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static Path writeConfig(Path dir, Map<String, String> settings) throws Exception {
    Path file = dir.resolve("job.conf");
    Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
        .collect(Collectors.joining("\n", "# written by SparkSubmitIT\n", "\n")));
    return file;
  }
}
