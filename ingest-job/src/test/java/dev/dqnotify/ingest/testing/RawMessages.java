package dev.dqnotify.ingest.testing;

import java.time.Instant;
import java.util.Locale;
import java.util.StringJoiner;

/** Hand-made {@code sensor-raw} messages (contract JSON) for tests. */
public final class RawMessages {
  private RawMessages() {}

  /** A contract message with {@code points} in-range temperature readings. */
  public static String message(String messageId, String storeId, String sensorId, Instant sentAt, int points) {
    return message(messageId, storeId, sensorId, sentAt, points, null);
  }

  /**
   * A contract message with {@code points} readings; when {@code outOfRangeTemperature} is given,
   * the first reading carries it.
   */
  public static String message(String messageId, String storeId, String sensorId, Instant sentAt, int points,
      Double outOfRangeTemperature) {
    StringJoiner readings = new StringJoiner(",", "[", "]");
    for (int i = 0; i < points; i++) {
      double value = i == 0 && outOfRangeTemperature != null ? outOfRangeTemperature : 20.0 + i % 5;
      readings.add(String.format(Locale.ROOT, "{\"ts\":\"%s\",\"metric\":\"temperature_c\",\"value\":%s}",
          sentAt.minusSeconds(points - i), value));
    }
    return String.format(Locale.ROOT,
        "{\"message_id\":\"%s\",\"schema_version\":1,\"store_id\":\"%s\","
            + "\"device\":{\"sensor_id\":\"%s\",\"type\":\"climate\",\"manufacturer\":\"Nordlys\",\"firmware\":\"4.2.0\"},"
            + "\"sent_at\":\"%s\",\"payload\":{\"interval_s\":60,\"readings\":%s}}",
        messageId, storeId, sensorId, sentAt, readings);
  }
}
