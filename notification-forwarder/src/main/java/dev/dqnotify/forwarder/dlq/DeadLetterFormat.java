package dev.dqnotify.forwarder.dlq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The one definition of a dead letter on the wire: the original key, value and headers, plus
 * {@code dqnotify.errors.*} headers saying where the record was read and why it failed (the names
 * Kafka Connect's dead-letter queues use, under our own prefix). {@link DeadLetterPublisher} writes
 * them through {@link #headers}; {@link DeadLetterEntry} and {@link #origin} read them back.
 */
public final class DeadLetterFormat {

  /** Prefix of every header the forwarder adds to a dead letter. */
  public static final String PREFIX = "dqnotify.errors.";
  /** The outbox topic the record was read from. */
  public static final String TOPIC = PREFIX + "topic";
  /** Its partition there. */
  public static final String PARTITION = PREFIX + "partition";
  /** Its offset there. */
  public static final String OFFSET = PREFIX + "offset";
  /** The {@link Stage} that gave up on it. */
  public static final String STAGE = PREFIX + "stage";
  /** The class of the failure. */
  public static final String EXCEPTION_CLASS = PREFIX + "exception.class";
  /** What went wrong, for a person. */
  public static final String EXCEPTION_MESSAGE = PREFIX + "exception.message";
  /** Datadog's status, when Datadog rejected it. */
  public static final String HTTP_STATUS = PREFIX + "http.status";
  /** An excerpt of Datadog's answer, when Datadog rejected it. */
  public static final String HTTP_BODY = PREFIX + "http.body";

  /** Longer header values are cut here (and end with {@code …}), so one answer cannot bloat the topic. */
  private static final int MAX_HEADER_CHARS = 2_000;

  /** The stage of the forwarder that gave up on a record; its header value is {@link #label()}. */
  public enum Stage {
    /** The record is not a {@code DqEvent} in the wire format. */
    DECODE("cannot decode"),
    /** The event could not be turned into a Datadog event. */
    RENDER("cannot render"),
    /** Datadog rejected it. */
    DELIVER("not delivered");

    private final String failedTo;

    Stage(String failedTo) {
      this.failedTo = failedTo;
    }

    /** The header value: {@code decode}, {@code render} or {@code deliver}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** What could not be done, as {@code dlq list} says it: {@code cannot decode}, … */
    public String failedTo() {
      return failedTo;
    }

    /** The stage a header value names; empty for one this format does not define. */
    public static Optional<Stage> of(String label) {
      for (Stage stage : values()) {
        if (stage.label().equals(label)) {
          return Optional.of(stage);
        }
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      return label();
    }
  }

  private DeadLetterFormat() {}

  /** The headers of the dead letter of {@code original}: its own, then where it was read and {@code reason}. */
  static List<Header> headers(ConsumerRecord<byte[], byte[]> original, DeadLetter reason) {
    List<Header> headers = new ArrayList<>();
    original.headers().forEach(headers::add);
    headers.add(header(TOPIC, original.topic()));
    headers.add(header(PARTITION, Integer.toString(original.partition())));
    headers.add(header(OFFSET, Long.toString(original.offset())));
    headers.add(header(STAGE, reason.stage().label()));
    headers.add(header(EXCEPTION_CLASS, reason.exceptionClass()));
    headers.add(header(EXCEPTION_MESSAGE, reason.exceptionMessage()));
    reason.httpStatus().ifPresent(status -> headers.add(header(HTTP_STATUS, Integer.toString(status))));
    reason.httpBody().ifPresent(body -> headers.add(header(HTTP_BODY, body)));
    return headers;
  }

  private static Header header(String name, String value) {
    String text = value == null ? "" : value;
    if (text.length() > MAX_HEADER_CHARS) {
      text = text.substring(0, MAX_HEADER_CHARS) + "…";
    }
    return new RecordHeader(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The origin of any dead-letter record, from its topic, partition and offset headers. */
  public static Optional<DeadLetterEntry.Origin> origin(ConsumerRecord<byte[], byte[]> record) {
    Header topic = record.headers().lastHeader(TOPIC);
    Header partition = record.headers().lastHeader(PARTITION);
    Header offset = record.headers().lastHeader(OFFSET);
    if (topic == null || partition == null || offset == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new DeadLetterEntry.Origin(new TopicPartition(new String(topic.value(),
          StandardCharsets.UTF_8), Integer.parseInt(new String(partition.value(), StandardCharsets.UTF_8))),
          Long.parseLong(new String(offset.value(), StandardCharsets.UTF_8))));
    } catch (RuntimeException e) {
      return Optional.empty(); // headers written by something else: no origin to go by
    }
  }
}
