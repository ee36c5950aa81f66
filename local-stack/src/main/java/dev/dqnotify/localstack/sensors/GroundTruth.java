package dev.dqnotify.localstack.sensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ingest job must report for the messages a {@link SensorSimulator} wrote: every expected
 * event with its Kafka position, plus how many messages arrived how and how many curated rows the
 * clean ones make (one per reading). Immutable; written and read as a JSON manifest.
 */
public final class GroundTruth {

  /** The {@code format} of the manifest this class writes and reads. */
  public static final String FORMAT = "dqnotify-sensors-ground-truth/1";

  private final List<ExpectedEvent> events;
  private final Map<MessageKind.Arrival, Long> messagesByArrival;
  private final long curatedRows;

  private GroundTruth(List<ExpectedEvent> events, Map<MessageKind.Arrival, Long> messagesByArrival, long curatedRows) {
    this.events = List.copyOf(events);
    EnumMap<MessageKind.Arrival, Long> byArrival = new EnumMap<>(MessageKind.Arrival.class);
    for (MessageKind.Arrival arrival : MessageKind.Arrival.values()) {
      byArrival.put(arrival, messagesByArrival.getOrDefault(arrival, 0L));
    }
    this.messagesByArrival = java.util.Collections.unmodifiableMap(byArrival);
    this.curatedRows = curatedRows;
  }

  /** Nothing sent. */
  public static GroundTruth empty() {
    return new GroundTruth(List.of(), Map.of(), 0);
  }

  /** Every expected event, in the order their records were written. */
  public List<ExpectedEvent> events() {
    return events;
  }

  /** The expected events of {@code type}. */
  public List<ExpectedEvent> events(EventType type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }

  /** The job's {@code event_id}s of every expected event: compare with the ids the job emitted. */
  public Set<String> eventIds() {
    Set<String> ids = new LinkedHashSet<>();
    events.forEach(e -> ids.add(e.eventId()));
    return ids;
  }

  /** Expected events per type, every type present. */
  public Map<EventType, Long> countsByType() {
    Map<EventType, Long> counts = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      counts.put(type, 0L);
    }
    events.forEach(e -> counts.merge(e.type(), 1L, Long::sum));
    return counts;
  }

  /** How many events of {@code type} are expected. */
  public long count(EventType type) {
    return countsByType().get(type);
  }

  /** How many records were written. */
  public long messagesSent() {
    return messagesByArrival.values().stream().mapToLong(Long::longValue).sum();
  }

  /** How many records the job classifies as each arrival (every arrival present). */
  public Map<MessageKind.Arrival, Long> messagesByArrival() {
    return messagesByArrival;
  }

  /** How many curated rows the job writes: one per reading of every clean message. */
  public long curatedRows() {
    return curatedRows;
  }

  /** This ground truth followed by {@code later}'s (phase after phase). */
  public GroundTruth plus(GroundTruth later) {
    List<ExpectedEvent> all = new ArrayList<>(events);
    all.addAll(later.events);
    Map<MessageKind.Arrival, Long> byArrival = new EnumMap<>(messagesByArrival);
    later.messagesByArrival.forEach((arrival, n) -> byArrival.merge(arrival, n, Long::sum));
    return new GroundTruth(all, byArrival, curatedRows + later.curatedRows);
  }

  /** The manifest as JSON. */
  public String toJson() {
    ObjectNode root = ContractMessages.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("messages_sent", messagesSent());
    ObjectNode byArrival = root.putObject("messages_by_arrival");
    messagesByArrival.forEach((arrival, n) -> byArrival.put(arrival.name(), n));
    root.put("curated_rows", curatedRows);
    ObjectNode counts = root.putObject("counts");
    countsByType().forEach((type, n) -> counts.put(type.name(), n));
    ArrayNode list = root.putArray("events");
    for (ExpectedEvent e : events) {
      ObjectNode event = list.addObject();
      event.put("event_type", e.type().name());
      event.put("event_id", e.eventId());
      event.put("identity", e.identity());
      event.put("message_id", e.messageId());
      event.put("store_id", e.storeId());
      event.put("sensor_id", e.sensorId());
      event.put("topic", e.topic());
      event.put("partition", e.partition());
      event.put("offset", e.offset());
      event.put("event_time", e.eventTime() == null ? null : ContractMessages.timestamp(e.eventTime()));
    }
    try {
      return ContractMessages.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a manifest written by {@link #toJson()}; the counts are recomputed from the events.
   *
   * @throws IllegalArgumentException when the text is not such a manifest
   */
  public static GroundTruth fromJson(String json) {
    JsonNode root;
    try {
      root = ContractMessages.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("the ground-truth manifest is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("not a ground-truth manifest of format " + FORMAT);
    }
    List<ExpectedEvent> events = new ArrayList<>();
    for (JsonNode e : root.path("events")) {
      events.add(new ExpectedEvent(EventType.valueOf(e.path("event_type").asText()), text(e, "identity"),
          text(e, "message_id"), text(e, "store_id"), text(e, "sensor_id"), text(e, "topic"),
          e.path("partition").isNumber() ? e.get("partition").intValue() : null,
          e.path("offset").isNumber() ? e.get("offset").longValue() : null,
          text(e, "event_time") == null ? null : Instant.parse(text(e, "event_time"))));
    }
    Map<MessageKind.Arrival, Long> byArrival = new EnumMap<>(MessageKind.Arrival.class);
    root.path("messages_by_arrival").fields()
        .forEachRemaining(f -> byArrival.put(MessageKind.Arrival.valueOf(f.getKey()), f.getValue().longValue()));
    return new GroundTruth(events, byArrival, root.path("curated_rows").longValue());
  }

  /** Writes the manifest to {@code file} (UTF-8), creating its directory. */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the ground-truth manifest to " + file, e);
    }
  }

  /** Reads the manifest in {@code file}. */
  public static GroundTruth read(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the ground-truth manifest " + file, e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GroundTruth g && events.equals(g.events) && messagesByArrival.equals(g.messagesByArrival)
        && curatedRows == g.curatedRows;
  }

  @Override
  public int hashCode() {
    return events.hashCode();
  }

  @Override
  public String toString() {
    return "GroundTruth" + countsByType() + " of " + messagesSent() + " messages";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** Collects the ground truth of records as they are acknowledged. */
  static final class Recorder {
    private final List<ExpectedEvent> events = new ArrayList<>();
    private final Map<MessageKind.Arrival, Long> byArrival = new EnumMap<>(MessageKind.Arrival.class);
    private long curatedRows;

    void record(SimulatedMessage message, String topic, int partition, long offset) {
      message.expected().forEach(e -> events.add(e.writtenAt(topic, partition, offset)));
      byArrival.merge(message.arrival(), 1L, Long::sum);
      if (message.arrival() == MessageKind.Arrival.CLEAN) {
        curatedRows += message.readings();
      }
    }

    GroundTruth snapshot() {
      return new GroundTruth(events, byArrival, curatedRows);
    }
  }
}
