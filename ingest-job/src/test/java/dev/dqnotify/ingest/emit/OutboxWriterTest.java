package dev.dqnotify.ingest.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.detect.Situation;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.notify.outbox.OutboxFormat;
import dev.dqnotify.notify.outbox.OutboxProducer;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor job's situations through the library's outbox: one DqEvent each, keyed by store,
 * counted by type. The retries are notify-spark's ({@code OutboxProducerTest}).
 */
class OutboxWriterTest {
  @TempDir Path dir;
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(7);
  private final MockProducer<byte[], byte[]> kafka =
      new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<Duration> pauses = new ArrayList<>();

  private OutboxWriter writer() throws Exception {
    Path stores = Files.writeString(dir.resolve("stores.csv"), "store_id,name,size_class,region,team,timezone\n");
    OutboxProducer producer = new OutboxProducer("dq-events", Duration.ofSeconds(20),
        "outbox.max-outage", new MutableClock(Instant.parse("2026-12-03T08:00:00Z")), pauses::add,
        () -> kafka);
    return new OutboxWriter(new DqEventFactory("job", "test", "team", StoreDirectory.load(stores)),
        OutboxFormat.resolve(registry, "dq-events", true), producer);
  }

  private static List<Situation> situations(String... stores) {
    List<Situation> situations = new ArrayList<>();
    for (String store : stores) {
      Situation situation = new Situation();
      situation.setEventType("STORE_SILENT");
      situation.setSeverity("ERROR");
      situation.setIdentity(store);
      situation.setStoreId(store);
      situation.setSummary(store + " is silent");
      situations.add(situation);
    }
    return situations;
  }

  private static String key(ProducerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }

  @Test
  void writesEveryEventOnceWhenKafkaTakesThemAtOnce() throws Exception {
    Map<String, Long> counts = writer().write(situations("a", "b"), 0L);

    assertThat(counts).containsEntry("STORE_SILENT", 2L);
    assertThat(kafka.history()).extracting(OutboxWriterTest::key).containsExactly("a", "b");
    assertThat(pauses).isEmpty();
  }

  @Test
  void writesTheSituationsDeterministicIdAndKeysAnEventWithoutAStoreAsUnknown() throws Exception {
    List<Situation> situations = situations("a", null);

    writer().write(situations, 0L);

    assertThat(kafka.history()).extracting(OutboxWriterTest::key).containsExactly("a", "_unknown");
    AvroWireCodec<DqEvent> reader = AvroWireCodec.forDqEvents(registry, RegistrationMode.LOOKUP_ONLY);
    assertThat(kafka.history()).extracting(r -> reader.decode(r.value()).getEventId())
        .containsExactly(situations.get(0).eventId(), situations.get(1).eventId());
  }

  @Test
  void writesNothingForABatchWithoutSituations() throws Exception {
    assertThat(writer().write(List.of(), 0L)).isEmpty();
    assertThat(kafka.history()).isEmpty();
  }
}
