package dev.dqnotify.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.kafka.DqEventSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What our serializer writes to a real broker is read by an independent client — Confluent's own
 * Python client ({@code confluent_kafka.avro.AvroConsumer}, Debian's python3-confluent-kafka) —
 * with nothing but the registry URL. This is the contract's promise to every other reader.
 */
@ExtendWith(LocalStackExtension.class)
class ConfluentPythonInteropIT {

  private static final String PYTHON = "/usr/bin/python3";
  private static final Path SCRIPT = Paths.get("src", "test", "python", "confluent_decode.py");

  @Test
  void confluentsPythonClientDecodesWhatOurSerializerWrote(KafkaBroker kafka, SchemaRegistryServer registry)
      throws Exception {
    requirePythonClient();
    String topic = "interop-dq-events";
    kafka.createTopics(2, topic);
    List<DqEvent> sent = List.of(DqEvents.sample(), DqEvents.minimal(), withId(DqEvents.sample(), "ev-3", "store-0007"));

    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put("schema.registry.url", registry.confluentApiUrl());
    try (DqEventSerializer serializer = new DqEventSerializer();
        KafkaProducer<String, DqEvent> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
      serializer.configure(config, false);
      for (DqEvent event : sent) {
        String key = event.getStoreId() == null ? "_unknown" : event.getStoreId();
        producer.send(new ProducerRecord<>(topic, key, event)).get(30, TimeUnit.SECONDS);
      }
    }

    List<JsonNode> decoded = runPython(kafka.bootstrapServers(), topic, registry.confluentApiUrl(), sent.size());

    Map<String, JsonNode> byId = new HashMap<>();
    decoded.forEach(node -> byId.put(node.get("value").get("event_id").asText(), node));
    assertThat(byId).containsOnlyKeys("ev-0f1e2d3c4b5a", "ev-minimal", "ev-3");

    JsonNode full = byId.get("ev-0f1e2d3c4b5a");
    assertThat(full.get("key").asText()).isEqualTo("store-0042");
    JsonNode value = full.get("value");
    assertThat(value.get("event_type").asText()).isEqualTo("INSUFFICIENT_DATA_POINTS");
    assertThat(value.get("severity").asText()).isEqualTo("WARNING");
    assertThat(value.get("detected_at").asText()).startsWith("2025-03-01 12:00:05.123");
    assertThat(value.get("event_time").asText()).startsWith("2025-03-01 11:59:00");
    assertThat(value.get("source").get("offset").asLong()).isEqualTo(123_456_789_012L);
    assertThat(value.get("details").get("raw_excerpt").asText()).isEqualTo("{\"store\":\"store-0042\",\"temp\":21.5}");
    assertThat(value.get("summary").asText()).isEqualTo(DqEvents.sample().getSummary());

    JsonNode minimal = byId.get("ev-minimal").get("value");
    assertThat(minimal.get("store_id").isNull()).isTrue();
    assertThat(minimal.get("source").isNull()).isTrue();
    assertThat(byId.get("ev-minimal").get("key").asText()).isEqualTo("_unknown");
  }

  private static DqEvent withId(DqEvent event, String id, String store) {
    return DqEvent.newBuilder(event).setEventId(id).setStoreId(store).build();
  }

  private static List<JsonNode> runPython(String bootstrap, String topic, String registryUrl, int expected)
      throws IOException, InterruptedException {
    Process python = new ProcessBuilder(PYTHON, SCRIPT.toString(), bootstrap, topic, registryUrl,
        Integer.toString(expected), "60")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as("python output:\n%s", out).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(json.readTree(line));
      }
    }
    return nodes;
  }

  /** CI installs the client (.ci/run); elsewhere a missing client skips the test with a hint. */
  private static void requirePythonClient() throws IOException, InterruptedException {
    Process probe = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka.avro, requests")
        .redirectErrorStream(true).start();
    boolean available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    String hint = "Confluent's Python client is missing: apt-get install python3-confluent-kafka python3-avro python3-requests";
    if (!available && System.getenv("CI") != null) {
      Assertions.fail(hint);
    }
    Assumptions.assumeTrue(available, hint);
  }
}
