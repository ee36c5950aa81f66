package dev.dqnotify.localstack.sensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's rules, re-implemented from {@code sensor-raw.md} and the job's detector semantics,
 * without any of the generator's code: it reads only the bytes, keys and thresholds. It does not
 * know the partitioning, so it judges lateness both ways — against the sensor's own newest message
 * (a lower bound of its partition's) and against the newest message of all (an upper bound) — and
 * fails when the two disagree: then the plan's truth would depend on the partitioner.
 */
final class ContractOracle {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A message as the contract reads it. */
  record Parsed(String messageId, String storeId, String sensorId, long sentAtMs, List<Reading> readings) {}

  record Reading(long tsMs, String metric, double value) {}

  /** One derived event: the type, the job's identity (null for malformed), event time millis (or null). */
  record Derived(EventType type, String identity, Long eventTimeMs) {}

  private final StoreFleet fleet;
  private final Thresholds thresholds;

  ContractOracle(StoreFleet fleet, Thresholds thresholds) {
    this.fleet = fleet;
    this.thresholds = thresholds;
  }

  /** The contract message in {@code value}, or empty when the value breaks the contract. */
  static Optional<Parsed> parse(byte[] value) {
    try {
      if (value.length == 0) {
        return Optional.empty();
      }
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value)).toString();
      JsonNode root = MAPPER.readTree(text);
      if (root == null || !root.isObject()) {
        return Optional.empty();
      }
      JsonNode payload = root.get("payload");
      JsonNode readings = payload == null ? null : payload.get("readings");
      if (!text(root, "message_id") || !text(root, "store_id") || !root.path("device").isObject()
          || !text(root.get("device"), "sensor_id") || !text(root.get("device"), "type") || !utc(root, "sent_at")
          || payload == null || !payload.isObject() || readings == null || !readings.isArray()) {
        return Optional.empty();
      }
      List<Reading> parsed = new ArrayList<>();
      for (JsonNode r : readings) {
        if (!r.isObject() || !utc(r, "ts") || !text(r, "metric") || !r.path("value").isNumber()) {
          return Optional.empty();
        }
        parsed.add(new Reading(Instant.parse(r.get("ts").textValue()).toEpochMilli(), r.get("metric").textValue(),
            r.get("value").doubleValue()));
      }
      return Optional.of(new Parsed(root.get("message_id").textValue(), root.get("store_id").textValue(),
          root.get("device").get("sensor_id").textValue(), Instant.parse(root.get("sent_at").textValue()).toEpochMilli(),
          parsed));
    } catch (CharacterCodingException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static boolean text(JsonNode node, String field) {
    return node != null && node.path(field).isTextual() && !node.get(field).textValue().isBlank();
  }

  private static boolean utc(JsonNode node, String field) {
    if (!text(node, field) || !node.get(field).textValue().endsWith("Z")) {
      return false;
    }
    try {
      Instant.parse(node.get(field).textValue());
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  /** The events each message raises, message by message, in send order. */
  List<List<Derived>> derive(List<SimulatedMessage> messages) {
    long lateness = thresholds.allowedLateness().toMillis();
    long horizon = thresholds.duplicateHorizon().toMillis();
    long timeout = thresholds.silenceTimeout().toMillis();
    Map<String, Long> newestOfSensor = new HashMap<>();
    Map<String, Long> firstSeen = new HashMap<>();
    Map<String, Integer> copies = new HashMap<>();
    Map<String, long[]> stores = new HashMap<>(); // store -> {lastSeen, reportedFor}
    long newest = Long.MIN_VALUE;
    List<List<Derived>> all = new ArrayList<>();
    for (SimulatedMessage message : messages) {
      List<Derived> events = new ArrayList<>();
      all.add(events);
      Optional<Parsed> parsed = parse(message.value());
      if (parsed.isEmpty()) {
        events.add(new Derived(EventType.MALFORMED_RECORD, null, null));
        continue;
      }
      Parsed p = parsed.get();
      Long sensorNewest = newestOfSensor.get(message.key());
      boolean lateForSure = sensorNewest != null && p.sentAtMs() < sensorNewest - lateness;
      boolean onTimeForSure = newest == Long.MIN_VALUE || p.sentAtMs() >= newest - lateness;
      if (lateForSure == onTimeForSure) {
        throw new AssertionError("whether " + message + " is late depends on the partitioning");
      }
      if (lateForSure) {
        events.add(new Derived(EventType.LATE_DATA, p.messageId(), p.sentAtMs()));
        continue;
      }
      Long first = firstSeen.get(p.messageId());
      if (first != null) {
        if (first < newest - horizon) {
          throw new AssertionError("whether " + message + " is a duplicate depends on batch cuts");
        }
        int copy = copies.merge(p.messageId(), 1, Integer::sum);
        events.add(new Derived(EventType.DUPLICATE_MESSAGE, p.messageId() + "#copy" + copy, p.sentAtMs()));
      } else {
        firstSeen.put(p.messageId(), p.sentAtMs());
        copies.put(p.messageId(), 1);
        Optional<StoreFleet.Store> store = fleet.store(p.storeId());
        if (store.isEmpty()) {
          events.add(new Derived(EventType.UNKNOWN_STORE, p.messageId(), p.sentAtMs()));
        }
        if (p.readings().size() < thresholds.minPointsFor(store.map(StoreFleet.Store::sizeClass).orElse(null))) {
          events.add(new Derived(EventType.INSUFFICIENT_DATA_POINTS, p.messageId(), p.sentAtMs()));
        }
        for (int i = 0; i < p.readings().size(); i++) {
          Reading r = p.readings().get(i);
          Optional<Thresholds.Range> range = thresholds.rangeOf(r.metric());
          if (range.isPresent() && (r.value() < range.get().min() || r.value() > range.get().max())) {
            events.add(new Derived(EventType.OUT_OF_RANGE, p.messageId() + "#" + i, r.tsMs()));
          }
        }
      }
      newestOfSensor.merge(message.key(), p.sentAtMs(), Math::max);
      newest = Math.max(newest, p.sentAtMs());
      if (fleet.store(p.storeId()).isPresent()) {
        long[] state = stores.computeIfAbsent(p.storeId(), s -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
        if (state[0] != Long.MIN_VALUE && p.sentAtMs() - state[0] > timeout) {
          silent(p.storeId(), state, events);
        }
        state[0] = Math.max(state[0], p.sentAtMs());
      }
      long clock = newest - lateness;
      for (Map.Entry<String, long[]> e : new java.util.TreeMap<>(stores).entrySet()) {
        if (clock - e.getValue()[0] > timeout) {
          silent(e.getKey(), e.getValue(), events);
        }
      }
    }
    return all;
  }

  private void silent(String storeId, long[] state, List<Derived> events) {
    if (state[1] != state[0]) {
      state[1] = state[0];
      events.add(new Derived(EventType.STORE_SILENT, storeId + "@" + state[0],
          state[0] + thresholds.silenceTimeout().toMillis()));
    }
  }

  /** The comparable form of a plan's expected event. */
  static Derived of(ExpectedEvent event) {
    return new Derived(event.type(), event.identity(),
        event.eventTime() == null ? null : event.eventTime().toEpochMilli());
  }
}
