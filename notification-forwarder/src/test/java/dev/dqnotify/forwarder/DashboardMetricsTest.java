package dev.dqnotify.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.forwarder.dlq.DeadLetter;
import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import dev.dqnotify.forwarder.testing.TestEvents;
import io.micrometer.core.instrument.Meter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The repository's dashboard shows only metrics the forwarder really emits, under their DogStatsD names. */
class DashboardMetricsTest {

  private static final Path DASHBOARD = Path.of("..", "deploy", "datadog", "dashboard.json");
  private static final Pattern METRIC = Pattern.compile("(?:^|[:(])(dqnotify\\.[a-z0-9_.]+?)(?:\\{|$)");

  @Test
  void everyMetricTheDashboardQueriesIsOneTheForwarderRegisters() throws Exception {
    Set<String> queried = queriedMetrics(new ObjectMapper().readTree(DASHBOARD.toFile()));
    assertThat(queried).as("metrics the dashboard queries").contains("dqnotify.forwarder.events.delivered",
        "dqnotify.forwarder.events.dead.lettered", "dqnotify.forwarder.events.retried",
        "dqnotify.forwarder.consumer.committed.lag", "dqnotify.forwarder.datadog.latency",
        "dqnotify.forwarder.end_to_end.latency");

    assertThat(registeredMetrics()).containsAll(queried);
  }

  private static Set<String> queriedMetrics(JsonNode dashboard) {
    Set<String> metrics = new TreeSet<>();
    List<JsonNode> queries = new ArrayList<>();
    dashboard.findValues("q").forEach(queries::add);
    assertThat(queries).isNotEmpty();
    for (JsonNode query : queries) {
      Matcher metric = METRIC.matcher(query.asText());
      assertThat(metric.find()).as("a dqnotify metric in %s", query).isTrue();
      metrics.add(metric.group(1));
    }
    return metrics;
  }

  /** The meters a forwarder registers once it has delivered, dead-lettered and measured lag. */
  private static Set<String> registeredMetrics() {
    ForwarderConfig config = ForwarderConfig.load(null, Map.of(),
        Map.of("consume.bootstrap-servers", "kafka:9092", "schema-registry.url", "http://registry:8081"));
    try (Stages stages = new Stages(config, Map.of("DD_API_KEY", "dashboard-test-key"), Clock.systemUTC())) {
      stages.deliverer(OptionalDouble.empty());
      ForwarderMetrics metrics = stages.metrics();
      metrics.delivered(new Notification("n-1", Map.of(), List.of(TestEvents.sample()), false));
      metrics.deadLettered(new ConsumerRecord<>("dq-events", 0, 7L, new byte[0], new byte[0]), "dq-events-dlq",
          DeadLetter.rejected(new dev.dqnotify.forwarder.deliver.FinalOutcome.Rejected(400, "bad")));
      metrics.commitLag(new TopicPartition("dq-events", 0), 3, Duration.ZERO);
      return stages.registry().getMeters().stream().map(Meter::getId).map(Meter.Id::getName)
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
