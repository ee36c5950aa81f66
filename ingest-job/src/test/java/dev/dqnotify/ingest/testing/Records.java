package dev.dqnotify.ingest.testing;

import dev.dqnotify.ingest.detect.Arrival;
import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.parse.SensorMessageParser;
import dev.dqnotify.ingest.reference.Store;
import dev.dqnotify.ingest.reference.StoreDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Hand-made sensor messages for detector tests, parsed by the real parser. */
public final class Records {

  public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final SensorMessageParser PARSER = new SensorMessageParser();

  private Records() {}

  public static StoreDirectory stores() {
    return StoreDirectory.load(writeCsv(
        "store_id,name,size_class,region,team,timezone\n"
            + "store-0001,Hamburg Altona,L,north,team-north,Europe/Berlin\n"
            + "store-0002,Muenchen Pasing,S,south,team-south,Europe/Berlin\n"));
  }

  private static java.nio.file.Path writeCsv(String text) {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("stores", ".csv");
      file.toFile().deleteOnExit();
      return java.nio.file.Files.writeString(file, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A valid message of {@code store}, sent {@code minutes} after T0, with {@code points} temperature readings. */
  public static ParsedRecord message(String id, String store, double minutes, int points, long offset) {
    return message(id, store, minutes, points, offset, "temperature_c", 21.5);
  }

  public static ParsedRecord message(String id, String store, double minutes, int points, long offset, String metric, double value) {
    Instant sentAt = T0.plusMillis((long) (minutes * 60_000));
    List<String> readings = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      readings.add(String.format(Locale.ROOT, "{\"ts\":\"%s\",\"metric\":\"%s\",\"value\":%s}", sentAt, metric, value));
    }
    String json = String.format(Locale.ROOT,
        "{\"message_id\":\"%s\",\"store_id\":\"%s\",\"device\":{\"sensor_id\":\"%s-s1\",\"type\":\"climate\","
            + "\"manufacturer\":\"Nordlys\"},\"sent_at\":\"%s\",\"payload\":{\"interval_s\":60,\"readings\":[%s]}}",
        id, store, store, sentAt, String.join(",", readings));
    return parse(json, offset);
  }

  public static ParsedRecord parse(String json, long offset) {
    return PARSER.parse(json.getBytes(StandardCharsets.UTF_8), "sensor-raw", 0, offset, 0L);
  }

  public static ParsedRecord clean(ParsedRecord record) {
    record.setArrival(Arrival.CLEAN.name());
    return record;
  }

  public static Store store(String id) {
    return stores().find(id).orElseThrow();
  }
}
