package dev.dqnotify.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.forwarder.testing.ForwarderScenario;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up checks against the real broker and the real registry (Apicurio). */
class PreflightIT extends ForwarderScenario {

  PreflightIT(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog) {
    super(kafka, registry, datadog, 1);
  }

  private ForwarderConfig config(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(harness.settings());
    settings.putAll(extra);
    return ForwarderConfig.load(null, Map.of(), settings);
  }

  @Test
  void passesWhenBothTopicsExistAndTheRegistryAnswers() {
    Preflight.check(config(Map.of()));
  }

  @Test
  void aMissingOutboxOrDeadLetterTopicIsAConfigurationErrorNamingTheSetting() {
    assertThatThrownBy(() -> Preflight.check(config(Map.of("dlq.topic", "no-such-dlq", "consume.topic",
        "no-such-outbox"))))
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.configuration()).isTrue())
        .hasMessageContaining("no-such-outbox (consume.topic) and no-such-dlq (dlq.topic) does not exist");
  }

  @Test
  void aRegistryUrlWithAWrongBasePathIsAConfigurationErrorNotAnEmptyRegistry() {
    String wrongPath = registry.confluentApiUrl().replace("/apis/ccompat/v7", "/apis/ccompat/v6x");

    assertThatThrownBy(() -> Preflight.check(config(Map.of("schema-registry.url", wrongPath))))
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.configuration()).isTrue())
        .hasMessageContaining("schema-registry.url");
  }

  @Test
  void aRegistryThatDoesNotAnswerIsAnOutageToRestartFromNotAConfigurationError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertThatThrownBy(() -> Preflight.check(config(Map.of("schema-registry.url",
        "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7"))))
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.configuration()).isFalse())
        .hasMessageContaining("did not answer");
  }
}
