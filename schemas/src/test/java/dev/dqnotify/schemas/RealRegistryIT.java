package dev.dqnotify.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import dev.dqnotify.schemas.codec.RegistrationMode;
import dev.dqnotify.schemas.codec.WireFormatException;
import dev.dqnotify.schemas.registry.SchemaRegistryClient;
import dev.dqnotify.schemas.registry.SchemaRegistryConfig;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The codec and the registry client against a real registry (Apicurio's Confluent API). */
@ExtendWith(LocalStackExtension.class)
class RealRegistryIT {

  private final SchemaRegistryClient registry;

  RealRegistryIT(SchemaRegistryServer server) {
    registry = new SchemaRegistryClient(SchemaRegistryConfig.of(server.confluentApiUrl()));
  }

  private static String subject() {
    return "it-" + UUID.randomUUID() + "-value";
  }

  @Test
  void roundTripsADqEventAndLaysOutTheBytesAsConfluentDoes() throws Exception {
    String subject = subject();
    AvroWireCodec<DqEvent> codec =
        AvroWireCodec.forSpecific(DqEvent.class, registry, subject, RegistrationMode.AUTO_REGISTER);
    DqEvent event = DqEvents.sample();

    byte[] bytes = codec.encode(event);

    int id = codec.schemaId(subject);
    assertThat(bytes[0]).as("magic byte").isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).as("schema id, big-endian").isEqualTo(id);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).as("plain Avro binary body").isEqualTo(avroBinary(event));
    assertThat(registry.schemaById(id)).isEqualTo(DqEvent.getClassSchema());

    SchemaRegistryClient fresh = new SchemaRegistryClient(registry.config());
    assertThat(AvroWireCodec.forDqEvents(fresh).decode(bytes)).isEqualTo(event);
    assertThat(AvroWireCodec.forDqEvents(fresh).decode(codec.encode(DqEvents.minimal()))).isEqualTo(DqEvents.minimal());
  }

  @Test
  void evolvesBackwardBothWaysAndRefusesAnIncompatibleSchema() {
    String subject = subject();
    Schema v1 = DqEvent.getClassSchema();
    Schema v2 = withExtraField(v1, true);
    registry.register(subject, v1);
    registry.setCompatibility(subject, "BACKWARD");
    assertThat(registry.compatibility(subject)).contains("BACKWARD");

    AvroWireCodec<GenericRecord> v2Codec =
        AvroWireCodec.forGeneric(v2, registry, subject, RegistrationMode.AUTO_REGISTER);
    byte[] v1Bytes = AvroWireCodec.forSpecific(DqEvent.class, registry, subject, RegistrationMode.AUTO_REGISTER)
        .encode(DqEvents.sample());

    GenericRecord readByV2 = v2Codec.decode(v1Bytes);
    assertThat(readByV2.get("note")).as("v2 reader fills the new field's default").isNull();
    assertThat(readByV2.get("event_id").toString()).isEqualTo("ev-0f1e2d3c4b5a");

    readByV2.put("note", "added in v2");
    byte[] v2Bytes = v2Codec.encode(readByV2);
    assertThat(ByteBuffer.wrap(v2Bytes, 1, 4).getInt()).as("v2 has its own id").isNotEqualTo(ByteBuffer.wrap(v1Bytes, 1, 4).getInt());
    DqEvent readByV1 = AvroWireCodec.forDqEvents(registry).decode(v2Bytes);
    assertThat(readByV1).as("v1 reader skips the new field").isEqualTo(DqEvents.sample());

    Schema incompatible = withExtraField(v1, false);
    assertThatThrownBy(() -> registry.register(subject, incompatible))
        .isInstanceOf(SchemaRegistryException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).hasValue(409))
        .hasMessageContaining(subject);
  }

  @Test
  void acceptsSourceDataLostAsABackwardCompatibleVersionTwoThatOldReadersRefuseOnlyForTheNewType() {
    String subject = subject();
    Schema v1 = versionOne();
    registry.register(subject, v1);
    registry.setCompatibility(subject, "BACKWARD");

    AvroWireCodec<DqEvent> v2 = AvroWireCodec.forSpecific(DqEvent.class, registry, subject, RegistrationMode.AUTO_REGISTER);
    DqEvent lost = DqEvents.sample();
    lost.setEventType(DqEventType.SOURCE_DATA_LOST);
    byte[] lostBytes = v2.encode(lost); // registers v2: the registry's BACKWARD check lets it in
    byte[] lateBytes = v2.encode(DqEvents.minimal());
    assertThat(ByteBuffer.wrap(lostBytes, 1, 4).getInt()).as("v2 has its own id")
        .isEqualTo(registry.register(subject, DqEvent.getClassSchema()));

    AvroWireCodec<GenericRecord> v1Reader = AvroWireCodec.forGeneric(v1, registry, subject, RegistrationMode.LOOKUP_ONLY);
    assertThat(v1Reader.decode(lateBytes).get("event_type").toString())
        .as("a reader on v1 still reads every v2 record of a type it knows").isEqualTo("MALFORMED_RECORD");
    // Avro resolves an unknown symbol with the *reader's* enum default; v1 has none, so a reader
    // on v1 refuses the record (a forwarder dead-letters it), and it is not silently relabelled.
    assertThatThrownBy(() -> v1Reader.decode(lostBytes))
        .isInstanceOf(WireFormatException.class)
        .satisfies(e -> assertThat(((WireFormatException) e).reason()).isEqualTo(WireFormatException.Reason.INCOMPATIBLE_WRITER_SCHEMA))
        .hasMessageContaining("SOURCE_DATA_LOST");

    byte[] v1Bytes = AvroWireCodec.forGeneric(v1, registry, subject, RegistrationMode.LOOKUP_ONLY)
        .encode(v1Reader.decode(lateBytes));
    assertThat(AvroWireCodec.forDqEvents(registry).decode(v1Bytes)).as("v2 reads v1").isEqualTo(DqEvents.minimal());
  }

  /** The schema before SOURCE_DATA_LOST: version 2 without the enum's last symbol. */
  private static Schema versionOne() {
    String v2 = DqEventVersions.versionTwo().toString();
    String v1 = v2.replace(",\"SOURCE_DATA_LOST\"", "");
    assertThat(v1).isNotEqualTo(v2);
    return new Schema.Parser().parse(v1);
  }

  @Test
  void acceptsJobDefinedTypesAsABackwardCompatibleVersionThreeThatVersionTwoReadersReadExceptForTheNewSymbol() {
    String subject = subject();
    Schema v2 = DqEventVersions.versionTwo();
    registry.register(subject, v2);
    registry.setCompatibility(subject, "BACKWARD");

    AvroWireCodec<DqEvent> v3 = AvroWireCodec.forSpecific(DqEvent.class, registry, subject, RegistrationMode.AUTO_REGISTER);
    byte[] builtIn = v3.encode(DqEvents.sample()); // registers v3: the registry's BACKWARD check lets it in
    byte[] jobDefined = v3.encode(DqEventVersions.jobDefined());
    assertThat(ByteBuffer.wrap(builtIn, 1, 4).getInt()).as("v3 has its own id")
        .isNotEqualTo(registry.lookup(subject, v2));

    AvroWireCodec<GenericRecord> v2Reader = AvroWireCodec.forGeneric(v2, registry, subject, RegistrationMode.LOOKUP_ONLY);
    GenericRecord read = v2Reader.decode(builtIn);
    assertThat(read.get("event_type").toString())
        .as("a forwarder on v2 reads every v3 record of a built-in type").isEqualTo("INSUFFICIENT_DATA_POINTS");
    assertThat(read.get("summary").toString()).isEqualTo(DqEvents.sample().getSummary());
    assertThatThrownBy(() -> v2Reader.decode(jobDefined))
        .isInstanceOf(WireFormatException.class)
        .satisfies(e -> assertThat(((WireFormatException) e).reason()).isEqualTo(WireFormatException.Reason.INCOMPATIBLE_WRITER_SCHEMA))
        .hasMessageContaining("JOB_DEFINED");

    byte[] v2Bytes = AvroWireCodec.forGeneric(v2, registry, subject, RegistrationMode.LOOKUP_ONLY).encode(read);
    DqEvent readByV3 = AvroWireCodec.forSpecific(DqEvent.class, registry, subject, RegistrationMode.LOOKUP_ONLY).decode(v2Bytes);
    assertThat(readByV3).as("unchanged: v2 wrote back what it read, and v3 reads v2 with the new fields' defaults")
        .isEqualTo(DqEvents.sample());
    assertThat(readByV3.getSituationType()).isNull();
    assertThat(readByV3.getLabels()).isEmpty();
  }

  @Test
  void namesTheUrlAndStatusForAnUnknownSchemaId() {
    assertThatThrownBy(() -> registry.schemaById(987_654))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("/schemas/ids/987654")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isSchemaNotFound())
            .as("Apicurio answers an unknown id with Confluent's 40403").isTrue());
  }

  /** v1 plus a string field {@code note}: optional with a default (compatible) or required (not). */
  private static Schema withExtraField(Schema v1, boolean optional) {
    Schema copy = new Schema.Parser().parse(v1.toString());
    java.util.List<Schema.Field> all = new java.util.ArrayList<>();
    for (Schema.Field f : copy.getFields()) {
      all.add(new Schema.Field(f, f.schema()));
    }
    all.add(optional
        ? new Schema.Field("note", Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
            "added in v2", Schema.Field.NULL_DEFAULT_VALUE)
        : new Schema.Field("note", Schema.create(Schema.Type.STRING), "required in v3", (Object) null));
    return Schema.createRecord(copy.getName(), copy.getDoc(), copy.getNamespace(), false, all);
  }

  private static byte[] avroBinary(DqEvent event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(DqEvent.class).write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
