package dev.dqnotify.forwarder.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * One record of the dead-letter topic, with the reason headers {@link DeadLetterPublisher} wrote
 * read back.
 *
 * @param record the dead-letter record itself
 * @param headers every header as UTF-8 text, in order (a key may repeat)
 */
public record DeadLetterEntry(ConsumerRecord<byte[], byte[]> record, List<Map.Entry<String, String>> headers) {

  private static final String PREFIX = DeadLetterPublisher.HEADER_PREFIX;

  /** Takes an immutable copy of the headers. */
  public DeadLetterEntry {
    headers = List.copyOf(headers);
  }

  /** The entry of a dead-letter record. */
  public static DeadLetterEntry of(ConsumerRecord<byte[], byte[]> record) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      String value = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
      headers.add(Map.entry(header.key(), value));
    }
    return new DeadLetterEntry(record, headers);
  }

  /** Where in the dead-letter topic it is. */
  public TopicPartition partition() {
    return new TopicPartition(record.topic(), record.partition());
  }

  /** Its offset in the dead-letter topic. */
  public long offset() {
    return record.offset();
  }

  /** When it was dead-lettered. */
  public Instant time() {
    return Instant.ofEpochMilli(record.timestamp());
  }

  /** The last value of header {@code dqnotify.errors.<name>}, if present. */
  public Optional<String> error(String name) {
    String key = PREFIX + name;
    String value = null;
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equals(key)) {
        value = header.getValue();
      }
    }
    return Optional.ofNullable(value);
  }

  /** The stage that gave up: {@code decode}, {@code render} or {@code deliver}. */
  public String stage() {
    return error("stage").orElse("?");
  }

  /** The failure's class, e.g. {@code dev.dqnotify.schemas.codec.WireFormatException}. */
  public String exceptionClass() {
    return error("exception.class").orElse("?");
  }

  /** What went wrong. */
  public String exceptionMessage() {
    return error("exception.message").orElse("");
  }

  /**
   * Why it was dead-lettered, for a person reading {@code dlq list}: Datadog's answer when Datadog
   * rejected it, else what the stage could not do and the failure's message — the exception's class
   * (kept in the headers, {@code dlq show}) only as words, when the failure had no message.
   */
  public String reason() {
    String message = exceptionMessage().strip();
    if (httpStatus().isPresent() && !message.isEmpty()) {
      return message; // "Datadog rejected the event with HTTP 400: …"
    }
    String doing = switch (stage()) {
      case "decode" -> "cannot decode";
      case "render" -> "cannot render";
      case "deliver" -> "not delivered";
      default -> "failed";
    };
    boolean hasMessage = !message.isEmpty() && !message.equals("null");
    return doing + ": " + (hasMessage ? message : words(exceptionClass()));
  }

  /** {@code dev.dqnotify.schemas.codec.WireFormatException} → {@code wire format exception}. */
  private static String words(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    simple = simple.substring(simple.lastIndexOf('$') + 1);
    return simple.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }

  /** Datadog's status, when Datadog rejected it. */
  public OptionalInt httpStatus() {
    return error("http.status").map(s -> {
      try {
        return OptionalInt.of(Integer.parseInt(s.trim()));
      } catch (NumberFormatException e) {
        return OptionalInt.empty();
      }
    }).orElse(OptionalInt.empty());
  }

  /** The outbox record it was, when its headers say where it was read. */
  public Optional<Origin> origin() {
    return origin(record);
  }

  /**
   * Where a dead letter was read before it was dead-lettered.
   *
   * @param partition the outbox topic and partition
   * @param offset its offset there
   */
  public record Origin(TopicPartition partition, long offset) {
    @Override
    public String toString() {
      return partition + "@" + offset;
    }
  }

  /** The origin of any dead-letter record, from its {@code dqnotify.errors.topic/partition/offset} headers. */
  public static Optional<Origin> origin(ConsumerRecord<byte[], byte[]> record) {
    Header topic = record.headers().lastHeader(PREFIX + "topic");
    Header partition = record.headers().lastHeader(PREFIX + "partition");
    Header offset = record.headers().lastHeader(PREFIX + "offset");
    if (topic == null || partition == null || offset == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Origin(new TopicPartition(new String(topic.value(), StandardCharsets.UTF_8),
          Integer.parseInt(new String(partition.value(), StandardCharsets.UTF_8))),
          Long.parseLong(new String(offset.value(), StandardCharsets.UTF_8))));
    } catch (RuntimeException e) {
      return Optional.empty(); // headers written by something else: no origin to go by
    }
  }
}
