package dev.dqnotify.ingest.parse;

import java.io.Serializable;
import java.util.List;

/**
 * One record of {@code sensor-raw} after parsing: where it was read, and either the contract
 * fields of a valid message or why it is malformed. A Spark bean (public no-argument constructor,
 * getters and setters), so datasets of it need no hand-written schema.
 */
public final class ParsedRecord implements Serializable {
  private static final long serialVersionUID = 1L;

  // Where the record was read.
  private String topic;
  private int partition;
  private long offset;
  private long kafkaTimestampMs;

  // Set for a valid message.
  private String messageId;
  private int schemaVersion;
  private String storeId;
  private String sensorId;
  private String deviceType;
  private String manufacturer;
  private String firmware;
  private long sentAtMs;
  private Integer intervalS;
  private List<Reading> readings;

  // Set by the arrival classifier: CLEAN, LATE, DUPLICATE or MALFORMED.
  private String arrival;
  private Long watermarkMs;
  private Integer copyNumber;

  // Set for a malformed record.
  private String malformedReason;
  private String rawExcerpt;

  /** For Spark's bean encoder. */
  public ParsedRecord() {}

  /** Whether the record is a valid contract message. */
  public boolean valid() {
    return malformedReason == null;
  }

  public String getTopic() { return topic; }
  public void setTopic(String topic) { this.topic = topic; }
  public int getPartition() { return partition; }
  public void setPartition(int partition) { this.partition = partition; }
  public long getOffset() { return offset; }
  public void setOffset(long offset) { this.offset = offset; }
  /** The Kafka record's timestamp, epoch milliseconds. */
  public long getKafkaTimestampMs() { return kafkaTimestampMs; }
  public void setKafkaTimestampMs(long kafkaTimestampMs) { this.kafkaTimestampMs = kafkaTimestampMs; }
  public String getMessageId() { return messageId; }
  public void setMessageId(String messageId) { this.messageId = messageId; }
  public int getSchemaVersion() { return schemaVersion; }
  public void setSchemaVersion(int schemaVersion) { this.schemaVersion = schemaVersion; }
  public String getStoreId() { return storeId; }
  public void setStoreId(String storeId) { this.storeId = storeId; }
  public String getSensorId() { return sensorId; }
  public void setSensorId(String sensorId) { this.sensorId = sensorId; }
  public String getDeviceType() { return deviceType; }
  public void setDeviceType(String deviceType) { this.deviceType = deviceType; }
  public String getManufacturer() { return manufacturer; }
  public void setManufacturer(String manufacturer) { this.manufacturer = manufacturer; }
  public String getFirmware() { return firmware; }
  public void setFirmware(String firmware) { this.firmware = firmware; }
  /** {@code sent_at}: the event time of the message, epoch milliseconds. */
  public long getSentAtMs() { return sentAtMs; }
  public void setSentAtMs(long sentAtMs) { this.sentAtMs = sentAtMs; }
  public Integer getIntervalS() { return intervalS; }
  public void setIntervalS(Integer intervalS) { this.intervalS = intervalS; }
  public List<Reading> getReadings() { return readings; }
  public void setReadings(List<Reading> readings) { this.readings = readings; }
  /** How the record arrived: {@code CLEAN}, {@code LATE}, {@code DUPLICATE} or {@code MALFORMED}. */
  public String getArrival() { return arrival; }
  public void setArrival(String arrival) { this.arrival = arrival; }
  /** The partition's watermark when the record arrived (for LATE). */
  public Long getWatermarkMs() { return watermarkMs; }
  public void setWatermarkMs(Long watermarkMs) { this.watermarkMs = watermarkMs; }
  /** Which copy of its message id this is, 2 for the first duplicate (for DUPLICATE). */
  public Integer getCopyNumber() { return copyNumber; }
  public void setCopyNumber(Integer copyNumber) { this.copyNumber = copyNumber; }
  /** Why the record is not a valid contract message; null when it is. */
  public String getMalformedReason() { return malformedReason; }
  public void setMalformedReason(String malformedReason) { this.malformedReason = malformedReason; }
  /** At most 512 characters of the raw value, for a malformed record. */
  public String getRawExcerpt() { return rawExcerpt; }
  public void setRawExcerpt(String rawExcerpt) { this.rawExcerpt = rawExcerpt; }
}
