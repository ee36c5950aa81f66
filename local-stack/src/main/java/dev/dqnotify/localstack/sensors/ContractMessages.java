package dev.dqnotify.localstack.sensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/** Writes {@code sensor-raw} messages as the contract shapes them, and the malformed variants of them. */
final class ContractMessages {

  /** The Jackson mapper of this package (thread-safe once configured). */
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** {@code sent_at} as in the contract's example: UTC, always three fraction digits. */
  private static final DateTimeFormatter UTC_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String BAD_BYTES_MARK = "~not-utf8~";

  private ContractMessages() {}

  static String timestamp(Instant time) {
    return UTC_MILLIS.format(time);
  }

  /** A contract message, as a tree so that a malformed variant can break exactly one thing. */
  static ObjectNode message(String messageId, String storeId, StoreFleet.Sensor sensor, Instant sentAt,
      Duration interval, ArrayNode readings) {
    ObjectNode message = MAPPER.createObjectNode();
    message.put("message_id", messageId);
    message.put("schema_version", 1);
    message.put("store_id", storeId);
    ObjectNode device = message.putObject("device");
    device.put("sensor_id", sensor.sensorId());
    device.put("type", sensor.type());
    device.put("manufacturer", sensor.manufacturer());
    device.put("firmware", sensor.firmware());
    message.put("sent_at", timestamp(sentAt));
    ObjectNode payload = message.putObject("payload");
    payload.put("interval_s", Math.max(1, interval.toSeconds()));
    payload.set("readings", readings);
    return message;
  }

  /** Appends one reading {@code {ts, metric, value}}; counts and flags are written as integers. */
  static void addReading(ArrayNode readings, Instant ts, String metric, double value) {
    ObjectNode reading = readings.addObject();
    reading.put("ts", timestamp(ts));
    reading.put("metric", metric);
    if (SensorType.integral(metric) && value == Math.rint(value)) {
      reading.put("value", (long) value);
    } else {
      reading.put("value", value);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; failing here is a bug.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A malformed record made from a valid message, and the ids the job's parser reads before it
   * fails (it reads {@code message_id}, {@code store_id}, {@code device.*}, {@code sent_at}, then the
   * payload, and keeps what it read in the MALFORMED_RECORD event).
   */
  record Malformed(byte[] value, String messageId, String storeId, String sensorId) {}

  static Malformed malformed(MessageKind kind, ObjectNode valid) {
    ObjectNode message = valid.deepCopy();
    String messageId = message.get("message_id").textValue();
    String storeId = message.get("store_id").textValue();
    String sensorId = message.get("device").get("sensor_id").textValue();
    switch (kind) {
      case NOT_JSON: {
        byte[] whole = bytes(message);
        // An object's text is complete only with its closing brace; ASCII, so no character is cut.
        return new Malformed(Arrays.copyOf(whole, whole.length / 2), null, null, null);
      }
      case INVALID_UTF8: {
        ObjectNode device = (ObjectNode) message.get("device");
        device.put("firmware", device.get("firmware").textValue() + BAD_BYTES_MARK);
        String[] around = new String(bytes(message), StandardCharsets.UTF_8).split(BAD_BYTES_MARK, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
        // 0xC3 starts a two-byte sequence; '(' cannot continue it.
        out.write(0xC3);
        out.write('(');
        out.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
        return new Malformed(out.toByteArray(), null, null, null);
      }
      case EMPTY_VALUE:
        return new Malformed(new byte[0], null, null, null);
      case NOT_AN_OBJECT: {
        ArrayNode batch = MAPPER.createArrayNode();
        batch.add(message);
        return new Malformed(bytes(batch), null, null, null);
      }
      case MISSING_STORE_ID:
        message.remove("store_id");
        return new Malformed(bytes(message), messageId, null, null);
      case STRING_VALUE: {
        ObjectNode first = (ObjectNode) message.get("payload").get("readings").get(0);
        first.put("value", first.get("value").asText());
        return new Malformed(bytes(message), messageId, storeId, sensorId);
      }
      case NON_UTC_SENT_AT: {
        Instant sentAt = Instant.parse(message.get("sent_at").textValue());
        message.put("sent_at", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(sentAt.atOffset(ZoneOffset.ofHours(1))));
        return new Malformed(bytes(message), messageId, storeId, sensorId);
      }
      default:
        throw new IllegalArgumentException(kind + " is not a malformed kind");
    }
  }
}
