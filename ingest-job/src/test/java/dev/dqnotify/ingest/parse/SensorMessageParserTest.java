package dev.dqnotify.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensorMessageParserTest {

  private static final String VALID =
      "{\"message_id\":\"m-1\",\"schema_version\":1,\"store_id\":\"store-0042\","
          + "\"device\":{\"sensor_id\":\"s-1\",\"type\":\"climate\",\"manufacturer\":\"Nordlys\",\"firmware\":\"4.2.0\"},"
          + "\"sent_at\":\"2026-11-25T10:15:00.123Z\",\"extra\":{\"ignored\":true},"
          + "\"payload\":{\"interval_s\":60,\"readings\":["
          + "{\"ts\":\"2026-11-25T10:14:06Z\",\"metric\":\"temperature_c\",\"value\":21.4},"
          + "{\"ts\":\"2026-11-25T10:14:06Z\",\"metric\":\"humidity_pct\",\"value\":38}]}}";

  private final SensorMessageParser parser = new SensorMessageParser();

  private ParsedRecord parse(String value) {
    return parser.parse(value == null ? null : value.getBytes(StandardCharsets.UTF_8), "sensor-raw", 2, 17L, 99L);
  }

  @Test
  void readsEveryContractFieldAndKeepsTheSourcePosition() {
    ParsedRecord record = parse(VALID);

    assertThat(record.valid()).isTrue();
    assertThat(record.getMessageId()).isEqualTo("m-1");
    assertThat(record.getStoreId()).isEqualTo("store-0042");
    assertThat(record.getSensorId()).isEqualTo("s-1");
    assertThat(record.getDeviceType()).isEqualTo("climate");
    assertThat(record.getManufacturer()).isEqualTo("Nordlys");
    assertThat(record.getFirmware()).isEqualTo("4.2.0");
    assertThat(record.getSentAtMs()).isEqualTo(Instant.parse("2026-11-25T10:15:00.123Z").toEpochMilli());
    assertThat(record.getIntervalS()).isEqualTo(60);
    assertThat(record.getReadings()).extracting(Reading::getMetric).containsExactly("temperature_c", "humidity_pct");
    assertThat(record.getReadings()).extracting(Reading::getValue).containsExactly(21.4, 38.0);
    assertThat(record.getTopic()).isEqualTo("sensor-raw");
    assertThat(record.getPartition()).isEqualTo(2);
    assertThat(record.getOffset()).isEqualTo(17L);
    assertThat(record.getKafkaTimestampMs()).isEqualTo(99L);
  }

  @Test
  void defaultsSchemaVersionToOneAndLeavesOptionalFieldsEmpty() {
    String minimal = "{\"message_id\":\"m\",\"store_id\":\"s\",\"device\":{\"sensor_id\":\"x\",\"type\":\"door\"},"
        + "\"sent_at\":\"2026-11-25T10:15:00Z\",\"payload\":{\"readings\":[]}}";
    ParsedRecord record = parse(minimal);
    assertThat(record.valid()).isTrue();
    assertThat(record.getSchemaVersion()).isEqualTo(1);
    assertThat(record.getManufacturer()).isNull();
    assertThat(record.getIntervalS()).isNull();
    assertThat(record.getReadings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "message_id missing          | \"message_id\":\"m-1\",                 | | message_id is missing",
      "message_id a number         | \"message_id\":\"m-1\"                  | \"message_id\":7 | message_id must be a string but is the number 7",
      "store_id missing            | \"store_id\":\"store-0042\",            | | store_id is missing",
      "sensor_id missing           | \"sensor_id\":\"s-1\",                  | | device.sensor_id is missing",
      "sent_at not a timestamp     | 2026-11-25T10:15:00.123Z            | yesterday | sent_at is not an ISO-8601 UTC timestamp: 'yesterday'",
      "sent_at not UTC             | 2026-11-25T10:15:00.123Z            | 2026-11-25T10:15:00.123+01:00 | sent_at must be a UTC timestamp (ending in Z)",
      "readings not an array       | \"readings\":[                        | \"readings\":{\"x\":1},\"ignored\":[ | payload.readings must be an array but is an object",
      "reading value a string      | \"value\":21.4                        | \"value\":\"21.4\" | payload.readings[0].value must be a number but is the string '21.4'",
      "reading metric missing      | \"metric\":\"humidity_pct\",            | | payload.readings[1].metric is missing",
      "schema_version a float      | \"schema_version\":1                  | \"schema_version\":1.5 | schema_version must be an integer",
  })
  void namesTheFirstContractViolation(String name, String replace, String with, String reason) {
    ParsedRecord record = parse(VALID.replace(replace, with == null ? "" : with));
    assertThat(record.valid()).isFalse();
    assertThat(record.getMalformedReason()).startsWith(reason);
    assertThat(record.getReadings()).isNull();
  }

  @Test
  void recognisesEmptyBlankNonJsonAndNonObjectValues() {
    assertThat(parse(null).getMalformedReason()).isEqualTo("value is empty");
    assertThat(parse("").getMalformedReason()).isEqualTo("value is empty");
    assertThat(parse("   ").getMalformedReason()).isEqualTo("value is blank");
    assertThat(parse("{\"message_id\": ").getMalformedReason()).startsWith("value is not JSON");
    assertThat(parse("[1,2]").getMalformedReason()).isEqualTo("value is not a JSON object but an array");
    assertThat(parse("42").getMalformedReason()).isEqualTo("value is not a JSON object but the number 42");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "trailing garbage         | ' xyz'",
      "two concatenated objects | '{\"message_id\":\"m-2\"}'",
      "the same object twice    | VALID",
      "a trailing comma         | ','",
      "a closing brace too many | '}'",
      "a trailing number        | ' 42'",
  })
  void treatsAnObjectFollowedByMoreContentAsMalformed(String name, String tail) {
    String value = VALID + ("VALID".equals(tail) ? VALID : tail);
    ParsedRecord record = parse(value);
    assertThat(record.valid()).isFalse();
    assertThat(record.getMalformedReason()).startsWith("value is not JSON");
    assertThat(record.getMessageId()).as("nothing of the first object is kept").isNull();
    assertThat(value).startsWith(record.getRawExcerpt());
  }

  @Test
  void namesWhereTheSecondValueStarts() {
    assertThat(parse(VALID + "\n{}").getMalformedReason())
        .isEqualTo("value is not JSON: more content follows the first value, at line 2 column 1");
  }

  @Test
  void acceptsWhitespaceAfterTheObject() {
    assertThat(parse(VALID + " \r\n\t ").valid()).isTrue();
    assertThat(parse("\n " + VALID + "\n").valid()).isTrue();
  }

  @Test
  void recognisesInvalidUtf8AndStillKeepsAnExcerpt() {
    byte[] bytes = {'{', '"', 'a', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
    ParsedRecord record = parser.parse(bytes, "sensor-raw", 0, 0L, 0L);
    assertThat(record.getMalformedReason()).startsWith("value is not valid UTF-8");
    assertThat(record.getRawExcerpt()).startsWith("{\"a\":").contains("\uFFFD");
  }

  @Test
  void rejectsHugeNumbersInsteadOfSpendingMemoryOnThem() {
    String huge = VALID.replace("21.4", "1" + "0".repeat(500));
    assertThat(parse(huge).getMalformedReason()).startsWith("value is not JSON");
    assertThat(parse(VALID.replace("21.4", "1e400")).getMalformedReason())
        .isEqualTo("payload.readings[0].value is out of the range of a double");
  }

  @Test
  void cutsTheExcerptAt512CharactersWithoutSplittingASurrogatePair() {
    String emoji = "\uD83D\uDE00";
    String text = "x".repeat(511) + emoji + "tail";
    ParsedRecord record = parse(text);
    assertThat(record.getRawExcerpt()).hasSize(511).isEqualTo("x".repeat(511));
    assertThat(parse("y".repeat(2000)).getRawExcerpt()).hasSize(512);
  }
}
