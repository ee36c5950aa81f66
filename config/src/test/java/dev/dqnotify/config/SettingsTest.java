package dev.dqnotify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  enum Mode { PER_EVENT, DIGEST }

  static final Setting<String> TOPIC = Setting.string("source.topic", "sensor-raw", "Topic to read.");
  static final Setting<String> SERVERS = Setting.string("source.bootstrap-servers", null, "Kafka brokers.");
  static final Setting<Integer> MIN_POINTS = Setting.integer("detect.min-points", 10, 0, 10_000, "Minimum readings.");
  static final Setting<Duration> LATENESS = Setting.duration("detect.lateness", "10m", Duration.ZERO, "Allowed lateness.");
  static final Setting<Mode> MODE = Setting.choice("group.mode", Mode.class, Mode.PER_EVENT, "Grouping mode.");
  static final Setting<Secret> KEY = Setting.secret("datadog.api-key", "Datadog API key.");
  static final List<Setting<?>> ALL = List.of(TOPIC, SERVERS, MIN_POINTS, LATENESS, MODE, KEY);

  @TempDir Path dir;

  private Settings load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return Settings.load(ALL, Set.of("kafka."), file, env, overrides);
  }

  @Test
  void laterSourcesWinOverDefaultsFileAndEnvironment() throws Exception {
    Path file = Files.writeString(dir.resolve("job.conf"),
        "# comment\nsource.bootstrap-servers = file:9092\ndetect.min-points = 12\ngroup.mode = digest\n");
    Settings settings = load(file,
        Map.of("DQNOTIFY_DETECT_MIN_POINTS", "14", "DQNOTIFY_DETECT_LATENESS", "90s"),
        Map.of("detect.min-points", "16", "kafka.security.protocol", "SSL"));

    assertThat(settings.get(TOPIC)).isEqualTo("sensor-raw");
    assertThat(settings.get(SERVERS)).isEqualTo("file:9092");
    assertThat(settings.get(MIN_POINTS)).isEqualTo(16);
    assertThat(settings.get(LATENESS)).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.get(MODE)).isEqualTo(Mode.DIGEST);
    assertThat(settings.passThrough("kafka.")).containsExactly(Map.entry("security.protocol", "SSL"));
  }

  @Test
  void anotherToolsVariableFillsInBelowTheFileOurVariablesAndOverrides() throws Exception {
    Setting<String> site = Setting.string("datadog.site", "datadoghq.com", "Site.").orEnvironment("DD_SITE");
    List<Setting<?>> declared = List.of(site);
    Path file = Files.writeString(dir.resolve("site.conf"), "datadog.site = us3.datadoghq.com\n");

    Settings fromTool = Settings.load(declared, Set.of(), null, Map.of("DD_SITE", " datadoghq.eu "), Map.of());
    assertThat(fromTool.get(site)).isEqualTo("datadoghq.eu");
    assertThat(fromTool.origin(site)).hasValue("environment DD_SITE");
    assertThat(fromTool.describe()).contains("datadog.site = datadoghq.eu   (environment DD_SITE)");

    assertThat(Settings.load(declared, Set.of(), file, Map.of("DD_SITE", "datadoghq.eu"), Map.of()).get(site))
        .isEqualTo("us3.datadoghq.com");
    assertThat(Settings.load(declared, Set.of(), null,
        Map.of("DD_SITE", "datadoghq.eu", "DQNOTIFY_DATADOG_SITE", "us5"), Map.of()).get(site)).isEqualTo("us5");
    assertThat(Settings.load(declared, Set.of(), null, Map.of("DD_SITE", "  "), Map.of()).origin(site))
        .hasValue("default");
    assertThat(ConfigReference.markdown(declared)).contains("`DQNOTIFY_DATADOG_SITE`; else `DD_SITE`");
  }

  @Test
  void namesKeyValueAndWhatIsValidForABadValue() {
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("detect.min-points", "ten")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("detect.min-points: 'ten' is not an integer; expected an integer from 0 to 10000");
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("detect.lateness", "10 minutes")))
        .hasMessageContaining("detect.lateness: '10 minutes' is not a duration; expected a duration like");
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("group.mode", "batch")))
        .hasMessage("group.mode: 'batch' is not a valid choice; expected one of per-event, digest");
  }

  @Test
  void refusesAnUnknownKeyAndSuggestsTheNearestOne() {
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("detect.min-point", "3")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detect.min-point: is not a known setting given as an override; did you mean 'detect.min-points'?")
        .hasMessageContaining("client properties go under kafka.");
  }

  @Test
  void saysWhatToDoWhenARequiredKeyIsMissing() {
    Settings settings = load(null, Map.of(), Map.of());
    assertThatThrownBy(() -> settings.get(SERVERS))
        .hasMessageContaining("source.bootstrap-servers: is required (Kafka brokers.)")
        .hasMessageContaining("DQNOTIFY_SOURCE_BOOTSTRAP_SERVERS");
  }

  @Test
  void failsClearlyForAMissingConfigFile() {
    assertThatThrownBy(() -> load(dir.resolve("nope.conf"), Map.of(), Map.of()))
        .hasMessageContaining("nope.conf does not exist");
  }

  @Test
  void neverShowsASecretInTheDumpOrInAnError() {
    Settings settings = load(null, Map.of(), Map.of("datadog.api-key", "abcd1234secret",
        "kafka.sasl.jaas.config", "user=x password=hunter2"));
    assertThat(settings.get(KEY).reveal()).isEqualTo("abcd1234secret");
    assertThat(settings.get(KEY).toString()).isEqualTo("<masked>");
    assertThat(settings.describe()).doesNotContain("abcd1234secret").doesNotContain("hunter2")
        .contains("datadog.api-key = <masked>");
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("datadog.api-key", " ")))
        .hasMessage("datadog.api-key: <masked> must not be blank; expected a non-empty secret");
  }

  @Test
  void theDumpMasksKafkaPasswordPropertiesAndUrlUserInfo() {
    Settings settings = load(null, Map.of(), Map.of("kafka.ssl.truststore.password", "trust-pw",
        "kafka.outbox.ssl.key.password", "key-pw", "source.bootstrap-servers", "http://bob:url-pw@broker:9092"));

    assertThat(settings.describe()).doesNotContain("trust-pw", "key-pw", "url-pw")
        .contains("kafka.ssl.truststore.password = <masked>", "kafka.outbox.ssl.key.password = <masked>",
            "source.bootstrap-servers = http://<masked>@broker:9092");
    assertThat(settings.redaction().mask("connect with trust-pw, key-pw and url-pw"))
        .isEqualTo("connect with <masked>, <masked> and <masked>");
  }

  @Test
  void everySecretAndKafkaPropertyCanComeFromTheEnvironmentOrAFileItNames() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("dd-key"), "file-key-123\n");
    Path jaasFile = Files.writeString(dir.resolve("jaas"), "PlainLoginModule required password=\"pw\";\n");

    Settings settings = load(null, Map.of("DQNOTIFY_DATADOG_API_KEY_FILE", keyFile.toString(),
        "DQNOTIFY_KAFKA_SASL_JAAS_CONFIG_FILE", jaasFile.toString(), "DQNOTIFY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "PATH", "/bin"), Map.of());

    assertThat(settings.get(KEY).reveal()).isEqualTo("file-key-123");
    assertThat(settings.passThrough("kafka.")).containsEntry("sasl.jaas.config", "PlainLoginModule required password=\"pw\";")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(settings.describe()).contains("(environment DQNOTIFY_KAFKA_SASL_JAAS_CONFIG_FILE)");
  }

  @Test
  void refusesAnUnknownDqnotifyVariableAndSuggestsTheNearestOne() {
    assertThatThrownBy(() -> load(null, Map.of("DQNOTIFY_DETECT_MIN_POINT", "3"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("DQNOTIFY_DETECT_MIN_POINT: is not the environment variable of a known setting")
        .hasMessageContaining("did you mean DQNOTIFY_DETECT_MIN_POINTS?");
  }

  @Test
  void refusesAValueGivenTwiceInTheEnvironmentAndAnUnreadableValueFile() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("dd-key"), "file-key-123");
    assertThatThrownBy(() -> load(null, Map.of("DQNOTIFY_DATADOG_API_KEY_FILE", keyFile.toString(),
        "DQNOTIFY_DATADOG_API_KEY", "env-key-456"), Map.of()))
        .hasMessageContaining("datadog.api-key: is given by both").hasMessageNotContaining("key-123")
        .hasMessageNotContaining("key-456");
    assertThatThrownBy(() -> load(null, Map.of("DQNOTIFY_KAFKA_SSL_KEY_PASSWORD_FILE", dir.resolve("nope").toString()),
        Map.of()))
        .hasMessageStartingWith("DQNOTIFY_KAFKA_SSL_KEY_PASSWORD_FILE: names the file").hasMessageContaining("does not exist");
  }

  @Test
  void rendersTheReferenceFromTheDeclarations() {
    String reference = ConfigReference.markdown(ALL);
    assertThat(reference).contains("| `detect.min-points` | `10` | an integer from 0 to 10000 | Minimum readings. | `DQNOTIFY_DETECT_MIN_POINTS` |")
        .contains("| `source.bootstrap-servers` | *(required)* |");
  }
}
