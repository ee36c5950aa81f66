package dev.dqnotify.schemas.codec;

import dev.dqnotify.schemas.codec.WireFormatException.Reason;

/**
 * The Confluent wire format's 5-byte header: byte 0 is the magic byte {@code 0x00}, bytes 1..4 the
 * schema id as a big-endian int; the Avro binary body follows. Useful on its own where the body is
 * produced elsewhere (e.g. Spark's {@code to_avro}, prefixed with {@link #header(int)}).
 */
public final class WireFormat {

  /** Byte 0 of every payload. */
  public static final byte MAGIC_BYTE = 0x00;

  /** Magic byte plus the 4-byte schema id. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** The 5 header bytes for {@code schemaId}. */
  public static byte[] header(int schemaId) {
    return new byte[] {
      MAGIC_BYTE,
      (byte) (schemaId >>> 24),
      (byte) (schemaId >>> 16),
      (byte) (schemaId >>> 8),
      (byte) schemaId
    };
  }

  /** {@code avroBody} framed with the header for {@code schemaId}. */
  public static byte[] frame(int schemaId, byte[] avroBody) {
    byte[] payload = new byte[HEADER_LENGTH + avroBody.length];
    System.arraycopy(header(schemaId), 0, payload, 0, HEADER_LENGTH);
    System.arraycopy(avroBody, 0, payload, HEADER_LENGTH, avroBody.length);
    return payload;
  }

  /**
   * The schema id in {@code payload}'s header.
   *
   * @throws WireFormatException {@link Reason#EMPTY_PAYLOAD}, {@link Reason#UNKNOWN_MAGIC_BYTE} or
   *     {@link Reason#TRUNCATED_HEADER}
   */
  public static int schemaId(byte[] payload) {
    if (payload == null || payload.length == 0) {
      throw new WireFormatException(
          Reason.EMPTY_PAYLOAD,
          "Not a Confluent wire-format payload: it is "
              + (payload == null ? "null" : "empty (0 bytes)"));
    }
    // The magic byte first: a JSON or plain-Avro payload is better named as such than "short".
    if (payload[0] != MAGIC_BYTE) {
      throw new WireFormatException(
          Reason.UNKNOWN_MAGIC_BYTE,
          String.format(
              "Not a Confluent wire-format payload: byte 0 is 0x%02X, expected the magic byte 0x00",
              payload[0] & 0xFF));
    }
    if (payload.length < HEADER_LENGTH) {
      throw new WireFormatException(
          Reason.TRUNCATED_HEADER,
          "Truncated Confluent wire-format header: the payload has "
              + payload.length
              + " byte(s), the header alone needs "
              + HEADER_LENGTH);
    }
    return ((payload[1] & 0xFF) << 24)
        | ((payload[2] & 0xFF) << 16)
        | ((payload[3] & 0xFF) << 8)
        | (payload[4] & 0xFF);
  }
}
