package dev.dqnotify.forwarder.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.notify.outbox.OutboxFormat;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.DqEventVersions;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.codec.WireFormatException;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17's upgrade order, proven: a forwarder built on DqEvent version 2 (its decode path, {@link
 * EventDecoder}, reading with the released v2 schema) fed records that the version-3 writers'
 * {@link OutboxFormat} — the notify-spark library, the one way DqEvents are written — registered and
 * encoded through the real registry. Built-in types decode as before; a {@code JOB_DEFINED} record is
 * undecodable with a reason that names the symbol, so the forwarder dead-letters it (and a redrive
 * after the upgrade sends it on) instead of mis-reading it.
 */
@ExtendWith(LocalStackExtension.class)
class PreviousVersionDecodeIT {

  private final SchemaRegistryClient registry;
  private final String topic = "dq-events-" + UUID.randomUUID();

  PreviousVersionDecodeIT(SchemaRegistryServer server) {
    this.registry = new SchemaRegistryClient(SchemaRegistryConfig.of(server.confluentApiUrl()));
  }

  /** The subject as the previous release left it: v2 registered, BACKWARD; then the v3 writer starts. */
  private OutboxFormat versionThreeWriterAfterVersionTwo() {
    String subject = OutboxFormat.subject(topic);
    registry.register(subject, DqEventVersions.versionTwoAsGenerated());
    registry.setCompatibility(subject, "BACKWARD");
    return OutboxFormat.register(registry, topic); // refused (409) if v3 were not BACKWARD of v2
  }

  private EventDecoder forwarderOnVersion(org.apache.avro.Schema readerSchema) {
    return new EventDecoder(AvroWireCodec.forSpecific(DqEvent.class, readerSchema,
        new SchemaRegistryClient(registry.config()), OutboxFormat.subject(topic), RegistrationMode.LOOKUP_ONLY));
  }

  @Test
  void aVersionTwoForwarderDecodesTheBuiltInRecordsOfTheVersionThreeWriterAsBefore() {
    OutboxFormat writer = versionThreeWriterAfterVersionTwo();
    DqEvent builtIn = TestEvents.event("prev-fwd-built-in", "store-0042");

    EventDecoder.Decoded decoded = forwarderOnVersion(DqEventVersions.versionTwoAsGenerated())
        .decode(writer.record(builtIn.getStoreId(), builtIn).value());

    assertThat(decoded).isInstanceOfSatisfying(EventDecoder.Decoded.Event.class, event -> {
      DqEvent read = event.event();
      assertThat(read.getEventId()).isEqualTo("prev-fwd-built-in");
      assertThat(read.getEventType()).isEqualTo(builtIn.getEventType());
      assertThat(read.getStoreId()).isEqualTo("store-0042");
      assertThat(read.getSummary()).isEqualTo(builtIn.getSummary());
      assertThat(read.getDetails()).isEqualTo(builtIn.getDetails());
      assertThat(read.getDetectedAt()).isEqualTo(builtIn.getDetectedAt());
      assertThat(read.getLabels()).as("version 2 has no labels").isNull();
    });
  }

  @Test
  void aVersionTwoForwarderFindsAJobDefinedRecordUndecodableNamingTheSymbolSoItIsDeadLettered() {
    OutboxFormat writer = versionThreeWriterAfterVersionTwo();
    byte[] jobDefined = writer.encode(DqEventVersions.jobDefined());

    EventDecoder.Decoded decoded = forwarderOnVersion(DqEventVersions.versionTwoAsGenerated()).decode(jobDefined);

    assertThat(decoded).isInstanceOfSatisfying(EventDecoder.Decoded.Undecodable.class, undecodable ->
        assertThat(undecodable.cause()).isInstanceOfSatisfying(WireFormatException.class, e -> {
          assertThat(e.reason()).isEqualTo(WireFormatException.Reason.INCOMPATIBLE_WRITER_SCHEMA);
          assertThat(e.getMessage()).contains("JOB_DEFINED");
        }));
    // After the upgrade, the same bytes (redriven from the dead-letter topic) decode.
    assertThat(forwarderOnVersion(DqEvent.getClassSchema()).decode(jobDefined))
        .isInstanceOfSatisfying(EventDecoder.Decoded.Event.class, event -> {
          assertThat(event.event().getEventType()).isEqualTo(DqEventType.JOB_DEFINED);
          assertThat(event.event().getSituationType()).isEqualTo("PAYMENT_AMOUNT_NEGATIVE");
        });
  }
}
