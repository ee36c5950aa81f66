package dev.dqnotify.forwarder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.forwarder.testing.ChildForwarder;
import dev.dqnotify.forwarder.testing.CommandRun;
import dev.dqnotify.forwarder.testing.ForwarderScenario;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static dev.dqnotify.forwarder.testing.ForwarderHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code dq-forwarder run} as a process: crashes, SIGTERM, and what it writes to its logs. */
class ForwarderProcessIT extends ForwarderScenario {

  private static final int MAX_IN_FLIGHT = 2;
  private static final int MAX_PENDING = 6;

  private final List<ChildForwarder> children = new ArrayList<>();

  ForwarderProcessIT(KafkaBroker kafka, SchemaRegistryServer registry, DatadogSimulator datadog) {
    super(kafka, registry, datadog, 2);
  }

  @AfterEach
  void stopEverything() {
    children.forEach(ChildForwarder::close);
  }

  private ChildForwarder start(Map<String, String> extra, String apiKey) {
    Map<String, String> settings = new HashMap<>(harness.settings());
    settings.putAll(extra);
    ChildForwarder child = ChildForwarder.start(settings, Map.of("DD_API_KEY", apiKey));
    children.add(child);
    return child;
  }

  @Test
  void aKilledForwarderLosesNothingAndRepeatsOnlyWhatItHadNotCommitted() throws Exception {
    String apiKey = "dd-" + UUID.randomUUID();
    datadog.setApiKey(apiKey);
    // Slow answers keep requests in flight, so the kill lands in the middle of deliveries.
    datadog.faults().latency(Duration.ofMillis(150));
    List<DqEvent> events = TestEvents.events("crash", 40, 4);
    Map<String, RecordMetadata> where = harness.produce(events);
    // The killed member stays in the group until its session times out: keep that short.
    Map<String, String> limits = Map.of("deliver.max-in-flight", Integer.toString(MAX_IN_FLIGHT),
        "consume.max-pending-records", Integer.toString(MAX_PENDING), "kafka.session.timeout.ms", "6000",
        "kafka.heartbeat.interval.ms", "1000");

    ChildForwarder first = start(limits, apiKey);
    await().atMost(PATIENCE).until(() -> harness.deliveredCounts().size() >= 12);
    first.kill();
    Map<TopicPartition, Long> committedAtKill = harness.committedOffsets();
    assertThat(harness.deliveredCounts().size()).as("the kill came before the end").isLessThan(40);
    datadog.faults().clear();

    // Commits only when the partitions go: proves SIGTERM commits what was delivered.
    Map<String, String> second = new HashMap<>(limits);
    second.put("consume.commit-interval", "1h");
    ChildForwarder restarted = start(second, apiKey);
    harness.awaitDelivered(where.keySet());
    long uncommitted = harness.endOffsets().entrySet().stream()
        .mapToLong(e -> e.getValue() - committedAtKill.getOrDefault(e.getKey(), 0L)).sum();
    await().atMost(PATIENCE).until(() -> restarted.metric("dqnotify_forwarder_events_consumed_total").orElse(0)
        >= uncommitted);
    assertThat(restarted.terminate()).as("exit code after SIGTERM").isZero();
    assertThat(harness.committedOffsets()).isEqualTo(harness.endOffsets());

    Map<String, Integer> counts = harness.deliveredCounts();
    List<String> duplicates = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    assertThat(counts).hasSize(40).allSatisfy((id, count) -> assertThat(count).isBetween(1, 2));
    assertThat(duplicates).as("only records at or after the committed offset are delivered again")
        .allSatisfy(id -> {
          RecordMetadata record = where.get(id);
          long committed = committedAtKill.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L);
          assertThat(record.offset()).isGreaterThanOrEqualTo(committed);
        })
        .hasSizeLessThanOrEqualTo(MAX_IN_FLIGHT + MAX_PENDING);
    assertThat(restarted.output()).anyMatch(line -> line.contains("Committed") && line.contains("at shutdown"));
  }

  @Test
  void theApiKeyRegistryPasswordAndKafkaPasswordsAppearNowhereInTheLogs() throws Exception {
    String apiKey = "dd-" + UUID.randomUUID();
    String registryPassword = "pw-" + UUID.randomUUID();
    datadog.setApiKey(apiKey);
    // Kafka passwords too: the broker is plaintext, so they are carried (and dumped) but not used.
    String jaasPassword = "jaas-" + UUID.randomUUID();
    String truststorePassword = "ts-" + UUID.randomUUID();
    ChildForwarder child = start(Map.of("log.json", "true",
        "schema-registry.basic-auth-user-info", "reader:" + registryPassword,
        "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"fwd\" password=\"" + jaasPassword + "\";",
        "kafka.ssl.truststore.password", truststorePassword), apiKey);
    harness.produce(TestEvents.events("secret-a", 3, 2));
    harness.awaitDelivered(List.of("secret-a-0", "secret-a-1", "secret-a-2"));

    // A rejected key is where a careless client would print it.
    datadog.setApiKey("another-key");
    harness.produce(List.of(TestEvents.event("secret-b", "store-0001")));
    await().atMost(PATIENCE).until(() -> datadog.responsesByStatus().getOrDefault(403, 0) >= 2);
    datadog.setApiKey(apiKey);
    harness.awaitDelivered(List.of("secret-b"));
    assertThat(child.terminate()).isZero();

    List<String> output = child.output();
    assertThat(output).isNotEmpty().noneMatch(line -> line.contains(apiKey))
        .noneMatch(line -> line.contains(registryPassword)).noneMatch(line -> line.contains(jaasPassword))
        .noneMatch(line -> line.contains(truststorePassword));
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> logLines = new ArrayList<>();
    for (String line : output) {
      if (line.startsWith("{")) {
        logLines.add(json.readTree(line));
      }
    }
    assertThat(logLines).as("structured log lines").hasSizeGreaterThan(5)
        .allSatisfy(node -> assertThat(node.has("status") && node.has("message") && node.at("/logger/name").isTextual()
            && node.at("/logger/thread_name").isTextual() && node.path("service").asText().equals("dq-forwarder"))
            .as("Datadog's attributes in %s", node).isTrue());
    assertThat(logLines).anyMatch(node -> node.path("message").asText().contains("Starting dq-forwarder"));
  }

  @Test
  void theHealthCommandSaysUpAndReadyForARunningForwarderAndDownOnceItStopped() throws Exception {
    String apiKey = "dd-" + UUID.randomUUID();
    datadog.setApiKey(apiKey);
    ChildForwarder child = start(Map.of(), apiKey);
    String port = Integer.toString(child.telemetryPort());

    await().atMost(PATIENCE).until(() -> CommandRun.of(new HealthCommand(), Map.of(), "--ready", "--port", port)
        .exitCode() == 0);
    CommandRun alive = CommandRun.of(new HealthCommand(), Map.of("telemetry.http-port", port));
    assertThat(alive.exitCode()).as(alive.toString()).isZero();
    assertThat(alive.out()).startsWith("UP: http://127.0.0.1:" + port + "/health answered 200");

    assertThat(child.terminate()).isZero();
    CommandRun gone = CommandRun.of(new HealthCommand(), Map.of(), "--port", port);
    assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(HealthCommand.UNHEALTHY);
    assertThat(gone.out()).startsWith("NOT UP: nothing answers at http://127.0.0.1:" + port + "/health");
  }

  @Test
  void exitsWithTwoAndNamesTheFixWhenTheDeadLetterTopicIsMissing() throws Exception {
    ChildForwarder child = start(Map.of("dlq.topic", harness.topic() + "-no-such-dlq"), "dd-unused");

    assertThat(child.awaitExit(PATIENCE)).as("exit code of a missing topic").isEqualTo(2);
    assertThat(child.output()).anyMatch(line -> line.contains("dq-forwarder cannot start")
        && line.contains(harness.topic() + "-no-such-dlq (dlq.topic) does not exist"));
  }
}
