package dev.dqnotify.localstack.sensors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One DqEvent the ingest job must emit, with the fields the event carries. {@link #identity()} and
 * {@link #eventId()} follow the job's {@code Situation}: the id is a name-based UUID of
 * {@code type|identity}, so a test can match emitted events to expected ones exactly.
 *
 * <table>
 *   <caption>identity and event time per type</caption>
 *   <tr><th>type</th><th>identity</th><th>event time</th></tr>
 *   <tr><td>MALFORMED_RECORD</td><td>{@code topic/partition@offset}</td><td>none</td></tr>
 *   <tr><td>INSUFFICIENT_DATA_POINTS, LATE_DATA, UNKNOWN_STORE</td><td>message id</td><td>{@code sent_at}</td></tr>
 *   <tr><td>DUPLICATE_MESSAGE</td><td>{@code messageId#copy2}</td><td>{@code sent_at}</td></tr>
 *   <tr><td>OUT_OF_RANGE</td><td>{@code messageId#readingIndex}</td><td>the reading's {@code ts}</td></tr>
 *   <tr><td>STORE_SILENT</td><td>{@code storeId@lastSeenEpochMs}</td><td>last seen + silence timeout</td></tr>
 * </table>
 *
 * @param type the event type
 * @param identity what the event concerns, stable across replays; null for a malformed record not yet sent
 * @param messageId the message's id; for a malformed record whatever the parser read before it failed (often null)
 * @param storeId the store (for a malformed record: as far as the parser read)
 * @param sensorId the sensor (for a malformed record: as far as the parser read); null for STORE_SILENT
 * @param topic where the record was written; null before sending and for STORE_SILENT
 * @param partition its partition; null before sending and for STORE_SILENT
 * @param offset its offset; null before sending and for STORE_SILENT
 * @param eventTime the event's {@code event_time}; null for MALFORMED_RECORD
 */
public record ExpectedEvent(
    EventType type,
    String identity,
    String messageId,
    String storeId,
    String sensorId,
    String topic,
    Integer partition,
    Long offset,
    Instant eventTime) {

  static ExpectedEvent about(EventType type, String identity, SimulatedMessage message, Instant eventTime) {
    return new ExpectedEvent(type, identity, message.messageId(), message.storeId(), message.sensorId(), null, null,
        null, eventTime);
  }

  static ExpectedEvent malformed(String messageId, String storeId, String sensorId) {
    return new ExpectedEvent(EventType.MALFORMED_RECORD, null, messageId, storeId, sensorId, null, null, null, null);
  }

  static ExpectedEvent storeSilent(String storeId, Instant lastSeen, java.time.Duration timeout) {
    return new ExpectedEvent(EventType.STORE_SILENT, storeId + "@" + lastSeen.toEpochMilli(), null, storeId, null,
        null, null, null, lastSeen.plus(timeout));
  }

  /**
   * The job's {@code event_id} of this event; null while the identity is unknown (a malformed
   * record before it was sent).
   */
  public String eventId() {
    return identity == null ? null
        : UUID.nameUUIDFromBytes((type.name() + "|" + identity).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** This event of a record written at {@code topic/partition@offset} (STORE_SILENT has no record). */
  ExpectedEvent writtenAt(String topic, int partition, long offset) {
    if (type == EventType.STORE_SILENT) {
      return this;
    }
    String id = type == EventType.MALFORMED_RECORD ? topic + "/" + partition + "@" + offset : identity;
    return new ExpectedEvent(type, id, messageId, storeId, sensorId, topic, partition, offset, eventTime);
  }
}
