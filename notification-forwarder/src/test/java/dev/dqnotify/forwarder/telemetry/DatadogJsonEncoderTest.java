package dev.dqnotify.forwarder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.config.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatadogJsonEncoderTest {

  private static final String PASSWORD = "s3cr3t-registry-pw";
  private static final Redaction REDACTION =
      Redaction.of(Map.of("schema-registry.basic-auth-user-info", "reader:" + PASSWORD)).with(List.of("dd-api-key-1234"));

  private final Logger logger = new LoggerContext().getLogger("dev.dqnotify.forwarder.deliver.RetryingDeliverer");

  private JsonNode encode(LoggingEvent event) throws Exception {
    DatadogJsonEncoder encoder = new DatadogJsonEncoder("dq-forwarder", Optional.of("prod"), REDACTION);
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).endsWith("}\n").doesNotContain("\n{");
    return new ObjectMapper().readTree(line);
  }

  @Test
  void writesOneJsonLineWithDatadogsReservedAndStandardAttributes() throws Exception {
    LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "Datadog did not take {} on attempt {}", null,
        new Object[] {"notification n-1", 2});
    event.setThreadName("dqnotify-deliver-1");

    JsonNode line = encode(event);

    assertThat(line.get("message").asText()).isEqualTo("Datadog did not take notification n-1 on attempt 2");
    assertThat(line.get("status").asText()).isEqualTo("WARN");
    assertThat(line.get("service").asText()).isEqualTo("dq-forwarder");
    assertThat(line.get("env").asText()).isEqualTo("prod");
    assertThat(line.at("/logger/name").asText()).isEqualTo("dev.dqnotify.forwarder.deliver.RetryingDeliverer");
    assertThat(line.at("/logger/thread_name").asText()).isEqualTo("dqnotify-deliver-1");
    assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(line.has("error")).isFalse();
  }

  @Test
  void masksSecretsInTheMessageAndTheErrorAndNamesTheErrorsKind() throws Exception {
    LoggingEvent event = new LoggingEvent("fqcn", logger, Level.ERROR,
        "registry said no to reader:" + PASSWORD + " and key dd-api-key-1234",
        new IllegalStateException("refused http://reader:" + PASSWORD + "@registry:8081"), null);

    JsonNode line = encode(event);

    assertThat(line.toString()).doesNotContain(PASSWORD).doesNotContain("dd-api-key-1234");
    assertThat(line.get("message").asText()).isEqualTo("registry said no to <masked> and key <masked>");
    assertThat(line.at("/error/kind").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(line.at("/error/message").asText()).isEqualTo("refused http://<masked>@registry:8081");
    assertThat(line.at("/error/stack").asText()).contains("DatadogJsonEncoderTest");
  }
}
