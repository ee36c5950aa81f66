package dev.dqnotify.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client's settings: ours, or Confluent's own names, each thing once; checked at load. */
class RegistrySettingsTest {
  private static final Map<String, String> WITHOUT_REGISTRY = Map.of(
      "source.bootstrap-servers", "kafka:9092", "stores.metadata-path", "stores.csv",
      "sink.curated-path", "/data/curated", "checkpoint.path", "/data/checkpoint");

  private static IngestJobConfig load(Map<String, String> environment, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(WITHOUT_REGISTRY);
    all.putAll(settings);
    return IngestJobConfig.load(null, environment, all);
  }

  @Test
  void confluentsNamesConfigureTheRegistryClientAsOursDo() {
    IngestJobConfig theirs = load(Map.of(), Map.of("schema.registry.url", "https://registry:8081",
        "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "reader:their-pw-4242"));
    IngestJobConfig ours = load(Map.of(), Map.of("schema-registry.url", "https://registry:8081",
        "schema-registry.basic-auth-user-info", "reader:their-pw-4242"));

    assertThat(theirs.schemaRegistryConfig().baseUrl()).isEqualTo(ours.schemaRegistryConfig().baseUrl());
    assertThat(theirs.schemaRegistryConfig().basicAuth()).isEqualTo(ours.schemaRegistryConfig().basicAuth())
        .hasValueSatisfying(credentials -> assertThat(credentials.user()).isEqualTo("reader"));
    assertThat(theirs.toString()).doesNotContain("their-pw-4242");
    assertThat(theirs.redaction().mask("401 for reader:their-pw-4242")).doesNotContain("their-pw-4242");
  }

  @Test
  void theSameThingUnderBothNamesIsRefused() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("schema-registry.url", "http://a:8081",
        "schema.registry.url", "http://b:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("schema.registry.url: names the same thing as schema-registry.url; give one of them");
  }

  @Test
  void aMistypedConfluentNameIsRefusedWithTheNearestOne() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("schema-registry.url", "https://registry:8081",
        "schema.registry.ssl.trustore.location", "/etc/trust.p12")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.ssl.trustore.location: is not a schema registry client property; "
            + "did you mean 'schema.registry.ssl.truststore.location'?");
  }

  @Test
  void aTrustStoreThatIsNotThereStopsTheJobAtLoadNamingTheKey(@TempDir Path dir) {
    assertThatThrownBy(() -> load(Map.of(), Map.of("schema-registry.url", "https://registry:8081",
        "schema.registry.ssl.truststore.location", dir.resolve("trust.p12").toString(),
        "schema.registry.ssl.truststore.password", "trust-pw-7777")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("schema.registry.ssl.truststore.location")
        .hasMessageContaining("trust.p12 does not exist").hasMessageNotContaining("trust-pw-7777");
  }

  @Test
  void aTlsPasswordCanComeFromAFileNamedInTheEnvironment(@TempDir Path dir) throws Exception {
    Path password = Files.writeString(dir.resolve("pw"), "trust-pw-8888\n");

    // No location: the password was read, and is refused as orphaned, without showing it.
    assertThatThrownBy(() -> load(Map.of("DQNOTIFY_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD_FILE", password.toString()),
        Map.of("schema-registry.url", "https://registry:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("schema.registry.ssl.truststore.password: is given without schema.registry.ssl.truststore.location");
  }

  @Test
  void aBadRegistryUrlIsRefusedAtLoadUnderTheKeyThatWasGiven() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("schema-registry.url", "ftp://u:url-pw-3131@registry/x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("schema-registry.url: ")
        .hasMessageContaining("http or https").hasMessageNotContaining("url-pw-3131");
  }
}
