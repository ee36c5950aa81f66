package dev.dqnotify.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.config.Settings;
import dev.dqnotify.forwarder.group.GroupingMode;
import dev.dqnotify.forwarder.render.OverflowPolicy;
import dev.dqnotify.schemas.Severity;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwarderConfigTest {

  private static final Map<String, String> REQUIRED = Map.of(
      "consume.bootstrap-servers", "kafka:9092",
      "schema-registry.url", "http://registry:8081");

  @TempDir Path dir;

  private static ForwarderConfig load(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(REQUIRED);
    all.putAll(overrides);
    return ForwarderConfig.load(null, Map.of(), all);
  }

  @Test
  void everySettingHasADefaultOrIsRequiredAndADescription() {
    assertThat(ForwarderConfig.SETTINGS).allSatisfy(setting -> assertThat(setting.description()).isNotBlank());
    assertThat(ForwarderConfig.SETTINGS).extracting(s -> s.key()).doesNotHaveDuplicates();
  }

  @Test
  void startsFromDocumentedDefaults() {
    ForwarderConfig config = load(Map.of());

    assertThat(config.topic()).isEqualTo("dq-events");
    assertThat(config.groupId()).isEqualTo("dq-forwarder");
    assertThat(config.deadLetterTopic()).isEqualTo("dq-events-dlq");
    assertThat(config.datadogBaseUrl()).isEqualTo(URI.create("https://api.datadoghq.com"));
    assertThat(config.dedupeHorizon()).isEqualTo(Duration.ofHours(24));
    assertThat(config.grouping().mode()).isEqualTo(GroupingMode.PER_EVENT);
    assertThat(config.grouping().groupBy()).containsExactly("team", "env", "job", "event_type", "store_id");
    assertThat(config.rendering().overflow()).isEqualTo(OverflowPolicy.TRUNCATE);
    assertThat(config.minSeverity()).isEqualTo(Severity.INFO);
    assertThat(config.eventsPerSecond()).isEmpty();
    assertThat(config.httpPort()).isEqualTo(9464);
    assertThat(config.jsonLogs()).isFalse();
  }

  @Test
  void readsTheFileEnvironmentAndOverridesInThatOrder() throws Exception {
    Path file = Files.writeString(dir.resolve("forwarder.conf"), String.join("\n",
        "consume.bootstrap-servers = file:9092",
        "schema-registry.url = http://registry:8081",
        "group.mode = digest",
        "group.wait = 30s",
        "datadog.site = datadoghq.eu",
        "deliver.max-in-flight = 4",
        "kafka.security.protocol = SASL_SSL"));

    ForwarderConfig config = ForwarderConfig.load(file, Map.of("DQNOTIFY_DELIVER_MAX_IN_FLIGHT", "6"),
        Map.of("group.wait", "45s", "render.extra-tags", "service:dq-forwarder", "forwarder.env", "prod"));

    assertThat(config.bootstrapServers()).isEqualTo("file:9092");
    assertThat(config.grouping().mode()).isEqualTo(GroupingMode.DIGEST);
    assertThat(config.grouping().groupWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.maxInFlight()).isEqualTo(6);
    assertThat(config.datadogBaseUrl()).isEqualTo(URI.create("https://api.datadoghq.eu"));
    assertThat(config.rendering().extraTags()).containsExactly("service:dq-forwarder", "forwarder_env:prod");
    assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void takesDatadogsOwnDdSiteWhenNoSettingOfOursNamesTheSite() throws Exception {
    Map<String, String> euUser = Map.of("DD_SITE", "datadoghq.eu");
    assertThat(ForwarderConfig.load(null, euUser, REQUIRED).datadogBaseUrl())
        .isEqualTo(URI.create("https://api.datadoghq.eu"));

    Path file = Files.writeString(dir.resolve("forwarder.conf"), "datadog.site = us5.datadoghq.com\n");
    assertThat(ForwarderConfig.load(file, euUser, REQUIRED).datadogBaseUrl())
        .as("the config file wins over an inherited DD_SITE").isEqualTo(URI.create("https://api.us5.datadoghq.com"));
    Map<String, String> both = Map.of("DD_SITE", "datadoghq.eu", "DQNOTIFY_DATADOG_SITE", "us3");
    assertThat(ForwarderConfig.load(file, both, REQUIRED).datadogBaseUrl())
        .isEqualTo(URI.create("https://api.us3.datadoghq.com"));
    Map<String, String> withSite = new HashMap<>(REQUIRED);
    withSite.put("datadog.site", "ap1");
    assertThat(ForwarderConfig.load(file, both, withSite).datadogBaseUrl())
        .isEqualTo(URI.create("https://api.ap1.datadoghq.com"));

    assertThatThrownBy(() -> ForwarderConfig.load(null, Map.of("DD_SITE", "datadoghq.moon"), REQUIRED))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("datadog.site: 'datadoghq.moon' ");
  }

  @Test
  void sendsToDogStatsdOnlyWhenAnAgentHostIsKnownAndNotTurnedOff() {
    assertThat(load(Map.of()).dogstatsd()).as("off by default").isEmpty();

    ForwarderConfig fromAgentEnv = ForwarderConfig.load(null,
        Map.of("DD_AGENT_HOST", "10.0.0.7", "DD_DOGSTATSD_PORT", "8126"), REQUIRED);
    assertThat(fromAgentEnv.dogstatsd()).hasValue(
        new dev.dqnotify.forwarder.telemetry.MeterRegistries.DogStatsd("10.0.0.7", 8126, Duration.ofSeconds(10)));

    Map<String, String> off = new HashMap<>(REQUIRED);
    off.put("telemetry.dogstatsd.enabled", "false");
    assertThat(ForwarderConfig.load(null, Map.of("DD_AGENT_HOST", "10.0.0.7"), off).dogstatsd()).isEmpty();

    assertThat(load(Map.of("telemetry.dogstatsd.host", "localhost")).dogstatsd().orElseThrow().port()).isEqualTo(8125);
    assertThatThrownBy(() -> ForwarderConfig.load(null, Map.of("DD_AGENT_HOST", "h", "DD_DOGSTATSD_PORT", "udp"),
        REQUIRED)).isInstanceOf(ConfigException.class).hasMessageStartingWith("telemetry.dogstatsd.port: 'udp'");
  }

  @Test
  void acceptsAnHttpsBaseUrlInsteadOfASite() {
    assertThat(load(Map.of("datadog.site", "https://dd-proxy.internal:8443/")).datadogBaseUrl())
        .isEqualTo(URI.create("https://dd-proxy.internal:8443"));
  }

  @Test
  void refusesAPlainHttpDatadogUrlUnlessTheTestOnlySettingAllowsIt() {
    assertThatThrownBy(() -> load(Map.of("datadog.site", "http://127.0.0.1:8089")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("datadog.site: 'http://127.0.0.1:8089' is plain http")
        .hasMessageContaining("datadog.allow-plain-http=true");
    assertThat(load(Map.of("datadog.site", "http://127.0.0.1:8089", "datadog.allow-plain-http", "true"))
        .datadogBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089"));
  }

  @Test
  void listensOnEveryInterfaceByDefaultAndRefusesABindAddressThatIsNotAnIp() {
    assertThat(load(Map.of()).httpBindAddress()).isEqualTo("0.0.0.0");
    assertThat(load(Map.of("telemetry.bind-address", "127.0.0.1")).httpBindAddress()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> load(Map.of("telemetry.bind-address", "metrics.example")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("telemetry.bind-address: 'metrics.example' is not an IP address");
  }

  @Test
  void namesKeyValueAndWhatIsValidForABadValue() {
    assertThatThrownBy(() -> load(Map.of("dedupe.horizon", "a day")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("dedupe.horizon: 'a day' is not a duration; expected a duration like");
    assertThatThrownBy(() -> load(Map.of("group.mode", "batch")))
        .hasMessageStartingWith("group.mode: 'batch' ").hasMessageEndingWith("expected one of per-event, digest");
    assertThatThrownBy(() -> load(Map.of("deliver.max-in-flight", "0")))
        .hasMessage("deliver.max-in-flight: '0' is out of range; expected an integer from 1 to 256");
    assertThatThrownBy(() -> load(Map.of("forward.min-severity", "fatal")))
        .hasMessageStartingWith("forward.min-severity: 'fatal' ").hasMessageEndingWith("expected one of info, warning, error");
    assertThatThrownBy(() -> load(Map.of("deliver.backoff.jitter", "1.5")))
        .hasMessage("deliver.backoff.jitter: '1.5' is out of range; expected a number from 0 to 1");
    assertThatThrownBy(() -> load(Map.of("deliver.backoff.multiplier", "0.5")))
        .hasMessage("deliver.backoff.multiplier: '0.5' is below 1; expected a number of at least 1");
    assertThatThrownBy(() -> load(Map.of("deliver.backoff.initial", "2s", "deliver.backoff.max", "1s")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("deliver.backoff.max: 'PT1S' is shorter than the initial delay; expected at least PT2S");
  }

  @Test
  void refusesAnUnknownGroupByLabel() {
    assertThatThrownBy(() -> load(Map.of("group.by", "team,shop")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("group.by: 'team,shop' has an unknown or repeated label 'shop'; expected distinct labels from")
        .hasMessageContaining("store_id");
  }

  @Test
  void refusesSomethingThatIsNeitherADatadogSiteNorAUrl() {
    assertThatThrownBy(() -> load(Map.of("datadog.site", "datadoghq.moon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("datadog.site: 'datadoghq.moon' ");
  }

  @Test
  void refusesATypoAndSuggestsTheKeyMeant() {
    assertThatThrownBy(() -> load(Map.of("dedupe.horizn", "1h")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dedupe.horizn: is not a known setting given as an override; did you mean 'dedupe.horizon'?");
  }

  @Test
  void refusesKafkaPropertiesTheGuaranteesDependOn() {
    assertThatThrownBy(() -> load(Map.of("kafka.enable.auto.commit", "true")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.enable.auto.commit: cannot be set");
  }

  @Test
  void saysWhatIsMissingWhenNoBootstrapServersAreGiven() {
    assertThatThrownBy(() -> ForwarderConfig.load(null, Map.of(), Map.of("schema-registry.url", "http://r:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("consume.bootstrap-servers: is required")
        .hasMessageContaining("DQNOTIFY_CONSUME_BOOTSTRAP_SERVERS");
  }

  @Test
  void refusesAnApiKeyFileThatCannotBeRead() {
    assertThatThrownBy(() -> load(Map.of("datadog.api-key-file", dir.resolve("missing.key").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("datadog.api-key-file: '");
  }

  @Test
  void masksSecretsInTheStartupDump() {
    Map<String, String> overrides = new HashMap<>(REQUIRED);
    overrides.put("schema-registry.basic-auth-user-info", "reader:s3cr3t-pw");
    overrides.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
        + "username=\"u\" password=\"kafka-pw\";");
    Settings settings = Settings.load(ForwarderConfig.SETTINGS, Set.of("kafka."), null, Map.of(), overrides);

    ForwarderConfig config = ForwarderConfig.from(settings);

    assertThat(settings.describe()).doesNotContain("s3cr3t-pw").doesNotContain("kafka-pw").contains("<masked>");
    assertThat(config.toString()).doesNotContain("s3cr3t-pw").doesNotContain("kafka-pw");
  }

  @Test
  void theStartupDumpMasksKafkaPasswordsAndRegistryUserInfo() {
    Map<String, String> overrides = new HashMap<>(REQUIRED);
    overrides.put("schema-registry.url", "http://reader:url-pw-8841@registry:8081");
    overrides.put("kafka.ssl.keystore.password", "keystore-pw-3307");
    Settings settings = Settings.load(ForwarderConfig.SETTINGS, Set.of("kafka."), null, Map.of(), overrides);

    assertThat(settings.describe()).doesNotContain("url-pw-8841", "keystore-pw-3307")
        .contains("schema-registry.url = http://<masked>@registry:8081", "kafka.ssl.keystore.password = <masked>");
  }

  @Test
  void acceptsConfluentsRegistryNamesAndMasksTheirCredentials() {
    Map<String, String> overrides = new HashMap<>(REQUIRED);
    overrides.remove("schema-registry.url");
    overrides.put("schema.registry.url", "https://registry.example:8081");
    overrides.put("basic.auth.credentials.source", "USER_INFO");
    overrides.put("basic.auth.user.info", "reader:confluent-pw-5521");
    Settings settings = Settings.load(ForwarderConfig.SETTINGS, ForwarderConfig.PASS_THROUGH_PREFIXES, null,
        Map.of(), overrides);

    ForwarderConfig config = ForwarderConfig.from(settings);

    assertThat(config.schemaRegistry().baseUrl()).hasToString("https://registry.example:8081");
    assertThat(config.schemaRegistry().basicAuth()).isPresent();
    assertThat(settings.describe()).doesNotContain("confluent-pw-5521").contains("basic.auth.user.info = <masked>");
  }

  @Test
  void refusesTheRegistryUrlUnderBothNames() {
    assertThatThrownBy(() -> load(Map.of("schema.registry.url", "http://other:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("schema.registry.url: names the same thing as schema-registry.url");
  }

  @Test
  void aMistypedConfluentRegistryNameGetsTheNearestOne() {
    assertThatThrownBy(() -> load(Map.of("basic.auth.user.inf", "a:b")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("basic.auth.user.inf: is not a schema registry client property; did you mean 'basic.auth.user.info'?");
  }

  @Test
  void aMistypedKafkaPropertyIsRefusedWithTheNearestOne() {
    assertThatThrownBy(() -> load(Map.of("kafka.sasl.mechansim", "PLAIN")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.sasl.mechansim: is not a Kafka client property; did you mean 'kafka.sasl.mechanism'?");
  }

  @Test
  void aBadKafkaValueIsOneLineNamingKeyAndValue() {
    assertThatThrownBy(() -> load(Map.of("kafka.security.protocol", "TLS")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.security.protocol: 'TLS' is not valid");
  }

  @Test
  void theRunCommandExitsTwoForAnUnknownDqnotifyVariableWithoutAStackTrace() {
    // Through Settings.load with the environment given, as ConfigOptions does with System.getenv().
    assertThatThrownBy(() -> ForwarderConfig.load(null, Map.of("DQNOTIFY_CONSUME_GROUP", "x"), REQUIRED))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DQNOTIFY_CONSUME_GROUP: is not the environment variable of a known setting")
        .hasMessageContaining("DQNOTIFY_CONSUME_GROUP_ID");
  }

  @Test
  void theForwardersOwnKafkaPropertiesWinOverPassThroughOnes() {
    ForwarderConfig config = load(Map.of("kafka.auto.offset.reset", "latest", "kafka.ssl.truststore.location", "/t.jks"));

    Map<String, Object> consumer = Stages.consumerProperties(config);
    assertThat(consumer).containsEntry("enable.auto.commit", false).containsEntry("group.id", "dq-forwarder")
        .containsEntry("auto.offset.reset", "latest").containsEntry("ssl.truststore.location", "/t.jks");
    assertThat(Stages.producerProperties(config)).containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true).containsEntry("ssl.truststore.location", "/t.jks");
    assertThat(Stages.rebuildConsumerProperties(config)).doesNotContainKey("group.id");
  }

  @Test
  void theReferenceListsEveryKey() {
    String reference = ForwarderConfig.reference();
    List<String> keys = ForwarderConfig.SETTINGS.stream().map(s -> s.key()).toList();

    assertThat(keys).allSatisfy(key -> assertThat(reference).contains("`" + key + "`"));
  }

  @Test
  void readsSilencesFromTheirKeys() {
    ForwarderConfig config = load(Map.of(
        "silence.store-42.match", "store=store-0042, event_type=~LATE_DATA|OUT_OF_RANGE",
        "silence.store-42.start", "2025-03-01T02:00:00Z",
        "silence.store-42.end", "2025-03-01T04:00:00Z",
        "silence.store-42.comment", "sensor swap, OPS-1234"));

    assertThat(config.silences()).singleElement().satisfies(silence -> {
      assertThat(silence.name()).isEqualTo("store-42");
      assertThat(silence.describeMatchers()).isEqualTo("store=store-0042, event_type=~LATE_DATA|OUT_OF_RANGE");
      assertThat(silence.comment()).isEqualTo("sensor swap, OPS-1234");
    });
    assertThat(load(Map.of()).silences()).isEmpty();
  }

  @Test
  void aMistakeInASilenceIsAConfigurationErrorNamingItsKey() {
    assertThatThrownBy(() -> load(Map.of("silence.s.match", "colour=blue", "silence.s.end", "2025-03-01T04:00:00Z",
        "silence.s.comment", "why")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("silence.s.match"))
        .hasMessageStartingWith("silence.s.match: 'colour=blue' has an unknown label 'colour'");
    assertThatThrownBy(() -> load(Map.of("silence.s.match", "team=a")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("silence.s.end"));
  }
}
