package dev.dqnotify.bench.forwarder;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SourcePosition;
import dev.dqnotify.schemas.codec.AvroWireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * DqEvents shaped as the ingest job writes them (name-based UUID ids, a summary line, a few
 * details and a raw excerpt), spread over stores and event types, deterministic for a given
 * sequence number so every run measures the same bytes.
 */
public final class BenchEvents {

  /** Stores the events are spread over (the outbox is keyed by store, so this is also the key spread). */
  public static final int STORES = 50;

  /** The sensor job's types; JOB_DEFINED (schema v3) left out so the figures stay comparable. */
  private static final DqEventType[] TYPES = java.util.Arrays.stream(DqEventType.values())
      .filter(t -> t != DqEventType.JOB_DEFINED).toArray(DqEventType[]::new);

  private BenchEvents() {}

  /** Event number {@code n} (a {@code prefix} keeps ids of different runs apart), detected at {@code detectedAt}. */
  public static DqEvent event(String prefix, int n, Instant detectedAt) {
    String store = "store-" + String.format("%04d", n % STORES);
    String sensor = "s-" + String.format("%04d", n % STORES) + "-climate-0" + (n % 4);
    DqEventType type = TYPES[n % TYPES.length];
    Map<String, String> details = new LinkedHashMap<>();
    details.put("expected_min", "10");
    details.put("actual", String.valueOf(n % 10));
    details.put("raw_excerpt", "{\"message_id\":\"m-" + n + "\",\"store_id\":\"" + store
        + "\",\"readings\":[{\"metric\":\"temperature\",\"value\":21.5}]}");
    return DqEvent.newBuilder()
        .setEventId(UUID.nameUUIDFromBytes((prefix + "|" + n).getBytes(StandardCharsets.UTF_8)).toString())
        .setEventType(type)
        .setSeverity(n % 3 == 0 ? Severity.ERROR : Severity.WARNING)
        .setDetectedAt(detectedAt)
        .setEventTime(detectedAt.minusSeconds(30))
        .setJob("sensor-ingest")
        .setTeam("team-" + (n % 5))
        .setEnv("bench")
        .setStoreId(store)
        .setSensorId(sensor)
        .setMessageId("m-" + n)
        .setSource(SourcePosition.newBuilder().setTopic("sensor-raw").setPartition(n % 6).setOffset(n).build())
        .setSummary(store + " " + sensor + " raised " + type + " for message m-" + n)
        .setDetails(details)
        .build();
  }

  /** Events {@code 0 … count-1}, encoded in the Confluent wire format by {@code codec}. */
  public static List<byte[]> encoded(AvroWireCodec<DqEvent> codec, String prefix, int count, Instant detectedAt) {
    List<byte[]> values = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      values.add(codec.encode(event(prefix, n, detectedAt)));
    }
    return values;
  }
}
