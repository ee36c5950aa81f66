package dev.dqnotify.ingest.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one {@code sensor-raw} value against the contract ({@code shared/contracts/sensor-raw.md}).
 * Every input yields a record: either the contract fields, or the first reason the value is not a
 * contract message plus an excerpt of it — nothing is dropped and nothing throws.
 */
public final class SensorMessageParser implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The longest raw excerpt a MALFORMED_RECORD event carries. */
  public static final int MAX_EXCERPT_CHARS = 512;

  private transient ObjectMapper mapper;

  /**
   * Parses {@code value}, read at {@code topic/partition/offset}.
   *
   * @param value the Kafka record value; may be null or empty
   */
  public ParsedRecord parse(
      byte[] value, String topic, int partition, long offset, long kafkaTimestampMs) {
    ParsedRecord record = new ParsedRecord();
    record.setTopic(topic);
    record.setPartition(partition);
    record.setOffset(offset);
    record.setKafkaTimestampMs(kafkaTimestampMs);
    try {
      fill(record, value);
    } catch (Malformed e) {
      record.setMalformedReason(e.getMessage());
      record.setRawExcerpt(excerpt(value));
      record.setReadings(null);
    }
    return record;
  }

  private void fill(ParsedRecord record, byte[] value) throws Malformed {
    if (value == null || value.length == 0) {
      throw new Malformed("value is empty");
    }
    String text = strictUtf8(value);
    if (text.isBlank()) {
      throw new Malformed("value is blank");
    }
    JsonNode root;
    try (JsonParser json = mapper().createParser(text)) {
      root = mapper().readTree(json);
      // A value is one JSON document: '{…} trailing', '{…}{…}' and '{…},' are not JSON, so they
      // are malformed rather than read as their first object. Whitespace after it is fine.
      if (root != null && json.nextToken() != null) {
        JsonLocation at = json.currentTokenLocation();
        throw new Malformed("value is not JSON: more content follows the first value, at line " + at.getLineNr()
            + " column " + at.getColumnNr());
      }
    } catch (JsonProcessingException e) {
      throw new Malformed("value is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) { // a String source has no I/O; Jackson declares it
      throw new Malformed("value is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new Malformed("value is not a JSON object but " + describe(root));
    }
    record.setMessageId(requiredText(root, "message_id", "message_id"));
    record.setSchemaVersion(optionalInt(root, "schema_version", "schema_version", 1));
    record.setStoreId(requiredText(root, "store_id", "store_id"));
    JsonNode device = requiredObject(root, "device", "device");
    record.setSensorId(requiredText(device, "sensor_id", "device.sensor_id"));
    record.setDeviceType(requiredText(device, "type", "device.type"));
    record.setManufacturer(optionalText(device, "manufacturer", "device.manufacturer"));
    record.setFirmware(optionalText(device, "firmware", "device.firmware"));
    record.setSentAtMs(requiredTimestamp(root, "sent_at", "sent_at"));
    JsonNode payload = requiredObject(root, "payload", "payload");
    record.setIntervalS(
        payload.hasNonNull("interval_s") ? optionalInt(payload, "interval_s", "payload.interval_s", 0) : null);
    JsonNode readings = payload.get("readings");
    if (readings == null || readings.isNull()) {
      throw new Malformed("payload.readings is missing");
    }
    if (!readings.isArray()) {
      throw new Malformed("payload.readings must be an array but is " + describe(readings));
    }
    List<Reading> parsed = new ArrayList<>(readings.size());
    for (int i = 0; i < readings.size(); i++) {
      JsonNode reading = readings.get(i);
      String where = "payload.readings[" + i + "]";
      if (!reading.isObject()) {
        throw new Malformed(where + " must be an object but is " + describe(reading));
      }
      long ts = requiredTimestamp(reading, "ts", where + ".ts");
      String metric = requiredText(reading, "metric", where + ".metric");
      JsonNode number = reading.get("value");
      if (number == null || number.isNull()) {
        throw new Malformed(where + ".value is missing");
      }
      if (!number.isNumber()) {
        throw new Malformed(where + ".value must be a number but is " + describe(number));
      }
      double v = number.doubleValue();
      if (Double.isInfinite(v) || Double.isNaN(v)) {
        throw new Malformed(where + ".value is out of the range of a double");
      }
      parsed.add(new Reading(ts, metric, v));
    }
    record.setReadings(parsed);
  }

  private static String requiredText(JsonNode node, String field, String path) throws Malformed {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new Malformed(path + " is missing");
    }
    if (!value.isTextual()) {
      throw new Malformed(path + " must be a string but is " + describe(value));
    }
    if (value.textValue().isBlank()) {
      throw new Malformed(path + " is blank");
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode node, String field, String path) throws Malformed {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new Malformed(path + " must be a string but is " + describe(value));
    }
    return value.textValue();
  }

  private static int optionalInt(JsonNode node, String field, String path, int absent)
      throws Malformed {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new Malformed(path + " must be an integer but is " + describe(value));
    }
    return value.intValue();
  }

  private static JsonNode requiredObject(JsonNode node, String field, String path)
      throws Malformed {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new Malformed(path + " is missing");
    }
    if (!value.isObject()) {
      throw new Malformed(path + " must be an object but is " + describe(value));
    }
    return value;
  }

  private static long requiredTimestamp(JsonNode node, String field, String path)
      throws Malformed {
    String text = requiredText(node, field, path);
    try {
      OffsetDateTime time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      if (!time.getOffset().equals(ZoneOffset.UTC)) {
        throw new Malformed(path + " must be a UTC timestamp (ending in Z) but is '" + shorten(text) + "'");
      }
      return time.toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new Malformed(path + " is not an ISO-8601 UTC timestamp: '" + shorten(text) + "'");
    }
  }

  private static String describe(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    switch (node.getNodeType()) {
      case STRING:
        return "the string '" + shorten(node.textValue()) + "'";
      case NUMBER:
        return "the number " + shorten(node.asText());
      case BOOLEAN:
        return "the boolean " + node.asText();
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      case NULL:
        return "null";
      default:
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  private static String strictUtf8(byte[] value) throws Malformed {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(value);
    try {
      return decoder.decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new Malformed("value is not valid UTF-8 (bad byte near offset " + bytes.position() + ")");
    }
  }

  /**
   * The first {@value #MAX_EXCERPT_CHARS} characters of the value, invalid UTF-8 replaced by
   * U+FFFD, never cutting a surrogate pair in half.
   */
  static String excerpt(byte[] value) {
    if (value == null) {
      return "";
    }
    String text = new String(value, StandardCharsets.UTF_8);
    if (text.length() <= MAX_EXCERPT_CHARS) {
      return text;
    }
    int end = MAX_EXCERPT_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  private ObjectMapper mapper() {
    if (mapper == null) {
      mapper = new ObjectMapper();
      // The reason goes into an event; the excerpt already carries the value, once.
      mapper.getFactory().disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION);
      // A huge number or string in a malformed record must not cost the job its memory.
      mapper
          .getFactory()
          .setStreamReadConstraints(
              StreamReadConstraints.builder().maxNumberLength(100).maxStringLength(1_000_000).build());
    }
    return mapper;
  }

  /** The first reason a value breaks the contract. */
  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
      super(reason, null, false, false);
    }
  }
}
