package dev.dqnotify.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.monitors.MonitorsCommand;
import dev.dqnotify.forwarder.testing.ForwarderHarness;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.Notification;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.DqEvent;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A job that is not about sensors, end to end: the notify-spark library's example orders job
 * (its own JVM, real Spark) → the outbox → the real forwarder → the Datadog simulator → the route
 * monitors of a routes file that matches the job's own situation types and a label → Teams handles.
 */
@ExtendWith(LocalStackExtension.class)
class OrdersJobTeamsIT {

  private static final String ROUTES =
      """
      routes:
        - name: payments
          match: {job: orders-enrich, situation_type: [PAYMENT_AMOUNT_NEGATIVE, ORDER_WITHOUT_CUSTOMER]}
          notify: ["@teams-payments-dq"]
        - name: key-account-c-2
          match: {labels: {customer_id: c-2}}
          notify: ["@teams-key-accounts"]
      """;

  private static final List<String> ORDERS = List.of(
      order("o-1", "\"c-1\"", 20.0),   // fine
      order("o-2", "\"c-2\"", -12.5),  // negative amount, key-account customer
      order("o-3", "null", 5.0),         // no customer
      order("o-4", "null", -1.0));       // both

  private static MutableClock datadogClock;
  private static DatadogSimulator datadog;

  private final KafkaBroker kafka;
  private final SchemaRegistryServer registry;
  private final ForwarderHarness harness;

  @TempDir Path dir;

  OrdersJobTeamsIT(KafkaBroker kafka, SchemaRegistryServer registry) {
    this.kafka = kafka;
    this.registry = registry;
    this.harness = new ForwarderHarness(kafka, registry, datadog, 2);
  }

  @BeforeAll
  static void startDatadog() {
    datadogClock = new MutableClock(Instant.now());
    datadog = DatadogSimulator.builder().apiKey(LocalStack.SIMULATOR_API_KEY).clock(datadogClock).start();
  }

  @AfterAll
  static void stopDatadog() {
    datadog.close();
  }

  @AfterEach
  void closeHarness() {
    harness.close();
  }

  @Test
  void theOrdersJobsSituationsReachTheTeamsHandlesOfTheRoutesThatMatchTheirTypeAndLabel() throws Exception {
    applyRoutes();
    String orders = "orders-" + UUID.randomUUID();
    kafka.createTopics(2, orders);
    produce(orders);

    runOrdersJob(orders, harness.topic());
    List<DqEvent> written = harness.records(harness.topic()).stream().map(r -> harness.decode(r.value())).toList();
    assertThat(written).extracting(e -> e.getSituationType() + " " + e.getLabels().get("order_id"))
        .containsExactlyInAnyOrder("PAYMENT_AMOUNT_NEGATIVE o-2", "PAYMENT_AMOUNT_NEGATIVE o-4",
            "ORDER_WITHOUT_CUSTOMER o-3", "ORDER_WITHOUT_CUSTOMER o-4");

    harness.start(Map.of("group.mode", "per-event"));
    harness.awaitDelivered(written.stream().map(DqEvent::getEventId).toList());
    datadogClock.advance(Duration.ofSeconds(30));
    datadog.evaluateMonitors();

    Map<String, Set<String>> handlesByOrderAndType = new TreeMap<>();
    for (Notification alert : datadog.notifications()) {
      if (alert.transition() != Notification.Transition.ALERT) {
        continue;
      }
      String id = alert.group().substring(alert.group().indexOf(':') + 1);
      DqEvent event = written.stream().filter(e -> e.getEventId().equals(id)).findFirst().orElseThrow();
      handlesByOrderAndType.computeIfAbsent(event.getLabels().get("order_id") + " " + event.getSituationType(),
          k -> new TreeSet<>()).add(alert.handle());
      assertThat(alert.message()).contains(event.getSummary()).doesNotContain("{{");
    }
    assertThat(handlesByOrderAndType).isEqualTo(Map.of(
        "o-2 PAYMENT_AMOUNT_NEGATIVE", Set.of("@teams-payments-dq", "@teams-key-accounts"),
        "o-3 ORDER_WITHOUT_CUSTOMER", Set.of("@teams-payments-dq"),
        "o-4 PAYMENT_AMOUNT_NEGATIVE", Set.of("@teams-payments-dq"),
        "o-4 ORDER_WITHOUT_CUSTOMER", Set.of("@teams-payments-dq")));
    assertThat(datadog.notifications().stream().filter(n -> n.transition() == Notification.Transition.ALERT))
        .as("each handle once per notification").hasSize(5);
  }

  private void applyRoutes() throws Exception {
    datadog.reset();
    Path routes = Files.writeString(dir.resolve("monitors.yaml"), ROUTES);
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new MonitorsCommand(
        Map.of("DD_API_KEY", LocalStack.SIMULATOR_API_KEY, "DD_APP_KEY", "e2e-app-key")));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(out, true));
    assertThat(command.execute("apply", "--file", routes.toString(), "--datadog-url", datadog.baseUrl()))
        .as(out.toString()).isZero();
  }

  private void produce(String topic) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      for (String value : ORDERS) {
        producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** The example job in a JVM of its own, as spark-submit would run it, over the orders there are. */
  private void runOrdersJob(String ordersTopic, String outboxTopic) throws Exception {
    Path target = Path.of(System.getProperty("dqnotify.notify-spark.dir", "../notify-spark/target"));
    String classpath = String.join(File.pathSeparator, target.resolve("test-classes").toString(),
        target.resolve("classes").toString(), Files.readString(target.resolve("test-classpath.txt")).strip());
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
        "-Dspark.testing.memory=536870912"));
    command.addAll(List.of(System.getProperty("spark.java17.opens", "").split("\\s+")));
    command.addAll(List.of("-cp", classpath, "dev.dqnotify.notify.example.OrdersJobMain", kafka.bootstrapServers(),
        registry.confluentApiUrl(), ordersTopic, outboxTopic, dir.resolve("checkpoint").toString()));
    command.removeIf(String::isEmpty);
    Path log = dir.resolve("orders-job.log");
    Process job = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertThat(job.waitFor(240, TimeUnit.SECONDS)).as("the orders job finished; log " + log).isTrue();
      assertThat(job.exitValue()).as(() -> "the orders job's exit code; its log:\n" + tail(log)).isZero();
    } finally {
      job.destroyForcibly();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n"));
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }

  private static String order(String id, String customer, double amount) {
    return "{\"order_id\":\"" + id + "\",\"customer_id\":" + customer + ",\"amount\":" + amount
        + ",\"currency\":\"EUR\",\"ordered_at\":\"2026-12-03T10:00:00Z\"}";
  }
}
