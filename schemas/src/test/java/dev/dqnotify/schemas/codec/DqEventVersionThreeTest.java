package dev.dqnotify.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.DqEventVersions;
import dev.dqnotify.schemas.DqEvents;
import dev.dqnotify.schemas.codec.WireFormatException.Reason;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Version 3 of DqEvent (JOB_DEFINED, situation_type, labels) against version 2 and a future 4. */
class DqEventVersionThreeTest {

  private static final String SUBJECT = AvroWireCodec.DQ_EVENTS_VALUE_SUBJECT;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroWireCodec<DqEvent> v3 = AvroWireCodec.forDqEvents(registry);
  private final AvroWireCodec<GenericRecord> v2 =
      AvroWireCodec.forGeneric(DqEventVersions.versionTwo(), registry, SUBJECT, RegistrationMode.AUTO_REGISTER);

  @Test
  void versionThreeReadsEveryVersionTwoRecordAsAvroResolvesIt() {
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(DqEvent.getClassSchema(), DqEventVersions.versionTwo())
        .getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);

    DqEvent read = v3.decode(v2.encode(v2.decode(v3.encode(DqEvents.sample()))));

    assertThat(read).isEqualTo(DqEvents.sample());
    assertThat(read.getSituationType()).isNull();
    assertThat(read.getLabels()).isEmpty();
  }

  @Test
  void versionTwoReaderDecodesBuiltInTypesAndRefusesJobDefinedWithATypedReason() {
    GenericRecord builtIn = v2.decode(v3.encode(DqEvents.sample()));
    assertThat(builtIn.get("event_type").toString()).isEqualTo("INSUFFICIENT_DATA_POINTS");
    assertThat(builtIn.getSchema().getField("labels")).as("v2 skips the new fields").isNull();

    assertThatThrownBy(() -> v2.decode(v3.encode(DqEventVersions.jobDefined())))
        .isInstanceOf(WireFormatException.class)
        .satisfies(e -> assertThat(((WireFormatException) e).reason()).isEqualTo(Reason.INCOMPATIBLE_WRITER_SCHEMA))
        .hasMessageContaining("JOB_DEFINED");
  }

  @Test
  void roundTripsAJobDefinedSituationWithItsTypeNameAndLabels() {
    DqEvent read = v3.decode(v3.encode(DqEventVersions.jobDefined()));

    assertThat(read).isEqualTo(DqEventVersions.jobDefined());
    assertThat(read.getLabels()).containsEntry("order_id", "o-1001");
  }

  @Test
  void aVersionThreeReaderTakesASymbolOfALaterVersionAsJobDefined() {
    Schema v4 = new Schema.Parser().parse(
        DqEvent.getClassSchema().toString().replace("\"JOB_DEFINED\"]", "\"JOB_DEFINED\",\"SOME_LATER_TYPE\"]"));
    assertThat(v4.getField("event_type").schema().getEnumSymbols()).contains("SOME_LATER_TYPE");
    AvroWireCodec<GenericRecord> v4Codec = AvroWireCodec.forGeneric(v4, registry, SUBJECT, RegistrationMode.AUTO_REGISTER);
    GenericRecord later = v4Codec.decode(v3.encode(DqEventVersions.jobDefined()));
    later.put("event_type", new GenericData.EnumSymbol(v4.getField("event_type").schema(), "SOME_LATER_TYPE"));

    DqEvent read = v3.decode(v4Codec.encode(later));

    assertThat(read.getEventType()).isEqualTo(DqEventType.JOB_DEFINED);
    assertThat(read.getSituationType()).isEqualTo("PAYMENT_AMOUNT_NEGATIVE");
  }
}
