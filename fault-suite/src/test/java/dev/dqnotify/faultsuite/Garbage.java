package dev.dqnotify.faultsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Bad input at volume, drawn from a seeded random: raw sensor messages that break the contract (for
 * the ingest job) and records that are not DqEvents (for the forwarder). Each item is one of a few
 * kinds, cycled so every kind is well represented in any count.
 */
final class Garbage {

  /** Ways a raw message is malformed. */
  enum RawKind { RANDOM_BYTES, TRUNCATED_JSON, WRONG_TYPE, HUGE_VALUE, INVALID_UTF8 }

  /** Ways an outbox record is not a DqEvent. */
  enum OutboxKind { RANDOM_BYTES, EMPTY, TOMBSTONE, TRUNCATED_AVRO, UNKNOWN_SCHEMA_ID, JSON_TEXT }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Garbage() {}

  /**
   * {@code count} malformed raw values made from {@code template}, a valid contract message, so that
   * each breaks the contract in exactly the intended way and is otherwise realistic.
   */
  static List<byte[]> rawMessages(Random random, int count, byte[] template) {
    List<byte[]> values = new ArrayList<>();
    RawKind[] kinds = RawKind.values();
    for (int i = 0; i < count; i++) {
      values.add(raw(kinds[i % kinds.length], random, template));
    }
    return values;
  }

  private static byte[] raw(RawKind kind, Random random, byte[] template) {
    return switch (kind) {
      case RANDOM_BYTES -> {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        bytes[0] = (byte) (0x80 | bytes[0]); // never '{', so never a JSON object by chance
        yield bytes;
      }
      case TRUNCATED_JSON -> Arrays.copyOf(template, 1 + random.nextInt(template.length - 2));
      case WRONG_TYPE -> {
        ObjectNode message = tree(template);
        switch (random.nextInt(5)) {
          case 0 -> message.put("store_id", random.nextInt(1000));
          case 1 -> message.put("sent_at", random.nextLong());
          case 2 -> ((ObjectNode) message.get("payload")).put("readings", "21.5,22.0");
          case 3 -> firstReading(message).put("value", "twenty-one");
          default -> message.putArray("device").add("climate");
        }
        yield bytes(message);
      }
      case HUGE_VALUE -> {
        ObjectNode message = tree(template);
        switch (random.nextInt(3)) {
          // Beyond a double: the parser must refuse it, not store Infinity.
          case 0 -> firstReading(message).put("value", new BigDecimal("1e" + (400 + random.nextInt(10_000))));
          // 20,000 digits: beyond Jackson's number length limit.
          case 1 -> firstReading(message).put("value", new BigDecimal("9".repeat(20_000)));
          // A 100 KB string where a number belongs.
          default -> firstReading(message).put("value", "9".repeat(100_000));
        }
        yield bytes(message);
      }
      case INVALID_UTF8 -> {
        String text = new String(template, StandardCharsets.UTF_8);
        int at = text.indexOf("store-");
        byte[] prefix = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] suffix = text.substring(at).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        // A lone continuation byte or an overlong lead: never valid UTF-8.
        out.write(random.nextBoolean() ? 0x80 : 0xC0);
        out.writeBytes(suffix);
        yield out.toByteArray();
      }
    };
  }

  /**
   * {@code count} outbox values that are not DqEvents, with {@code valid} (encoded by {@code codec})
   * as material for the almost-valid kinds; null for a tombstone.
   */
  static List<byte[]> outboxRecords(Random random, int count, AvroWireCodec<DqEvent> codec, List<DqEvent> valid) {
    List<byte[]> values = new ArrayList<>();
    OutboxKind[] kinds = OutboxKind.values();
    for (int i = 0; i < count; i++) {
      DqEvent event = valid.get(random.nextInt(valid.size()));
      values.add(outbox(kinds[i % kinds.length], random, codec, event));
    }
    return values;
  }

  private static byte[] outbox(OutboxKind kind, Random random, AvroWireCodec<DqEvent> codec, DqEvent event) {
    return switch (kind) {
      case RANDOM_BYTES -> {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        bytes[0] = (byte) (1 + random.nextInt(255)); // not the wire format's magic byte 0
        yield bytes;
      }
      case EMPTY -> new byte[0];
      case TOMBSTONE -> null;
      case TRUNCATED_AVRO -> {
        byte[] encoded = codec.encode(event);
        // Keeps the 5-byte header, so the schema resolves and the body is what fails.
        yield Arrays.copyOf(encoded, 5 + random.nextInt(encoded.length - 5));
      }
      case UNKNOWN_SCHEMA_ID -> {
        byte[] encoded = codec.encode(event);
        ByteBuffer.wrap(encoded).put(0, (byte) 0).putInt(1, 900_000 + random.nextInt(99_999));
        yield encoded;
      }
      case JSON_TEXT -> event.toString().getBytes(StandardCharsets.UTF_8);
    };
  }

  private static ObjectNode tree(byte[] template) {
    try {
      return (ObjectNode) JSON.readTree(template);
    } catch (IOException e) {
      throw new UncheckedIOException("The template is not a JSON object", e);
    }
  }

  private static ObjectNode firstReading(ObjectNode message) {
    JsonNode readings = message.path("payload").path("readings");
    return (ObjectNode) ((ArrayNode) readings).get(0);
  }

  private static byte[] bytes(JsonNode message) {
    try {
      return JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
