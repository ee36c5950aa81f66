package dev.dqnotify.localstack.datadog;

import java.time.Instant;
import java.util.List;

/**
 * An event the {@link DatadogSimulator} accepted (answered 202), as the client sent it.
 *
 * @param id the id the simulator answered with (as {@code id} and {@code id_str})
 * @param title the event's title
 * @param text the event's text
 * @param tags the tags sent, empty when none were
 * @param alertType {@code alert_type} as sent, or null
 * @param priority {@code priority} as sent, or null
 * @param aggregationKey {@code aggregation_key} as sent, or null
 * @param dateHappened {@code date_happened} as sent, or the time of receipt when none was sent
 * @param sourceTypeName {@code source_type_name} as sent, or null
 * @param host {@code host} as sent, or null
 * @param receivedAt when the simulator received the request, by its clock
 * @param rawJson the request body exactly as received
 */
public record ReceivedEvent(
    long id,
    String title,
    String text,
    List<String> tags,
    String alertType,
    String priority,
    String aggregationKey,
    Instant dateHappened,
    String sourceTypeName,
    String host,
    Instant receivedAt,
    String rawJson) {

  /** Copies {@code tags}, so the record stays unchanged however the caller's list changes. */
  public ReceivedEvent {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** This event under the id {@code newId}. */
  ReceivedEvent withId(long newId) {
    return new ReceivedEvent(newId, title, text, tags, alertType, priority, aggregationKey, dateHappened,
        sourceTypeName, host, receivedAt, rawJson);
  }
}
