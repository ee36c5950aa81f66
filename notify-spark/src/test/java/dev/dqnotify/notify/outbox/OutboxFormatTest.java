package dev.dqnotify.notify.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.codec.WireFormat;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutboxFormatTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(42);

  private static DqEvent event(String store) {
    return DqEvent.newBuilder().setEventId("id-1").setEventType(DqEventType.STORE_SILENT).setSeverity(Severity.ERROR)
        .setDetectedAt(Instant.parse("2026-12-03T08:00:00Z")).setJob("job").setTeam("team").setEnv("dev")
        .setStoreId(store).setSummary(store + " is silent").setDetails(Map.of()).build();
  }

  @Test
  void registersUnderTheTopicsValueSubjectAndFramesEveryValueWithThatId() {
    OutboxFormat format = OutboxFormat.resolve(registry, "dq-events-x", true);

    byte[] value = format.encode(event("store-1"));

    assertThat(format.subject()).isEqualTo("dq-events-x-value");
    assertThat(WireFormat.schemaId(value)).isEqualTo(format.schemaId()).isEqualTo(42);
    AvroWireCodec<DqEvent> reader =
        AvroWireCodec.forSpecific(DqEvent.class, registry, "dq-events-x-value", RegistrationMode.LOOKUP_ONLY);
    assertThat(reader.decode(value)).isEqualTo(event("store-1"));
  }

  @Test
  void keysARecordByItsEntityAndAnEventAboutNoneByUnknown() {
    OutboxFormat format = OutboxFormat.resolve(registry, "dq-events", true);

    ProducerRecord<byte[], byte[]> store = format.record("store-1", event("store-1"));
    ProducerRecord<byte[], byte[]> none = format.record(null, event(null));

    assertThat(store.topic()).isEqualTo("dq-events");
    assertThat(new String(store.key(), StandardCharsets.UTF_8)).isEqualTo("store-1");
    assertThat(new String(none.key(), StandardCharsets.UTF_8)).isEqualTo("_unknown");
  }

  @Test
  void aCopySentToAnExecutorEncodesTheSameBytesWithoutTheRegistry() throws Exception {
    OutboxFormat format = OutboxFormat.resolve(registry, "dq-events", true);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(format);
    }
    OutboxFormat copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (OutboxFormat) in.readObject();
    }

    assertThat(copy.encode(event("store-1"))).isEqualTo(format.encode(event("store-1")));
  }
}
