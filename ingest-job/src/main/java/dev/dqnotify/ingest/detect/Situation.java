package dev.dqnotify.ingest.detect;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A data-quality situation a detector recognised, before it becomes a {@code DqEvent}. A Spark
 * bean. Its {@link #eventId()} is derived from the rule and the identity of what it concerns, never
 * from time or batch, so a re-run, a restart or a replay finds the same id.
 */
public final class Situation implements Serializable {
  private static final long serialVersionUID = 1L;

  private String eventType;
  private String severity;
  private String identity;
  private Long eventTimeMs;
  private String storeId;
  private String sensorId;
  private String messageId;
  private String topic;
  private Integer partition;
  private Long offset;
  private String summary;
  private Map<String, String> details = new LinkedHashMap<>();

  /** For Spark's bean encoder. */
  public Situation() {}

  /** A situation of {@code type} whose identity (stable across replays) is {@code identity}. */
  static Situation of(String type, String severity, String identity) {
    Situation situation = new Situation();
    situation.eventType = type;
    situation.severity = severity;
    situation.identity = identity;
    return situation;
  }

  /** Copies the message's ids and source position. */
  Situation about(ParsedRecord record) {
    storeId = record.getStoreId();
    sensorId = record.getSensorId();
    messageId = record.getMessageId();
    topic = record.getTopic();
    partition = record.getPartition();
    offset = record.getOffset();
    return this;
  }

  Situation at(Long eventTimeMs) {
    this.eventTimeMs = eventTimeMs;
    return this;
  }

  Situation summary(String summary) {
    this.summary = summary;
    return this;
  }

  Situation detail(String key, Object value) {
    if (value != null) {
      details.put(key, String.valueOf(value));
    }
    return this;
  }

  /** The deterministic event id: a name-based UUID of the rule and the identity. */
  public String eventId() {
    return UUID.nameUUIDFromBytes((eventType + "|" + identity).getBytes(StandardCharsets.UTF_8)).toString();
  }

  public String getEventType() { return eventType; }
  public void setEventType(String eventType) { this.eventType = eventType; }
  public String getSeverity() { return severity; }
  public void setSeverity(String severity) { this.severity = severity; }
  /** What the situation concerns, stable across replays: e.g. a message id, a store and time. */
  public String getIdentity() { return identity; }
  public void setIdentity(String identity) { this.identity = identity; }
  public Long getEventTimeMs() { return eventTimeMs; }
  public void setEventTimeMs(Long eventTimeMs) { this.eventTimeMs = eventTimeMs; }
  public String getStoreId() { return storeId; }
  public void setStoreId(String storeId) { this.storeId = storeId; }
  public String getSensorId() { return sensorId; }
  public void setSensorId(String sensorId) { this.sensorId = sensorId; }
  public String getMessageId() { return messageId; }
  public void setMessageId(String messageId) { this.messageId = messageId; }
  public String getTopic() { return topic; }
  public void setTopic(String topic) { this.topic = topic; }
  public Integer getPartition() { return partition; }
  public void setPartition(Integer partition) { this.partition = partition; }
  public Long getOffset() { return offset; }
  public void setOffset(Long offset) { this.offset = offset; }
  public String getSummary() { return summary; }
  public void setSummary(String summary) { this.summary = summary; }
  public Map<String, String> getDetails() { return details; }
  public void setDetails(Map<String, String> details) { this.details = details; }

  @Override
  public String toString() {
    return eventType + "(" + identity + "): " + summary;
  }
}
