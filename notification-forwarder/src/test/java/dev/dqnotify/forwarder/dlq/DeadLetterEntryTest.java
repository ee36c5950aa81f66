package dev.dqnotify.forwarder.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.dlq.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterEntryTest {

  private static DeadLetterEntry letter(Map<String, String> errors) {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("dq-events-dlq", 0, 7L, null, new byte[] {1});
    errors.forEach((name, value) -> record.headers().add(DeadLetterFormat.PREFIX + name,
        value.getBytes(StandardCharsets.UTF_8)));
    return DeadLetterEntry.of(record);
  }

  @Test
  void aDatadogRejectionReadsAsDatadogsAnswerWithoutAClassName() {
    DeadLetterEntry rejected = letter(Map.of("stage", "deliver",
        "exception.class", "dev.dqnotify.forwarder.deliver.FinalOutcome$Rejected",
        "exception.message", "Datadog rejected the event with HTTP 400: {\"errors\":[\"Event too far in the past\"]}",
        "http.status", "400"));

    assertThat(rejected.reason())
        .isEqualTo("Datadog rejected the event with HTTP 400: {\"errors\":[\"Event too far in the past\"]}");
  }

  @Test
  void aFailureReadsAsWhatTheStageCouldNotDoAndTheMessage() {
    DeadLetterEntry undecodable = letter(Map.of("stage", "decode",
        "exception.class", "dev.dqnotify.schemas.codec.WireFormatException",
        "exception.message", "not the Confluent wire format: first byte 0x7b, expected 0x00"));

    assertThat(undecodable.reason())
        .isEqualTo("cannot decode: not the Confluent wire format: first byte 0x7b, expected 0x00");
  }

  @Test
  void aFailureWithoutAMessageNamesItsKindInWordsNotAsAJavaClass() {
    DeadLetterEntry render = letter(Map.of("stage", "render", "exception.class", "java.lang.NullPointerException",
        "exception.message", "null"));

    assertThat(render.reason()).isEqualTo("cannot render: null pointer exception");
  }
}
