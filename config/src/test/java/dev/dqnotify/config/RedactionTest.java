package dev.dqnotify.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
      + "username=\"ingest\" password=\"jaas-pw-123\";";

  @Test
  void kafkaPasswordPropertiesAreSecretAlsoUnderAPrefixOrScope() {
    assertThat(Redaction.isSecretKey("sasl.jaas.config")).isTrue();
    assertThat(Redaction.isSecretKey("kafka.ssl.truststore.password")).isTrue();
    assertThat(Redaction.isSecretKey("kafka.outbox.ssl.key.password")).isTrue();
    assertThat(Redaction.isSecretKey("kafka.source.ssl.keystore.key")).isTrue();
    assertThat(Redaction.isSecretKey("schema-registry.basic-auth-user-info")).isTrue();
    assertThat(Redaction.isSecretKey("kafka.security.protocol")).isFalse();
    assertThat(Redaction.isSecretKey("kafka.ssl.keystore.location")).isFalse();
    assertThat(Redaction.isSecretKey("kafka.key.serializer")).isFalse();
  }

  @Test
  void masksUserInfoOfEveryUrlInAText() {
    assertThat(Redaction.maskUserInfo("registry http://reg-user:reg-pw@host:8081/apis and https://a:b@c/"))
        .isEqualTo("registry http://<masked>@host:8081/apis and https://<masked>@c/");
    assertThat(Redaction.maskUserInfo("http://host:8081/path?x=a@b")).isEqualTo("http://host:8081/path?x=a@b");
  }

  @Test
  void masksTheKnownSecretValuesWhereverTheyTurnUp() {
    Redaction redaction = Redaction.of(Map.of("kafka.sasl.jaas.config", JAAS, "kafka.ssl.key.password", "key-pw-456",
        "schema-registry.url", "http://reg-user:reg-pw-789@host/", "kafka.security.protocol", "SASL_SSL"));

    String masked = redaction.mask("login failed for password jaas-pw-123; key key-pw-456; reg-pw-789; SASL_SSL");

    assertThat(masked).doesNotContain("jaas-pw-123", "key-pw-456", "reg-pw-789").contains("<masked>", "SASL_SSL");
  }

  @Test
  void describesARecordWithItsSecretsMasked() {
    record Sample(String url, Map<String, String> kafka, Optional<Secret> auth, int port) {}

    String text = Redaction.describe(new Sample("http://u:url-pw@h/", Map.of("sasl.jaas.config", JAAS,
        "security.protocol", "SASL_SSL"), Optional.of(Secret.of("auth-pw")), 9092));

    assertThat(text).doesNotContain("url-pw", "jaas-pw-123", "auth-pw")
        .contains("Sample[url=http://<masked>@h/", "sasl.jaas.config=<masked>", "security.protocol=SASL_SSL",
            "port=9092");
  }
}
