package dev.dqnotify.ingest;

import static dev.dqnotify.ingest.testing.RawMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.OutboxReader;
import dev.dqnotify.ingest.testing.SparkSubmitted;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.process.ChildProcess;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The shaded application jar under spark-submit with {@code --master local[2]} ({@link SparkSubmitted}). */
@ExtendWith(LocalStackExtension.class)
class SparkSubmitIT {
  @Test
  void theShadedJarRunsUnderSparkSubmitAndWritesDqEvents(KafkaBroker kafka, SchemaRegistryServer registry,
      @TempDir Path dir) throws Exception {
    try (IngestFixture fixture = new IngestFixture(kafka, registry, dir, 1);
        OutboxReader outbox = fixture.outbox()) {
      Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS);
      fixture.send("s-1", message("ok", "store-0001", "s-1", t0, 10));
      fixture.send("s-1", message("few", "store-0001", "s-1", t0.plusSeconds(60), 2));
      fixture.send("s-1", new byte[] {(byte) 0xC3, (byte) 0x28});
      Path conf = writeConfig(dir, fixture.settings("checkpoint", Map.of()));

      // Given the Spark way, before the jar: without it the job would run processing-time forever.
      Submitted run = submit(dir, List.of("--conf", "spark.dqnotify.trigger.mode=available-now"),
          "--config", conf.toString());

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
  void aWrongSettingGivenTheSparkWayIsCheckedAlikeAndASparkSettingAfterTheJarGetsAHint(@TempDir Path dir)
      throws Exception {
    Submitted run = submit(dir, List.of("--conf", "spark.dqnotify.trigger.mode=sometimes"),
        "--conf", "source.bootstrap-servers=127.0.0.1:1");
    Submitted misplaced = submit(Files.createDirectories(dir.resolve("misplaced")), List.of(),
        "--conf", "spark.executor.memory=2g");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("trigger.mode: 'sometimes' is not a valid choice").doesNotContain("\tat org.apache");
    assertThat(misplaced.exitCode()).isEqualTo(2);
    assertThat(misplaced.output()).contains("spark.executor.memory is a Spark setting")
        .contains("give it before the jar");
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
    return submit(dir, List.of(), jobArgs);
  }

  private static Submitted submit(Path dir, List<String> sparkConf, String... jobArgs) throws Exception {
    List<String> sparkOptions = new java.util.ArrayList<>(List.of("--master", "local[2]"));
    sparkOptions.addAll(sparkConf);
    ChildProcess driver = SparkSubmitted.start(dir, "spark-submit", SparkSubmitted.localSparkClasspath(),
        sparkOptions, jobArgs);
    try {
      return new Submitted(driver.awaitExit(Duration.ofMinutes(4)), Files.readString(driver.logFile()));
    } finally {
      driver.kill(); // gone already, unless it ran out of time
    }
  }

  private static Path writeConfig(Path dir, Map<String, String> settings) {
    return SparkSubmitted.writeConfig(dir, "job.conf", settings);
  }
}
