package dev.dqnotify.localstack.datadog;

import java.time.Instant;
import java.util.List;

/** Accepted events for unit tests of the search and the evaluator, without HTTP. */
final class TestEvents {

  private static long nextId = 1;

  private TestEvents() {}

  /** An info event with {@code tags}, happened at {@code happened}. */
  static ReceivedEvent at(Instant happened, String... tags) {
    return event("Null rate rose", "orders.customer_id", null, null, "info", happened, tags);
  }

  static ReceivedEvent event(
      String title,
      String text,
      String sourceTypeName,
      String host,
      String alertType,
      Instant happened,
      String... tags) {
    return new ReceivedEvent(
        nextId++,
        title,
        text,
        List.of(tags),
        alertType,
        "normal",
        null,
        happened,
        sourceTypeName,
        host,
        happened,
        "{}");
  }

  static SearchableEvent searchable(String... tags) {
    return SearchableEvent.of(at(Instant.EPOCH, tags));
  }
}
