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
 * One record of the dead-letter topic, with its {@link DeadLetterFormat} headers read back.
 *
 * @param record the dead-letter record itself
 * @param headers every header as UTF-8 text, in order (a key may repeat)
 */
public record DeadLetterEntry(ConsumerRecord<byte[], byte[]> record, List<Map.Entry<String, String>> headers) {

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

  /** The last value of header {@code name} (one of {@link DeadLetterFormat}'s), if present. */
  public Optional<String> error(String key) {
    String value = null;
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equals(key)) {
        value = header.getValue();
      }
    }
    return Optional.ofNullable(value);
  }

  /** The stage that gave up, as its header says ({@code decode}, {@code render}, {@code deliver}). */
  public String stage() {
    return error(DeadLetterFormat.STAGE).orElse("?");
  }

  /** The failure's class, e.g. {@code dev.dqnotify.schemas.codec.WireFormatException}. */
  public String exceptionClass() {
    return error(DeadLetterFormat.EXCEPTION_CLASS).orElse("?");
  }

  /** What went wrong. */
  public String exceptionMessage() {
    return error(DeadLetterFormat.EXCEPTION_MESSAGE).orElse("");
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
    String doing = DeadLetterFormat.Stage.of(stage()).map(DeadLetterFormat.Stage::failedTo).orElse("failed");
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
    return error(DeadLetterFormat.HTTP_STATUS).map(s -> {
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

  /** The origin of any dead-letter record (see {@link DeadLetterFormat#origin}). */
  public static Optional<Origin> origin(ConsumerRecord<byte[], byte[]> record) {
    return DeadLetterFormat.origin(record);
  }
}
