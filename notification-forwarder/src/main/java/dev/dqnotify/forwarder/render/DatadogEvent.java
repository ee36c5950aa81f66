package dev.dqnotify.forwarder.render;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One Datadog v1 event, ready to post; a notification becomes one or more of these (its pages).
 *
 * <p>The constructor enforces Datadog's limits, so a rendering mistake fails here rather than as a
 * 400 from Datadog. Lengths are counted in UTF-16 units, never fewer than the characters Datadog
 * counts.
 *
 * @param notificationId the notification this event renders; shared by all its pages
 * @param part this page, from 1
 * @param parts the number of pages
 * @param title at most {@value #MAX_TITLE_LENGTH} characters
 * @param text markdown wrapped in {@code %%% \n … \n %%%}, at most {@value #MAX_TEXT_LENGTH}
 *     characters in all
 * @param tags sanitised {@code key:value} tags
 * @param alertType {@code error}, {@code warning} or {@code info}
 * @param priority {@code normal} or {@code low}
 * @param aggregationKey shared by all pages, at most {@value #MAX_AGGREGATION_KEY_LENGTH}
 *     characters
 *
 * <p>There is no {@code date_happened}: Datadog dates an event without one at its reception, which
 * keeps every delivery inside its route monitor's window whatever the situation's age (the
 * situation's own time is in the text and the {@code event_date} tag; see {@code docs/monitors.md}).
 */
public record DatadogEvent(
    String notificationId,
    int part,
    int parts,
    String title,
    String text,
    List<String> tags,
    String alertType,
    String priority,
    String aggregationKey) {

  /** Datadog's limit on {@code title}. */
  public static final int MAX_TITLE_LENGTH = 100;

  /** Datadog's limit on {@code text}, markdown wrapper included. */
  public static final int MAX_TEXT_LENGTH = 4000;

  /** Datadog's limit on {@code aggregation_key}. */
  public static final int MAX_AGGREGATION_KEY_LENGTH = 100;

  private static final Set<String> ALERT_TYPES = Set.of("error", "warning", "info");
  private static final Set<String> PRIORITIES = Set.of("normal", "low");

  /** Checks Datadog's limits and takes an immutable copy of the tags. */
  public DatadogEvent {
    Objects.requireNonNull(notificationId, "notificationId");
    if (part < 1 || part > parts) {
      throw new IllegalArgumentException("part " + part + " of " + parts);
    }
    requireAtMost("title", title, MAX_TITLE_LENGTH);
    requireAtMost("text", text, MAX_TEXT_LENGTH);
    requireAtMost("aggregation_key", aggregationKey, MAX_AGGREGATION_KEY_LENGTH);
    if (!ALERT_TYPES.contains(alertType)) {
      throw new IllegalArgumentException("alert_type '" + alertType + "' not in " + ALERT_TYPES);
    }
    if (!PRIORITIES.contains(priority)) {
      throw new IllegalArgumentException("priority '" + priority + "' not in " + PRIORITIES);
    }
    tags = List.copyOf(tags);
  }

  private static void requireAtMost(String field, String value, int max) {
    Objects.requireNonNull(value, field);
    if (value.length() > max) {
      throw new IllegalArgumentException(
          field + " has " + value.length() + " characters; Datadog accepts at most " + max);
    }
  }
}
