package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@code POST /api/v1/events} body the way Datadog's v1 Events API does, so a client that
 * passes here is not rejected by the real service for the limits Datadog documents.
 */
final class EventValidator {

  static final int MAX_TEXT_CHARACTERS = 4000;
  static final int MAX_AGGREGATION_KEY_CHARACTERS = 100;
  static final Duration MAX_AGE = Duration.ofHours(18);
  static final Duration MAX_AHEAD = Duration.ofHours(2);

  // Listed in Datadog's order so the error message reads like its documentation.
  private static final List<String> ALERT_TYPES =
      List.of("error", "warning", "info", "success", "user_update", "recommendation", "snapshot");
  private static final List<String> PRIORITIES = List.of("normal", "low");
  private static final Set<String> ALERT_TYPE_SET = Set.copyOf(ALERT_TYPES);
  private static final Set<String> PRIORITY_SET = Set.copyOf(PRIORITIES);

  private EventValidator() {}

  /** The outcome of checking one request body. */
  sealed interface Result {}

  /**
   * The body is an event Datadog would accept.
   *
   * @param event the event, received now; its id is 0 until the {@link Recorder} numbers it
   * @param relatedEventId {@code related_event_id} as sent, or null (echoed in the answer only)
   * @param tagsSent whether the request had tags, as Datadog then echoes {@code "tags":null}
   */
  record Valid(ReceivedEvent event, Long relatedEventId, boolean tagsSent) implements Result {}

  /** Datadog would answer 400 with this reason. */
  record Invalid(String reason) implements Result {}

  /**
   * @param now the time of receipt; Datadog's window for {@code date_happened} is in whole seconds,
   *     so the boundaries are compared at that precision
   */
  static Result validate(String body, Instant now) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return new Invalid("Request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return new Invalid("Request body must be a JSON object");
    }
    try {
      return read(root, body, now);
    } catch (Rejection rejection) {
      return new Invalid(rejection.getMessage());
    }
  }

  private static Valid read(JsonNode root, String body, Instant now) {
    long nowSeconds = now.getEpochSecond();
    String title = requiredText(root, "title", "Event title is required");
    String text = requiredText(root, "text", "Event text is required");
    int textLength = text.codePointCount(0, text.length());
    if (textLength > MAX_TEXT_CHARACTERS) {
      throw new Rejection(
          "Event text is limited to " + MAX_TEXT_CHARACTERS + " characters, got " + textLength);
    }
    String aggregationKey = optionalText(root, "aggregation_key");
    if (aggregationKey != null) {
      int length = aggregationKey.codePointCount(0, aggregationKey.length());
      if (length > MAX_AGGREGATION_KEY_CHARACTERS) {
        throw new Rejection(
            "aggregation_key is limited to "
                + MAX_AGGREGATION_KEY_CHARACTERS
                + " characters, got "
                + length);
      }
    }
    String alertType = oneOf(root, "alert_type", ALERT_TYPE_SET, ALERT_TYPES);
    String priority = oneOf(root, "priority", PRIORITY_SET, PRIORITIES);
    List<String> tags = tags(root);
    ReceivedEvent event = new ReceivedEvent(
        0,
        title,
        text,
        tags,
        alertType,
        priority,
        aggregationKey,
        Instant.ofEpochSecond(dateHappened(root, nowSeconds)),
        optionalText(root, "source_type_name"),
        optionalText(root, "host"),
        now,
        body);
    return new Valid(event, relatedEventId(root), tags != null);
  }

  /** Datadog refuses a {@code related_event_id} that is not an integer, e.g. an id as a string. */
  private static Long relatedEventId(JsonNode root) {
    JsonNode node = root.get("related_event_id");
    if (isAbsent(node)) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new Rejection("Invalid JSON structure: related_event_id must be an integer");
    }
    return node.asLong();
  }

  private static long dateHappened(JsonNode root, long nowSeconds) {
    JsonNode node = root.get("date_happened");
    if (isAbsent(node)) {
      return nowSeconds;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new Rejection("date_happened must be a whole number of seconds since the epoch");
    }
    long seconds = node.asLong();
    if (nowSeconds - seconds > MAX_AGE.toSeconds()) {
      throw new Rejection("Event too far in the past");
    }
    if (seconds - nowSeconds > MAX_AHEAD.toSeconds()) {
      throw new Rejection("Event too far in the future");
    }
    return seconds;
  }

  private static List<String> tags(JsonNode root) {
    JsonNode node = root.get("tags");
    if (isAbsent(node)) {
      return null;
    }
    if (!node.isArray()) {
      throw new Rejection("tags must be an array of strings");
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : node) {
      if (!tag.isTextual()) {
        throw new Rejection("tags must be an array of strings");
      }
      tags.add(tag.asText());
    }
    return List.copyOf(tags);
  }

  private static String requiredText(JsonNode root, String field, String reasonWhenMissing) {
    String value = optionalText(root, field);
    if (value == null || value.isBlank()) {
      throw new Rejection(reasonWhenMissing);
    }
    return value;
  }

  private static String oneOf(JsonNode root, String field, Set<String> valid, List<String> listed) {
    String value = optionalText(root, field);
    if (value != null && !valid.contains(value)) {
      throw new Rejection(
          "Invalid " + field + " '" + value + "': must be one of " + String.join(", ", listed));
    }
    return value;
  }

  private static String optionalText(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (isAbsent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      throw new Rejection(field + " must be a string");
    }
    return node.asText();
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull();
  }

  /** Ends validation early with the reason Datadog would give. */
  private static final class Rejection extends RuntimeException {
    Rejection(String reason) {
      super(reason, null, false, false);
    }
  }
}
