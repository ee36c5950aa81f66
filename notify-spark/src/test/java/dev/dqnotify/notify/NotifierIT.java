package dev.dqnotify.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.notify.example.OrdersJob;
import dev.dqnotify.notify.testing.LocalSpark;
import dev.dqnotify.notify.testing.Orders;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The library against the real broker and registry: what a streaming job writes, decoded. */
@ExtendWith(LocalStackExtension.class)
class NotifierIT {

  private final KafkaBroker kafka;
  private final SchemaRegistryServer registry;
  private final String orders = "orders-" + UUID.randomUUID();
  private final String outbox = "dq-events-" + UUID.randomUUID();

  NotifierIT(KafkaBroker kafka, SchemaRegistryServer registry) throws Exception {
    this.kafka = kafka;
    this.registry = registry;
    kafka.createTopics(2, orders, outbox);
    Orders.produce(kafka.bootstrapServers(), orders, Orders.sample());
  }

  private Map<String, DqEvent> decoded(List<ConsumerRecord<byte[], byte[]>> records) {
    // A fresh client: only the registry URL, as any Confluent reader has.
    AvroWireCodec<DqEvent> reader = AvroWireCodec.forSpecific(DqEvent.class,
        new SchemaRegistryClient(SchemaRegistryConfig.of(registry.confluentApiUrl())), outbox + "-value",
        RegistrationMode.LOOKUP_ONLY);
    return records.stream().collect(Collectors.toMap(Orders::key,
        r -> reader.decode(r.value()), (a, b) -> a.getSituationType().equals("PAYMENT_AMOUNT_NEGATIVE") ? a : b));
  }

  @Test
  void aStreamingJobWritesItsSituationsAsConfluentFramedDqEventsKeyedByEntity(@TempDir Path dir) throws Exception {
    StreamingQuery query = OrdersJob.start(LocalSpark.session(), kafka.bootstrapServers(), registry.confluentApiUrl(),
        orders, outbox, dir.resolve("checkpoint").toString(), Trigger.AvailableNow());
    assertThat(query.awaitTermination(120_000)).as("the query finished its available input").isTrue();

    List<ConsumerRecord<byte[], byte[]>> records = Orders.read(kafka.bootstrapServers(), outbox, 4, Duration.ofSeconds(30));

    assertThat(records).hasSize(4);
    assertThat(records).extracting(Orders::key).containsExactlyInAnyOrder("o-2", "o-3", "o-4", "o-4");
    Map<String, DqEvent> byOrder = decoded(records);
    DqEvent negative = byOrder.get("o-2");
    assertThat(negative.getEventType()).isEqualTo(DqEventType.JOB_DEFINED);
    assertThat(negative.getSituationType()).isEqualTo("PAYMENT_AMOUNT_NEGATIVE");
    assertThat(negative.getSummary()).isEqualTo("order o-2 has a negative payment amount -12.5 EUR");
    assertThat(negative.getLabels()).isEqualTo(Map.of("order_id", "o-2", "customer_id", "c-2"));
    assertThat(negative.getSource().getTopic()).isEqualTo(orders);
    assertThat(byOrder.get("o-3").getSituationType()).isEqualTo("ORDER_WITHOUT_CUSTOMER");
  }

  @Test
  void foreachBatchWritesTheSameIdsAgainWhenTheInputIsProcessedAgain(@TempDir Path dir) throws Exception {
    DqNotifier notifier = DqNotifier.builder().job("orders-enrich").team("payments").env("dev")
        .bootstrapServers(kafka.bootstrapServers()).registryUrl(registry.confluentApiUrl()).topic(outbox).build();
    Dataset<Row> stream = LocalSpark.session().readStream().format("kafka")
        .option("kafka.bootstrap.servers", kafka.bootstrapServers()).option("subscribe", orders)
        .option("startingOffsets", "earliest").load()
        .selectExpr("CAST(value AS STRING) AS order_id", "topic", "partition", "offset");
    Situation everyOrder = Situation.named("ORDER_SEEN").severity("INFO").labels("order_id").build();
    VoidFunction2<Dataset<Row>, Long> writeBatch = (batch, id) -> notifier.write(batch, everyOrder);

    for (String run : List.of("first", "second")) { // a fresh checkpoint: the input is processed again
      StreamingQuery query = stream.writeStream().foreachBatch(writeBatch)
          .option("checkpointLocation", dir.resolve(run).toString()).trigger(Trigger.AvailableNow()).start();
      assertThat(query.awaitTermination(120_000)).isTrue();
    }

    List<ConsumerRecord<byte[], byte[]>> records = Orders.read(kafka.bootstrapServers(), outbox, 8, Duration.ofSeconds(30));
    assertThat(records).hasSize(8);
    AvroWireCodec<DqEvent> reader = AvroWireCodec.forSpecific(DqEvent.class,
        new SchemaRegistryClient(SchemaRegistryConfig.of(registry.confluentApiUrl())), outbox + "-value",
        RegistrationMode.LOOKUP_ONLY);
    Map<String, Long> copiesById = records.stream().map(r -> reader.decode(r.value()).getEventId())
        .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    assertThat(copiesById).hasSize(4).allSatisfy((id, copies) -> assertThat(copies).isEqualTo(2L));
  }
}
