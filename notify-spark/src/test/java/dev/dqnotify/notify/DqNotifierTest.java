package dev.dqnotify.notify;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.notify.testing.LocalSpark;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DqNotifierTest {

  private static final StructType ORDERS = new StructType()
      .add("order_id", DataTypes.StringType)
      .add("customer_id", DataTypes.StringType)
      .add("amount", DataTypes.DoubleType)
      .add("ordered_at", DataTypes.TimestampType)
      .add("topic", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType);

  private static final Situation NEGATIVE = Situation.named("PAYMENT_AMOUNT_NEGATIVE")
      .severity("ERROR")
      .when(col("amount").lt(0))
      .labels("order_id", "customer_id")
      .summary("order {order_id} has a negative payment amount {amount}")
      .details("amount")
      .eventTime("ordered_at")
      .build();

  private static final Situation NO_CUSTOMER = Situation.named("ORDER_WITHOUT_CUSTOMER")
      .when(col("customer_id").isNull())
      .labels("order_id")
      .build();

  private final SparkSession spark = LocalSpark.session();
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(42);
  private final DqNotifier notifier = DqNotifier.builder()
      .job("orders-enrich").team("payments").env("dev").bootstrapServers("unused:9092")
      .build(registry);
  private final AvroWireCodec<DqEvent> reader =
      AvroWireCodec.forDqEvents(registry, RegistrationMode.LOOKUP_ONLY);

  private Dataset<Row> orders() {
    Timestamp at = Timestamp.valueOf("2026-12-03 10:00:00");
    return spark.createDataFrame(List.of(
        RowFactory.create("o-1", "c-1", 20.0, at, "orders", 0, 10L),
        RowFactory.create("o-2", "c-2", -12.5, at, "orders", 0, 11L),
        RowFactory.create("o-3", null, 5.0, at, "orders", 1, 7L),
        RowFactory.create("o-4", null, -1.0, at, "orders", 1, 8L)), ORDERS);
  }

  private List<DqEvent> decode(Dataset<Row> records) {
    return records.collectAsList().stream().map(r -> reader.decode(r.getAs("value"))).collect(Collectors.toList());
  }

  @Test
  void writesOneJobDefinedDqEventPerMatchingRowAndSituation() {
    List<DqEvent> events = decode(notifier.events(orders(), NEGATIVE, NO_CUSTOMER));

    assertThat(events).extracting(DqEvent::getSituationType).containsExactlyInAnyOrder(
        "PAYMENT_AMOUNT_NEGATIVE", "PAYMENT_AMOUNT_NEGATIVE", "ORDER_WITHOUT_CUSTOMER", "ORDER_WITHOUT_CUSTOMER");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getEventType()).isEqualTo(DqEventType.JOB_DEFINED);
      assertThat(e.getJob()).isEqualTo("orders-enrich");
      assertThat(e.getTeam()).isEqualTo("payments");
      assertThat(e.getEnv()).isEqualTo("dev");
      assertThat(e.getStoreId()).isNull();
    });
  }

  @Test
  void fillsLabelsSummaryDetailsEventTimeAndSourceFromTheRow() {
    DqEvent o2 = decode(notifier.events(orders(), NEGATIVE)).stream()
        .filter(e -> e.getLabels().get("order_id").equals("o-2")).findFirst().orElseThrow();

    assertThat(o2.getSeverity()).isEqualTo(Severity.ERROR);
    assertThat(o2.getLabels()).isEqualTo(Map.of("order_id", "o-2", "customer_id", "c-2"));
    assertThat(o2.getSummary()).isEqualTo("order o-2 has a negative payment amount -12.5");
    assertThat(o2.getDetails()).isEqualTo(Map.of("amount", "-12.5"));
    assertThat(o2.getEventTime()).isEqualTo(Timestamp.valueOf("2026-12-03 10:00:00").toInstant());
    assertThat(o2.getSource().getTopic()).isEqualTo("orders");
    assertThat(o2.getSource().getOffset()).isEqualTo(11L);
  }

  @Test
  void leavesANullLabelOutAndKeysTheRecordByTheFirstLabel() {
    List<Row> records = notifier.events(orders(), NEGATIVE).collectAsList();
    Row o4 = records.stream().filter(r -> reader.decode(r.getAs("value")).getLabels().get("order_id").equals("o-4"))
        .findFirst().orElseThrow();

    assertThat(reader.decode(o4.getAs("value")).getLabels()).isEqualTo(Map.of("order_id", "o-4"));
    assertThat(new String((byte[]) o4.getAs("key"), StandardCharsets.UTF_8)).isEqualTo("o-4");
  }

  @Test
  void givesTheSameIdsWhenTheSameInputIsProcessedAgainAndDifferentOnesPerSituation() {
    List<String> first = decode(notifier.events(orders(), NEGATIVE, NO_CUSTOMER)).stream()
        .map(DqEvent::getEventId).sorted().collect(Collectors.toList());
    List<String> again = decode(notifier.events(orders(), NEGATIVE, NO_CUSTOMER)).stream()
        .map(DqEvent::getEventId).sorted().collect(Collectors.toList());

    assertThat(again).isEqualTo(first);
    assertThat(first).doesNotHaveDuplicates().hasSize(4);
    assertThat(first).contains(DqEventEncoder.eventId("orders-enrich", "PAYMENT_AMOUNT_NEGATIVE", "orders/0/11"));
  }

  @Test
  void identifiesRowsByAUserKeyWhenTheDataHasNoSourceCoordinates() {
    Situation byKey = Situation.named("ORDER_WITHOUT_CUSTOMER").when(col("customer_id").isNull())
        .labels("order_id").identifiedBy("order_id").build();
    Dataset<Row> noSource = orders().drop("topic", "partition", "offset");

    List<DqEvent> events = decode(notifier.events(noSource, byKey));

    assertThat(events).extracting(DqEvent::getEventId).containsExactlyInAnyOrder(
        DqEventEncoder.eventId("orders-enrich", "ORDER_WITHOUT_CUSTOMER", "o-3"),
        DqEventEncoder.eventId("orders-enrich", "ORDER_WITHOUT_CUSTOMER", "o-4"));
    assertThat(events).allSatisfy(e -> assertThat(e.getSource()).isNull());
  }

  @Test
  void treatsEveryRowAsTheSituationWhenNoConditionIsGiven() {
    Situation everyRow = Situation.named("ORDER_SEEN").labels("order_id").build();

    assertThat(decode(notifier.events(orders(), everyRow))).hasSize(4);
  }

  @Test
  void namesTheMissingColumnAndTheDataColumns() {
    Situation typo = Situation.named("X").labels("order").build();

    assertThatThrownBy(() -> notifier.events(orders(), typo))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label order column 'order' is not in the data")
        .hasMessageContaining("order_id");
  }

  @Test
  void asksForAnIdentityWhenTheDataHasNoSourceCoordinates() {
    assertThatThrownBy(() -> notifier.events(orders().drop("offset"), NO_CUSTOMER))
        .hasMessageContaining("no Kafka source coordinates").hasMessageContaining("identifiedBy");
  }

  @Test
  void failsFastOnAMissingSetting() {
    assertThatThrownBy(() -> DqNotifier.builder().job("j").team("t").bootstrapServers("b:1").build(registry))
        .hasMessageContaining("env is required");
    assertThatThrownBy(() -> DqNotifier.builder().job("j").team("t").env("e").bootstrapServers("b:1").build())
        .hasMessageContaining("registryUrl is required");
  }

  @Test
  void registersTheSchemaOnceOnTheDriverAndWritesItsIdInEveryRecord() {
    byte[] value = notifier.events(orders(), NEGATIVE).first().getAs("value");

    assertThat(notifier.schemaId()).isEqualTo(42);
    assertThat(value[0]).isZero();
    assertThat(java.nio.ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(42);
  }

  @Test
  void writeFailsTheBatchNamingTheOutageOnceTheOutboxStayedUnwritableForMaxOutage() {
    // Nothing listens on port 1: every send waits max.block.ms for metadata and fails, retriably.
    DqNotifier unreachable = DqNotifier.builder().job("orders-enrich").team("payments").env("dev")
        .bootstrapServers("127.0.0.1:1").kafkaProperty("max.block.ms", "300").maxOutage(Duration.ofSeconds(2))
        .build(registry);
    long started = System.nanoTime();

    assertThatThrownBy(() -> unreachable.write(orders(), NO_CUSTOMER))
        .hasMessageContaining("could not be written for 2 s (maxOutage)")
        .hasMessageContaining("writes the same event ids");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("it retried up to the bound")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesAnOutageBoundThatIsNotPositive() {
    assertThatThrownBy(() -> DqNotifier.builder().maxOutage(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOutage must be a positive duration");
  }
}
