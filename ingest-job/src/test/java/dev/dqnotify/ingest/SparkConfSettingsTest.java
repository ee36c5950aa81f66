package dev.dqnotify.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings given the Spark way ({@code spark-submit --conf spark.dqnotify.<key>=…}) and where they rank. */
class SparkConfSettingsTest {
  private static final Map<String, String> REQUIRED = Map.of(
      "spark.dqnotify.source.bootstrap-servers", "kafka:9092", "spark.dqnotify.stores.metadata-path", "stores.csv",
      "spark.dqnotify.sink.curated-path", "/data/curated", "spark.dqnotify.checkpoint.path", "/data/checkpoint",
      "spark.dqnotify.schema-registry.url", "http://registry:8081");

  private static Map<String, String> sparkConf(Map<String, String> more) {
    Map<String, String> all = new HashMap<>(REQUIRED);
    all.put("spark.master", "local[2]");
    all.put("spark.sql.shuffle.partitions", "4");
    all.putAll(more);
    return all;
  }

  private static IngestJobConfig parse(Map<String, String> environment, Map<String, String> sparkConf, String... args) {
    return IngestJob.parse(args, environment, sparkConf);
  }

  @Test
  void aJobSettingInTheSparkConfIsReadAndSparksOwnSettingsAreLeftToSpark() {
    IngestJobConfig config = parse(Map.of(), sparkConf(Map.of("spark.dqnotify.detect.min-points", "12",
        "spark.dqnotify.kafka.security.protocol", "SSL")));

    assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(config.rules().minPointsFor("S")).isEqualTo(12);
    assertThat(config.sourceKafkaProperties()).containsEntry("security.protocol", "SSL");
  }

  @Test
  void aBadValueInTheSparkConfIsRefusedLikeAnyOtherWithTheKeyAndWhatIsValid() {
    assertThatThrownBy(() -> parse(Map.of(), sparkConf(Map.of("spark.dqnotify.trigger.mode", "sometimes"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("trigger.mode: 'sometimes' is not a valid choice; expected one of processing-time, available-now");
    assertThatThrownBy(() -> parse(Map.of(), sparkConf(Map.of("spark.dqnotify.kafka.max.poll.records", "lots"))))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("kafka.max.poll.records: 'lots' is not valid");
  }

  @Test
  void aMistypedKeyInTheSparkConfIsRefusedWithTheNearestKnownKeyAndWhereItCameFrom() {
    assertThatThrownBy(() -> parse(Map.of(), sparkConf(Map.of("spark.dqnotify.detect.min-point", "3"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detect.min-point: is not a known setting given in the SparkConf as spark.dqnotify.<key>")
        .hasMessageContaining("did you mean 'detect.min-points'?");
  }

  @Test
  void theJobsArgumentsBeatTheSparkConfWhichBeatsTheEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.conf"), "detect.min-points = 1\ndetect.silence.timeout = 1m\n"
        + "detect.duplicate.horizon = 2h\njob.env = file\n");
    Map<String, String> environment = Map.of("DQNOTIFY_DETECT_MIN_POINTS", "2", "DQNOTIFY_DETECT_SILENCE_TIMEOUT", "2m",
        "DQNOTIFY_DETECT_DUPLICATE_HORIZON", "3h");
    Map<String, String> spark = sparkConf(Map.of("spark.dqnotify.detect.min-points", "3",
        "spark.dqnotify.detect.silence.timeout", "3m"));

    IngestJobConfig config = parse(environment, spark, "--config", file.toString(), "--conf", "detect.min-points=4");

    assertThat(config.rules().minPointsFor("S")).as("--conf after the jar").isEqualTo(4);
    assertThat(config.rules().silenceTimeout()).as("SparkConf over environment").isEqualTo(Duration.ofMinutes(3));
    assertThat(config.rules().duplicateHorizon()).as("environment over file").isEqualTo(Duration.ofHours(3));
    assertThat(config.env()).as("file over default").isEqualTo("file");
  }

  @Test
  void aSparkSettingAfterTheJarGetsAHintThatItBelongsBeforeTheJar() {
    assertThatThrownBy(() -> parse(Map.of(), sparkConf(Map.of()), "--conf", "spark.sql.shuffle.partitions=8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spark.sql.shuffle.partitions is a Spark setting")
        .hasMessageContaining("give it before the jar: spark-submit --conf spark.sql.shuffle.partitions=…");
  }

  @Test
  void aSparkConfJobSettingAfterTheJarGetsBothCorrectForms() {
    assertThatThrownBy(() -> parse(Map.of(), sparkConf(Map.of()), "--conf", "spark.dqnotify.detect.min-points=8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(--conf detect.min-points=…)")
        .hasMessageContaining("spark-submit --conf spark.dqnotify.detect.min-points=…");
  }

  @Test
  void aSparkSubmitOptionAfterTheJarGetsAHintThatItBelongsBeforeTheJar() {
    assertThatThrownBy(() -> parse(Map.of(), sparkConf(Map.of()), "--driver-memory", "2g"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown argument '--driver-memory'; --driver-memory is an option of spark-submit: "
            + "give it before the jar");
    assertThatThrownBy(() -> parse(Map.of(), sparkConf(Map.of()), "--confg", "x"))
        .hasMessage("unknown argument '--confg'");
  }

  @Test
  void secretsGivenInTheSparkConfAreNamedSoTheJobCanWarnThatSparkShowsThem() {
    assertThat(IngestJobConfig.secretsInSparkConf(sparkConf(Map.of(
        "spark.dqnotify.schema-registry.basic-auth-user-info", "u:pw-123456",
        "spark.dqnotify.kafka.sasl.jaas.config", "x", "spark.dqnotify.kafka.client.id", "ingest",
        "spark.ssl.keyPassword", "not ours"))))
        .containsExactlyInAnyOrder("spark.dqnotify.schema-registry.basic-auth-user-info",
            "spark.dqnotify.kafka.sasl.jaas.config");
  }
}
