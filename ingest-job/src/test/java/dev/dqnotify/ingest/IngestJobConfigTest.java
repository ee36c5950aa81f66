package dev.dqnotify.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.ingest.detect.MetricRange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestJobConfigTest {
  private static final Map<String, String> REQUIRED = Map.of(
      "source.bootstrap-servers", "kafka:9092", "stores.metadata-path", "stores.csv",
      "sink.curated-path", "/data/curated", "checkpoint.path", "/data/checkpoint",
      "schema-registry.url", "http://registry:8081");

  private static IngestJobConfig load(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(REQUIRED);
    all.putAll(overrides);
    return IngestJobConfig.load(null, Map.of(), all);
  }

  @Test
  void theContractsDefaultsApplyWhenNothingIsSet() {
    IngestJobConfig config = load(Map.of());

    assertThat(config.rules().minPointsFor("S")).isEqualTo(10);
    assertThat(config.rules().allowedLateness()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.rules().duplicateHorizon()).isEqualTo(Duration.ofHours(1));
    assertThat(config.rules().silenceTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.rules().rangeOf("temperature_c")).contains(new MetricRange(-40, 85));
    assertThat(config.outboxTopic()).isEqualTo("dq-events");
    assertThat(config.outboxBootstrapServers()).isEqualTo("kafka:9092");
  }

  @Test
  void catchUpAndOutboxOutagesAreBoundedWithoutAnySetting() {
    IngestJobConfig config = load(Map.of());

    assertThat(config.maxOffsetsPerTrigger()).as("records per micro-batch").isEqualTo(100_000);
    assertThat(config.outboxMaxOutage()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void anOutboxOutageBoundBelowOneSecondIsRefused() {
    assertThatThrownBy(() -> load(Map.of("outbox.max-outage", "500ms")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("outbox.max-outage").hasMessageContaining("500ms");
  }

  @Test
  void everyThresholdCanBeChanged() {
    IngestJobConfig config = load(Map.of("detect.min-points.size-class.l", "20", "detect.late.allowed-lateness", "30s",
        "detect.range.temperature_c", "-10..40", "detect.range.open", "none", "detect.range.co2_ppm", "0..5000"));

    assertThat(config.rules().minPointsFor("L")).isEqualTo(20);
    assertThat(config.rules().minPointsFor("M")).isEqualTo(10);
    assertThat(config.rules().allowedLateness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.rules().rangeOf("temperature_c")).contains(new MetricRange(-10, 40));
    assertThat(config.rules().rangeOf("open")).isEmpty();
    assertThat(config.rules().rangeOf("co2_ppm")).contains(new MetricRange(0, 5000));
  }

  @Test
  void aBadRangeNamesTheKeyTheValueAndTheForm() {
    assertThatThrownBy(() -> load(Map.of("detect.range.humidity_pct", "hundred")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detect.range.humidity_pct").hasMessageContaining("hundred").hasMessageContaining("min..max");
  }

  @Test
  void aCuratedTableNameThatIsNoPlainIdentifierIsRefusedWithTheKeyAndTheValidForms() {
    assertThat(load(Map.of("sink.curated-table", "dq.curated_readings")).curatedTable()).contains("dq.curated_readings");
    assertThat(load(Map.of()).curatedTable()).isEmpty();
    assertThatThrownBy(() -> load(Map.of("sink.curated-table", "dq.readings; DROP TABLE x")))
        .hasMessageContaining("sink.curated-table").hasMessageContaining("DROP TABLE")
        .hasMessageContaining("dq.curated_readings");
  }

  @Test
  void aMissingRequiredSettingIsNamed() {
    Map<String, String> withoutBootstrap = new HashMap<>(REQUIRED);
    withoutBootstrap.remove("source.bootstrap-servers");

    assertThatThrownBy(() -> IngestJobConfig.load(null, Map.of(), withoutBootstrap))
        .isInstanceOf(ConfigException.class).hasMessageContaining("source.bootstrap-servers");
  }

  @Test
  void aMistypedKeyIsRefusedWithTheNearestKnownKey() {
    assertThatThrownBy(() -> load(Map.of("detect.silence.timout", "5m")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("detect.silence.timeout");
  }

  @Test
  void theCommandLineRejectsAnUnknownArgumentWithUsageAndExitCodeTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = IngestJob.run(new String[] {"--confg", "job.conf"}, Map.of(), new PrintStream(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--confg'").contains("Usage:");
  }

  private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
      + "username=\"ingest\" password=\"jaas-pw-2718\";";

  @Test
  void theConfigurationAsLoggedAtStartShowsNoSecret() {
    IngestJobConfig config = load(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.jaas.config", JAAS,
        "kafka.ssl.truststore.password", "trust-pw-3141", "kafka.outbox.ssl.key.password", "key-pw-1618",
        "schema-registry.url", "http://reg-user:reg-pw-1414@registry:8081",
        "schema-registry.basic-auth-user-info", "u:auth-pw-1732"));

    assertThat(config.toString()).doesNotContain("jaas-pw-2718", "trust-pw-3141", "key-pw-1618", "reg-pw-1414",
        "auth-pw-1732").contains("sasl.jaas.config=<masked>", "security.protocol=SASL_SSL",
        "http://<masked>@registry:8081");
    assertThat(config.redaction().mask("failed: password=\"jaas-pw-2718\" auth-pw-1732 key-pw-1618"))
        .doesNotContain("jaas-pw-2718", "auth-pw-1732", "key-pw-1618");
  }

  @Test
  void theSourceAndOutboxClustersCanHaveTheirOwnClientSettings() {
    IngestJobConfig config = load(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.jaas.config", "shared",
        "kafka.outbox.sasl.jaas.config", "outbox-only", "kafka.source.client.id", "reader"));

    assertThat(config.sourceKafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security.protocol", "SASL_SSL", "sasl.jaas.config", "shared", "client.id", "reader"));
    assertThat(config.outboxKafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security.protocol", "SASL_SSL", "sasl.jaas.config", "outbox-only"));
  }

  @Test
  void aMistypedKafkaPropertyEndsTheJobWithExitCodeTwoAndTheNearestProperty() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = REQUIRED.entrySet().stream().flatMap(e -> java.util.stream.Stream.of("--conf",
        e.getKey() + "=" + e.getValue())).toArray(String[]::new);
    String[] withTypo = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--conf", "kafka.outbox.sasl.jaas.confg=" + JAAS)).toArray(String[]::new);

    int code = IngestJob.run(withTypo, Map.of(), new PrintStream(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("kafka.outbox.sasl.jaas.confg: is not a Kafka client property; did you mean "
            + "'kafka.outbox.sasl.jaas.config'?").doesNotContain("jaas-pw-2718").doesNotContain("\tat ");
  }

  @Test
  void aBadKafkaValueIsOneLineNamingKeyAndValue() {
    assertThatThrownBy(() -> load(Map.of("kafka.source.max.poll.records", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.source.max.poll.records: 'lots' is not valid");
  }

  @Test
  void kafkaSecretsCanComeFromAFileNamedInTheEnvironment(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path jaas = java.nio.file.Files.writeString(dir.resolve("jaas"), JAAS + "\n");

    IngestJobConfig config = IngestJobConfig.load(null, Map.of("DQNOTIFY_KAFKA_OUTBOX_SASL_JAAS_CONFIG_FILE",
        jaas.toString()), REQUIRED);

    assertThat(config.outboxKafkaProperties()).containsEntry("sasl.jaas.config", JAAS);
    assertThat(config.sourceKafkaProperties()).doesNotContainKey("sasl.jaas.config");
  }
}
