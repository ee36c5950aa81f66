package dev.dqnotify.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dqnotify.schemas.CountingSchemaRegistry;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.DqEvents;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SourcePosition;
import dev.dqnotify.schemas.codec.WireFormatException.Reason;
import dev.dqnotify.schemas.registry.InMemorySchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class AvroWireCodecTest {

  private static final String SUBJECT = AvroWireCodec.DQ_EVENTS_VALUE_SUBJECT;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** DqEvent as a later version might be: plus an optional field with a default. */
  private static final Schema V2 =
      withField("{\"name\":\"runbook_url\",\"type\":[\"null\",\"string\"],\"default\":null}");

  private final InMemorySchemaRegistry memory = new InMemorySchemaRegistry(0x01020304);
  private final CountingSchemaRegistry registry = new CountingSchemaRegistry(memory);
  private final AvroWireCodec<DqEvent> codec = AvroWireCodec.forDqEvents(registry);

  // --- the bytes ---

  @Test
  void payloadStartsWithTheMagicByteThenTheSchemaIdBigEndian() {
    byte[] payload = codec.encode(DqEvents.sample());

    assertThat(payload[0]).isEqualTo((byte) 0x00);
    assertThat(payload[1]).isEqualTo((byte) 0x01);
    assertThat(payload[2]).isEqualTo((byte) 0x02);
    assertThat(payload[3]).isEqualTo((byte) 0x03);
    assertThat(payload[4]).isEqualTo((byte) 0x04);
  }

  @Test
  void bodyIsExactlyThePlainAvroBinaryEncodingOfTheRecord() throws IOException {
    DqEvent event = DqEvents.sample();

    byte[] payload = codec.encode(event);

    assertThat(Arrays.copyOfRange(payload, 5, payload.length)).isEqualTo(plainAvro(event));
    assertThat(payload).hasSize(5 + plainAvro(event).length);
  }

  @Test
  void decodesWhatItEncodedFieldForField() {
    assertThat(codec.decode(codec.encode(DqEvents.sample()))).isEqualTo(DqEvents.sample());
    assertThat(codec.decode(codec.encode(DqEvents.minimal()))).isEqualTo(DqEvents.minimal());
  }

  // --- the registry, asked once ---

  @Test
  void registersTheClassSchemaUnderDqEventsValueOnceForManyRecords() {
    for (int i = 0; i < 5; i++) {
      codec.encode(DqEvents.sample());
    }

    assertThat(registry.registers()).isEqualTo(1);
    assertThat(codec.schemaId()).isEqualTo(0x01020304);
    assertThat(memory.lookup(SUBJECT, DqEvent.getClassSchema())).isEqualTo(0x01020304);
  }

  @Test
  void registersTheClassSchemaTextWithItsJavaStringHintsAlways() {
    int id = codec.schemaId();

    assertThat(memory.schemaById(id).toString()).isEqualTo(DqEvent.getClassSchema().toString());
    assertThat(memory.schemaById(id).toString()).contains("\"avro.java.string\":\"String\"");
  }

  @Test
  void encodesUnderAnExplicitSubjectWhenGivenOne() {
    codec.encode("dq-events-replay-value", DqEvents.sample());

    assertThat(memory.lookup("dq-events-replay-value", DqEvent.getClassSchema()))
        .isEqualTo(0x01020304);
  }

  @Test
  void lookupOnlyModeFindsTheIdWithoutRegistering() {
    memory.register(SUBJECT, DqEvent.getClassSchema());
    AvroWireCodec<DqEvent> lookingUp =
        AvroWireCodec.forDqEvents(registry, RegistrationMode.LOOKUP_ONLY);

    lookingUp.encode(DqEvents.sample());
    lookingUp.encode(DqEvents.sample());

    assertThat(registry.lookups()).isEqualTo(1);
    assertThat(registry.registers()).isZero();
  }

  @Test
  void lookupOnlyModeFailsWhenTheSchemaIsNotRegistered() {
    AvroWireCodec<DqEvent> lookingUp =
        AvroWireCodec.forDqEvents(registry, RegistrationMode.LOOKUP_ONLY);

    assertThatThrownBy(() -> lookingUp.encode(DqEvents.sample()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
  }

  @Test
  void fetchesEachWriterSchemaOnceAndReusesItsReader() {
    byte[] payload = codec.encode(DqEvents.sample());
    AvroWireCodec<DqEvent> reader = AvroWireCodec.forDqEvents(registry);

    reader.decode(payload);
    reader.decode(payload);
    reader.decode(payload);

    assertThat(registry.fetches()).isEqualTo(1);
  }

  // --- every reason ---

  @Test
  void refusesANullOrEmptyPayload() {
    assertThat(reasonOf(() -> codec.decode(null))).isEqualTo(Reason.EMPTY_PAYLOAD);
    assertThat(reasonOf(() -> codec.decode(new byte[0]))).isEqualTo(Reason.EMPTY_PAYLOAD);
  }

  @Test
  void refusesAWrongMagicByteNamingTheByteFound() {
    byte[] payload = codec.encode(DqEvents.sample());
    payload[0] = 0x01;

    WireFormatException e = catchWireFormat(() -> codec.decode(payload));

    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MAGIC_BYTE);
    assertThat(e.getMessage()).contains("byte 0 is 0x01");
  }

  @Test
  void refusesATruncatedHeader() {
    assertThat(reasonOf(() -> codec.decode(new byte[] {0, 1, 2, 3})))
        .isEqualTo(Reason.TRUNCATED_HEADER);
  }

  @Test
  void refusesAnUnknownSchemaIdNamingIt() {
    byte[] payload = WireFormat.frame(777, plainAvro(DqEvents.sample()));

    WireFormatException e = catchWireFormat(() -> codec.decode(payload));

    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
    assertThat(e.schemaId()).hasValue(777);
    assertThat(e.getMessage()).startsWith("Unknown schema id 777:");
    assertThat(e.getCause()).isInstanceOf(SchemaRegistryException.class);
  }

  @Test
  void aRegistryOutageWhileDecodingIsARegistryErrorNotAWireFormatError() {
    byte[] payload = codec.encode(DqEvents.sample());
    SchemaRegistry down = answering(id -> SchemaRegistryException.httpError(
        "GET", "http://registry/schemas/ids/" + id, 503, 50301, "unavailable"));

    assertThatThrownBy(() -> AvroWireCodec.forDqEvents(down).decode(payload))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isRetryable()).isTrue());
  }

  @Test
  void aNotFoundWithoutTheSchemaNotFoundCodeIsARegistryErrorNotAnUnknownSchema() {
    // A wrong base path or an ingress answers 404 with its own body: it says nothing about the id.
    byte[] payload = codec.encode(DqEvents.sample());
    SchemaRegistry wrongPath = answering(id -> SchemaRegistryException.httpError(
        "GET", "http://registry/wrong/schemas/ids/" + id, 404, null, "<html>Not Found</html>"));
    SchemaRegistry otherCode = answering(id -> SchemaRegistryException.httpError(
        "GET", "http://registry/schemas/ids/" + id, 404, 40401, "Subject not found"));

    assertThatThrownBy(() -> AvroWireCodec.forDqEvents(wrongPath).decode(payload))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isSchemaNotFound()).isFalse());
    assertThatThrownBy(() -> AvroWireCodec.forDqEvents(otherCode).decode(payload))
        .isInstanceOf(SchemaRegistryException.class);
  }

  /** A registry whose every schema lookup fails with {@code failure}. */
  private static SchemaRegistry answering(java.util.function.IntFunction<SchemaRegistryException> failure) {
    return new SchemaRegistry() {
      @Override
      public int register(String subject, Schema schema) {
        throw new UnsupportedOperationException();
      }

      @Override
      public int lookup(String subject, Schema schema) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Schema schemaById(int id) {
        throw failure.apply(id);
      }
    };
  }

  @Test
  void refusesABodyThatEndsEarly() {
    byte[] payload = codec.encode(DqEvents.sample());
    byte[] truncated = Arrays.copyOf(payload, payload.length - 3);

    WireFormatException e = catchWireFormat(() -> codec.decode(truncated));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT_BODY);
    assertThat(e.schemaId()).hasValue(0x01020304);
    assertThat(e.getMessage()).contains("ends before the record does");
  }

  @Test
  void refusesAHeaderWithoutBody() {
    codec.schemaId();

    WireFormatException e = catchWireFormat(() -> codec.decode(WireFormat.header(0x01020304)));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT_BODY);
    assertThat(e.getMessage()).contains("(0 bytes) ends before the record does");
  }

  @Test
  void refusesBytesLeftOverAfterTheRecord() {
    byte[] payload = codec.encode(DqEvents.sample());
    byte[] padded = Arrays.copyOf(payload, payload.length + 3);

    WireFormatException e = catchWireFormat(() -> codec.decode(padded));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT_BODY);
    assertThat(e.getMessage())
        .contains("3 of the body's " + (padded.length - 5) + " bytes are left over");
  }

  @Test
  void refusesABodyWithImpossibleValues() {
    codec.schemaId();
    // event_id's length as zig-zag -1: a negative string length.
    byte[] payload = WireFormat.frame(0x01020304, new byte[] {0x01, 0x41, 0x41});

    WireFormatException e = catchWireFormat(() -> codec.decode(payload));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT_BODY);
    assertThat(e.getMessage()).contains("malformed");
  }

  @Test
  void refusesAWriterSchemaThatCannotBeResolvedNamingTheDifference() {
    Schema withoutSummary = withoutField("summary");
    AvroWireCodec<GenericRecord> oldWriter = generic(withoutSummary);
    byte[] payload = oldWriter.encode(genericEvent(withoutSummary, "LATE_DATA"));

    WireFormatException e = catchWireFormat(() -> codec.decode(payload));

    assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_WRITER_SCHEMA);
    assertThat(e.schemaId()).hasValue(oldWriter.schemaId());
    assertThat(e.getMessage()).contains("summary");
  }

  @Test
  void refusesARecordThatDoesNotFitTheSchemaNamingTheField() {
    DqEvent event = DqEvents.sample();
    event.setSummary(null);

    WireFormatException e = catchWireFormat(() -> codec.encode(event));

    assertThat(e.reason()).isEqualTo(Reason.UNENCODABLE_RECORD);
    assertThat(e.getMessage()).contains("summary");
  }

  // --- schema evolution ---

  @Test
  void aV1ReaderReadsV2DataThatAddedAnOptionalField() {
    AvroWireCodec<GenericRecord> v2Writer = generic(V2);
    GenericRecord v2Event = genericEvent(V2, "LATE_DATA");
    v2Event.put("runbook_url", "https://runbooks.example/late-data");

    DqEvent read = codec.decode(v2Writer.encode(v2Event));

    assertThat(v2Writer.schemaId()).isNotEqualTo(codec.schemaId());
    assertThat(read).isEqualTo(expectedFromGeneric(DqEventType.LATE_DATA));
  }

  @Test
  void aV2ReaderReadsV1DataFillingTheNewFieldWithItsDefault() {
    AvroWireCodec<GenericRecord> v2Reader = generic(V2);
    DqEvent v1Event = DqEvents.sample();

    GenericRecord read = v2Reader.decode(codec.encode(v1Event));

    assertThat(read.get("runbook_url")).isNull();
    assertThat(read.get("event_id").toString()).isEqualTo(v1Event.getEventId());
    assertThat(read.get("summary").toString()).isEqualTo(v1Event.getSummary());
    assertThat(read.get("detected_at")).isEqualTo(v1Event.getDetectedAt().toEpochMilli());
    assertThat(((GenericRecord) read.get("source")).get("offset"))
        .isEqualTo(v1Event.getSource().getOffset());
  }

  @Test
  void aWriterWithANewEnumSymbolYieldsItsRecordsTheNewSymbolReadAsJobDefined() {
    Schema withNewType = withEventTypeSymbol("SCHEMA_DRIFT");
    AvroWireCodec<GenericRecord> writer = generic(withNewType);

    DqEvent known = codec.decode(writer.encode(genericEvent(withNewType, "LATE_DATA")));
    DqEvent drift = codec.decode(writer.encode(genericEvent(withNewType, "SCHEMA_DRIFT")));

    assertThat(known.getEventType()).isEqualTo(DqEventType.LATE_DATA);
    assertThat(drift.getEventType()).as("the enum default since version 3").isEqualTo(DqEventType.JOB_DEFINED);
  }

  @Test
  void readsDataWhoseWriterRegisteredThePlainAvscWithoutJavaStringHints() throws IOException {
    // What a producer in another language registers: the .avsc as written.
    Schema plain = new Schema.Parser().parse(new File("src/main/avro/DqEvent.avsc"));
    assertThat(plain.toString()).doesNotContain("avro.java.string");
    int id = memory.register(SUBJECT, plain);

    DqEvent read = codec.decode(WireFormat.frame(id, plainAvro(DqEvents.sample())));

    assertThat(read).isEqualTo(DqEvents.sample());
    assertThat(read.getEventId()).isInstanceOf(String.class);
  }

  // --- helpers ---

  private AvroWireCodec<GenericRecord> generic(Schema schema) {
    return AvroWireCodec.forGeneric(schema, registry, SUBJECT, RegistrationMode.AUTO_REGISTER);
  }

  private static byte[] plainAvro(DqEvent event) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<>(DqEvent.class).write(event, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A DqEvent-shaped generic record of {@code schema}, with raw values as another writer has. */
  private static GenericRecord genericEvent(Schema schema, String eventType) {
    GenericRecord record = new GenericData.Record(schema);
    record.put("event_id", "ev-generic-1");
    record.put(
        "event_type",
        new GenericData.EnumSymbol(schema.getField("event_type").schema(), eventType));
    record.put(
        "severity", new GenericData.EnumSymbol(schema.getField("severity").schema(), "WARNING"));
    record.put("detected_at", 1_740_830_405_123L);
    record.put("event_time", null);
    record.put("job", "sensor-ingest");
    record.put("team", "climate");
    record.put("env", "dev");
    record.put("store_id", "store-0042");
    record.put("sensor_id", null);
    record.put("message_id", null);
    Schema sourceSchema = schema.getField("source").schema().getTypes().get(1);
    GenericRecord source = new GenericData.Record(sourceSchema);
    source.put("topic", "sensor-raw");
    source.put("partition", 1);
    source.put("offset", 99L);
    record.put("source", source);
    if (schema.getField("summary") != null) {
      record.put("summary", "store-0042 is late");
    }
    record.put("details", Map.of("lateness_ms", "120000"));
    if (schema.getField("labels") != null) {
      record.put("labels", Map.of());
    }
    return record;
  }

  private static DqEvent expectedFromGeneric(DqEventType type) {
    return DqEvent.newBuilder()
        .setEventId("ev-generic-1")
        .setEventType(type)
        .setSeverity(Severity.WARNING)
        .setDetectedAt(Instant.ofEpochMilli(1_740_830_405_123L))
        .setEventTime(null)
        .setJob("sensor-ingest")
        .setTeam("climate")
        .setEnv("dev")
        .setStoreId("store-0042")
        .setSource(
            SourcePosition.newBuilder()
                .setTopic("sensor-raw")
                .setPartition(1)
                .setOffset(99L)
                .build())
        .setSummary("store-0042 is late")
        .setDetails(Map.of("lateness_ms", "120000"))
        .build();
  }

  private static Schema withField(String fieldJson) {
    ObjectNode schema = classSchemaJson();
    try {
      ((ArrayNode) schema.get("fields")).add(JSON.readTree(fieldJson));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new Schema.Parser().parse(schema.toString());
  }

  private static Schema withoutField(String name) {
    ObjectNode schema = classSchemaJson();
    ArrayNode fields = (ArrayNode) schema.get("fields");
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).get("name").asText().equals(name)) {
        fields.remove(i);
      }
    }
    return new Schema.Parser().parse(schema.toString());
  }

  private static Schema withEventTypeSymbol(String symbol) {
    ObjectNode schema = classSchemaJson();
    for (var field : schema.get("fields")) {
      if (field.get("name").asText().equals("event_type")) {
        ((ArrayNode) field.get("type").get("symbols")).add(symbol);
      }
    }
    return new Schema.Parser().parse(schema.toString());
  }

  private static ObjectNode classSchemaJson() {
    try {
      return (ObjectNode) JSON.readTree(DqEvent.getClassSchema().toString());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Reason reasonOf(Runnable call) {
    return catchWireFormat(call).reason();
  }

  private static WireFormatException catchWireFormat(Runnable call) {
    WireFormatException e = catchThrowableOfType(call::run, WireFormatException.class);
    assertThat(e).as("a WireFormatException").isNotNull();
    return e;
  }
}
