package dev.dqnotify.schemas.codec;

import java.util.OptionalInt;

/**
 * A payload that is not a readable Confluent wire-format Avro record, or a record that cannot be
 * written as one. Unlike a {@link dev.dqnotify.schemas.registry.SchemaRegistryException}, trying
 * again will not help: the bytes (or the record) are the problem, so a consumer dead-letters the
 * record rather than retrying it.
 */
public final class WireFormatException extends RuntimeException {

  /** Why the payload or record was refused. */
  public enum Reason {
    /** The payload is null or has no bytes. */
    EMPTY_PAYLOAD,
    /** Byte 0 is not the magic byte 0x00: not the Confluent wire format (JSON, plain Avro...). */
    UNKNOWN_MAGIC_BYTE,
    /** Fewer than the 5 header bytes (magic byte plus 4-byte schema id). */
    TRUNCATED_HEADER,
    /** The schema registry does not know the schema id in the header. */
    UNKNOWN_SCHEMA_ID,
    /**
     * The Avro body does not match the writer schema: it ends early, bytes are left over after the
     * record, or it holds impossible values (negative lengths, bad union or enum indexes).
     */
    CORRUPT_BODY,
    /** The writer schema cannot be resolved to the reader's for this record. */
    INCOMPATIBLE_WRITER_SCHEMA,
    /** The record does not fit its own schema (e.g. null in a non-null field); nothing written. */
    UNENCODABLE_RECORD
  }

  private final Reason reason;
  private final Integer schemaId;

  WireFormatException(Reason reason, String message) {
    this(reason, null, message, null);
  }

  WireFormatException(Reason reason, Integer schemaId, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.schemaId = schemaId;
  }

  /** Why the payload or record was refused. */
  public Reason reason() {
    return reason;
  }

  /** The schema id from the header (or registered for the record), once it was known. */
  public OptionalInt schemaId() {
    return schemaId == null ? OptionalInt.empty() : OptionalInt.of(schemaId);
  }
}
