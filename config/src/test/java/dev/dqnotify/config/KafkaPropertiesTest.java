package dev.dqnotify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaPropertiesTest {
  private static final Set<String> SCOPES = Set.of("source.", "outbox.");

  @Test
  void acceptsConsumerProducerAndAdminPropertiesWithValidValues() {
    assertThatCode(() -> KafkaProperties.check("kafka.", Map.of("security.protocol", "SASL_SSL",
        "max.poll.records", "50", "linger.ms", "5", "acks", "all", "outbox.sasl.mechanism", "PLAIN"), SCOPES))
        .doesNotThrowAnyException();
  }

  @Test
  void aTypoNamesTheNearestPropertyWithItsPrefix() {
    assertThatThrownBy(() -> KafkaProperties.check("kafka.", Map.of("source.sasl.jaas.confg", "x"), SCOPES))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.source.sasl.jaas.confg: is not a Kafka client property")
        .hasMessageContaining("did you mean 'kafka.source.sasl.jaas.config'?");
  }

  @Test
  void aBadValueIsOneLineNamingKeyAndValue() {
    assertThatThrownBy(() -> KafkaProperties.check("kafka.", Map.of("security.protocol", "SASL_SSSL"), SCOPES))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.security.protocol: 'SASL_SSSL' is not valid")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> KafkaProperties.check("kafka.", Map.of("max.poll.records", "many"), SCOPES))
        .hasMessageStartingWith("kafka.max.poll.records: 'many' is not valid");
  }

  @Test
  void scopedPropertiesOverrideTheSharedOnesForTheirClusterOnly() {
    Map<String, String> all = Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "shared",
        "outbox.sasl.jaas.config", "outbox-only", "source.client.id", "reader");

    assertThat(KafkaProperties.scoped(all, SCOPES, "outbox.")).containsExactlyInAnyOrderEntriesOf(
        Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "outbox-only"));
    assertThat(KafkaProperties.scoped(all, SCOPES, "source.")).containsExactlyInAnyOrderEntriesOf(
        Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "shared", "client.id", "reader"));
  }
}
