package dev.dqnotify.schemas.codec;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.WireFormatException.Reason;
import dev.dqnotify.schemas.registry.SchemaRegistry;
import dev.dqnotify.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes and decodes Avro records in the Confluent wire format ({@link WireFormat}), byte for byte
 * what Confluent's serializers write and read.
 *
 * <p>Writing: the codec's schema is registered (or looked up, see {@link RegistrationMode}) once
 * per subject, always in the same text ({@link Schema#toString()} of the schema it was built with),
 * and the id is cached. Reading: the writer's schema is fetched by the id in the header and
 * resolved to the codec's schema, so a reader reads data written with an older or newer compatible
 * schema (a field added with a default is filled in or skipped). Readers are cached per writer id.
 *
 * <p>Failures: {@link WireFormatException} when the bytes or the record are the problem (retrying
 * cannot help); {@link SchemaRegistryException} when the registry is (it may be retryable).
 *
 * <p>Thread-safe.
 *
 * @param <T> the record type: a generated {@link SpecificRecord} class or {@link GenericRecord}
 */
public final class AvroWireCodec<T> {

  /** The subject of {@code dq-events} values under TopicNameStrategy. */
  public static final String DQ_EVENTS_VALUE_SUBJECT = "dq-events-value";

  private static final Logger log = LoggerFactory.getLogger(AvroWireCodec.class);

  private final SchemaRegistry registry;
  private final Schema schema;
  private final GenericData model;
  private final String subject;
  private final RegistrationMode mode;
  private final DatumWriter<T> writer;
  private final Map<String, Integer> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Reader<T>> readersById = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  private AvroWireCodec(
      SchemaRegistry registry,
      Schema schema,
      GenericData model,
      String subject,
      RegistrationMode mode) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.model = model;
    this.subject = requireSubject(subject);
    this.mode = Objects.requireNonNull(mode, "mode");
    this.writer = (DatumWriter<T>) model.createDatumWriter(schema);
  }

  /**
   * The codec for {@link DqEvent} on {@code dq-events}: subject {@value #DQ_EVENTS_VALUE_SUBJECT},
   * registering {@link DqEvent#getClassSchema()} if needed.
   */
  public static AvroWireCodec<DqEvent> forDqEvents(SchemaRegistry registry) {
    return forDqEvents(registry, RegistrationMode.AUTO_REGISTER);
  }

  /**
   * The codec for {@link DqEvent} on {@code dq-events}, finding its id the way {@code mode} says.
   */
  public static AvroWireCodec<DqEvent> forDqEvents(SchemaRegistry registry, RegistrationMode mode) {
    return forSpecific(DqEvent.class, registry, DQ_EVENTS_VALUE_SUBJECT, mode);
  }

  /**
   * A codec for a generated Avro class; its schema is the class's own ({@code getClassSchema()}),
   * and its logical types (e.g. {@code timestamp-millis} as {@code Instant}) are the class's.
   *
   * @param subject the subject {@link #encode(Object)} registers under, e.g. {@code <topic>-value}
   */
  public static <T extends SpecificRecord> AvroWireCodec<T> forSpecific(
      Class<T> type, SchemaRegistry registry, String subject, RegistrationMode mode) {
    SpecificData model = SpecificData.getForClass(Objects.requireNonNull(type, "type"));
    return new AvroWireCodec<>(registry, model.getSchema(type), model, subject, mode);
  }

  /**
   * A codec for a generated Avro class that reads and writes with {@code schema}, an earlier version
   * of the class's own schema whose fields are a prefix of the class's: it decodes what a program
   * built on that version decodes (resolution against {@code schema}; the fields the version lacks
   * stay unset). For tests of earlier readers, e.g. a forwarder built on DqEvent version 2.
   */
  public static <T extends SpecificRecord> AvroWireCodec<T> forSpecific(
      Class<T> type, Schema schema, SchemaRegistry registry, String subject, RegistrationMode mode) {
    SpecificData model = SpecificData.getForClass(Objects.requireNonNull(type, "type"));
    return new AvroWireCodec<>(registry, schema, model, subject, mode);
  }

  /**
   * A codec for {@link GenericRecord}s of {@code schema}, for readers without generated classes
   * (replays, audits, tests of other schema versions). Logical types stay raw ({@code long}s).
   */
  public static AvroWireCodec<GenericRecord> forGeneric(
      Schema schema, SchemaRegistry registry, String subject, RegistrationMode mode) {
    return new AvroWireCodec<>(registry, schema, GenericData.get(), subject, mode);
  }

  /** The schema this codec writes with and reads into. */
  public Schema schema() {
    return schema;
  }

  /** The subject {@link #encode(Object)} and {@link #schemaId()} use. */
  public String subject() {
    return subject;
  }

  /**
   * The id of this codec's schema under {@link #subject()}, registering or looking it up on first
   * use. Call it at start-up to fail fast on a missing or refusing registry.
   */
  public int schemaId() {
    return schemaId(subject);
  }

  /** The id of this codec's schema under {@code subject}, registered or looked up once. */
  public int schemaId(String subject) {
    Integer known = idsBySubject.get(requireSubject(subject));
    if (known != null) {
      return known;
    }
    int id =
        mode == RegistrationMode.AUTO_REGISTER
            ? registry.register(subject, schema)
            : registry.lookup(subject, schema);
    if (idsBySubject.putIfAbsent(subject, id) == null) {
      log.info("Schema {} for subject {} has id {}", schema.getFullName(), subject, id);
    }
    return id;
  }

  /** {@code record} in the wire format, under {@link #subject()}. */
  public byte[] encode(T record) {
    return encode(subject, record);
  }

  /**
   * {@code record} in the wire format, its schema id taken under {@code subject} (e.g. the Kafka
   * serializer's {@code <topic>-value}).
   *
   * @throws WireFormatException {@link Reason#UNENCODABLE_RECORD} if the record does not fit the
   *     schema, e.g. null in a non-null field (the message names the field)
   * @throws SchemaRegistryException if the schema id cannot be had from the registry
   */
  public byte[] encode(String subject, T record) {
    Objects.requireNonNull(record, "record");
    int id = schemaId(subject);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(WireFormat.header(id));
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e); // cannot happen
    } catch (RuntimeException e) {
      // Avro reports a misfit as NullPointerException, ClassCastException or AvroRuntimeException.
      throw new WireFormatException(
          Reason.UNENCODABLE_RECORD,
          id,
          "Cannot encode "
              + schema.getFullName()
              + " (schema id "
              + id
              + ", subject "
              + subject
              + "): "
              + e,
          e);
    }
    return out.toByteArray();
  }

  /**
   * The record in {@code payload}, resolved from its writer's schema to this codec's.
   *
   * @throws WireFormatException for a payload that cannot be read (see {@link Reason})
   * @throws SchemaRegistryException if the writer schema cannot be had from the registry for
   *     another reason than an unknown id (unreachable, 5xx...)
   */
  public T decode(byte[] payload) {
    int id = WireFormat.schemaId(payload);
    Reader<T> reader = readerFor(id);
    int bodyLength = payload.length - WireFormat.HEADER_LENGTH;
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(payload, WireFormat.HEADER_LENGTH, bodyLength, null);
    T record;
    try {
      record = reader.datumReader.read(null, decoder);
    } catch (EOFException e) {
      throw corrupt(id, "the Avro body (" + bodyLength + " bytes) ends before the record does", e);
    } catch (IOException | RuntimeException e) {
      if (reader.incompatibility != null) {
        throw new WireFormatException(
            Reason.INCOMPATIBLE_WRITER_SCHEMA,
            id,
            "Writer schema id "
                + id
                + " cannot be resolved to reader schema "
                + schema.getFullName()
                + " for this record ("
                + e.getMessage()
                + "); differences: "
                + reader.incompatibility,
            e);
      }
      throw corrupt(id, "the Avro body is malformed: " + e, e);
    }
    int leftOver = remaining(decoder);
    if (leftOver > 0) {
      // Typically the body was written with another schema than the id says.
      throw corrupt(
          id,
          leftOver + " of the body's " + bodyLength + " bytes are left over after the record",
          null);
    }
    return record;
  }

  @Override
  public String toString() {
    return "AvroWireCodec[" + schema.getFullName() + ", subject=" + subject + ", " + mode + "]";
  }

  private Reader<T> readerFor(int id) {
    Reader<T> known = readersById.get(id);
    if (known != null) {
      return known;
    }
    Schema writerSchema;
    try {
      writerSchema = registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      // Only the registry's own "schema not found" condemns the record; a bare 404 (wrong base
      // path, an ingress) is the registry's problem and is thrown on, so the caller retries.
      if (e.isSchemaNotFound()) {
        throw new WireFormatException(
            Reason.UNKNOWN_SCHEMA_ID,
            id,
            "Unknown schema id "
                + id
                + ": the schema registry does not know it ("
                + e.getMessage()
                + ")",
            e);
      }
      throw e;
    }
    Reader<T> reader = newReader(id, writerSchema);
    Reader<T> raced = readersById.putIfAbsent(id, reader);
    return raced == null ? reader : raced;
  }

  @SuppressWarnings("unchecked")
  private Reader<T> newReader(int id, Schema writerSchema) {
    // Not a gate: Avro resolves per record, so a writer that only adds an enum symbol still
    // yields every record that does not use it. The differences explain the records that fail.
    SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
    String incompatibility = null;
    if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
      incompatibility =
          compatibility.getResult().getIncompatibilities().stream()
              .map(i -> i.getMessage() + " at " + i.getLocation())
              .collect(Collectors.joining("; "));
      log.warn(
          "Writer schema id {} is not fully resolvable to reader schema {}: {}",
          id,
          schema.getFullName(),
          incompatibility);
    }
    return new Reader<>(
        (DatumReader<T>) model.createDatumReader(writerSchema, schema), incompatibility);
  }

  private static WireFormatException corrupt(int id, String what, Throwable cause) {
    return new WireFormatException(
        Reason.CORRUPT_BODY, id, "Corrupt payload for writer schema id " + id + ": " + what, cause);
  }

  private static int remaining(BinaryDecoder decoder) {
    try {
      return decoder.isEnd() ? 0 : Math.max(1, decoder.inputStream().available());
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory failed", e); // cannot happen
    }
  }

  private static String requireSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException(
          "subject '" + subject + "' is blank; give e.g. " + DQ_EVENTS_VALUE_SUBJECT);
    }
    return subject;
  }

  /** A datum reader for one writer schema, and what in that schema the reader cannot resolve. */
  private record Reader<T>(DatumReader<T> datumReader, String incompatibility) {}
}
