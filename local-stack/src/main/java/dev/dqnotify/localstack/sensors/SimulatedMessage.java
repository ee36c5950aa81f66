package dev.dqnotify.localstack.sensors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One Kafka record of a simulation, in send order, with the events it must raise.
 *
 * @param sequence its position in the plan's send order, from 0
 * @param kind what it is (normal, a duplicate copy, one of the malformed kinds, …)
 * @param key the Kafka key: the sensor id
 * @param value the Kafka value (see {@link #value()})
 * @param messageId the message id the simulator gave it (a malformed record may not show it; its
 *     expected event carries what the job can read)
 * @param storeId the store that sent it
 * @param sensorId the sensor that sent it
 * @param sentAt its {@code sent_at}; null for a malformed record
 * @param emittedAt when, in event time, the sensor sends it: {@code sent_at} for a regular message, the
 *     preceding message's {@code sent_at} for an injected one; a paced run sends it at this wall-clock time
 * @param readings how many readings it carries (0 for a malformed record)
 * @param expected the events it raises when the job reads it; a STORE_SILENT event is attached to the
 *     first message whose {@code sent_at} moves the job's event-time clock past the silence
 */
public record SimulatedMessage(
    int sequence,
    MessageKind kind,
    String key,
    byte[] value,
    String messageId,
    String storeId,
    String sensorId,
    Instant sentAt,
    Instant emittedAt,
    int readings,
    List<ExpectedEvent> expected) {

  /** Copies the value and the list. */
  public SimulatedMessage {
    value = value.clone();
    expected = List.copyOf(expected);
  }

  /** The Kafka value: a copy, so the plan stays unchanged. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** How the job's arrival classifier takes this record. */
  public MessageKind.Arrival arrival() {
    return kind.arrival();
  }

  /** This message with more expected events (a STORE_SILENT it reveals). */
  SimulatedMessage expecting(List<ExpectedEvent> more) {
    List<ExpectedEvent> all = new java.util.ArrayList<>(expected);
    all.addAll(more);
    return new SimulatedMessage(sequence, kind, key, value, messageId, storeId, sensorId, sentAt, emittedAt, readings,
        all);
  }

  /** Equal when every field is, the value compared byte by byte. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SimulatedMessage m && sequence == m.sequence && kind == m.kind
        && Objects.equals(key, m.key) && Arrays.equals(value, m.value) && Objects.equals(messageId, m.messageId)
        && Objects.equals(storeId, m.storeId) && Objects.equals(sensorId, m.sensorId)
        && Objects.equals(sentAt, m.sentAt) && emittedAt.equals(m.emittedAt) && readings == m.readings
        && expected.equals(m.expected);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequence, kind, key, Arrays.hashCode(value), messageId, sentAt, expected);
  }

  /** Sequence, kind, key and the value as text (invalid UTF-8 replaced). */
  @Override
  public String toString() {
    return "#" + sequence + " " + kind + " key=" + key + " expected=" + expected.stream().map(ExpectedEvent::type)
        .toList() + " value=" + new String(value, StandardCharsets.UTF_8);
  }
}
