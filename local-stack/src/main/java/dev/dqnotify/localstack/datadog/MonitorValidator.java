package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a monitor definition the way Datadog's v1 Monitors API does for the parts dqnotify uses,
 * collecting every problem, as Datadog lists several in one 400. An {@code event-v2 alert} query is
 * read in full ({@link EventMonitorQuery}); other types only need a query. Where Datadog would take
 * a missing name or message, this is stricter: a monitor without them pages nobody usefully, and
 * our tooling always sends both.
 */
final class MonitorValidator {

  /** The types Datadog's v1 API accepts, in its documentation's order. */
  static final List<String> TYPES =
      List.of(
          "composite",
          "event alert",
          "log alert",
          "metric alert",
          "process alert",
          "query alert",
          "rum alert",
          "service check",
          "synthetics alert",
          "trace-analytics alert",
          "slo alert",
          "event-v2 alert",
          "audit alert",
          "ci-pipelines alert",
          "ci-tests alert",
          "error-tracking alert",
          "database-monitoring alert",
          "network-performance alert",
          "cost alert",
          "data-quality alert");

  static final String EVENT_V2 = "event-v2 alert";
  static final int MAX_TAG_LENGTH = 200;

  private static final Set<String> TYPE_SET = Set.copyOf(TYPES);

  private MonitorValidator() {}

  /**
   * A monitor definition Datadog would store.
   *
   * @param tags never null; empty when none were sent
   * @param options the options as sent, never null
   * @param priority 1–5, or null for none
   */
  record Definition(
      String type,
      String name,
      String query,
      String message,
      List<String> tags,
      ObjectNode options,
      Long priority) {}

  /**
   * Reads a complete definition (a create body, or an update merged onto the stored monitor).
   *
   * @return the definition, or the reasons Datadog would give for a 400
   */
  static Checked check(JsonNode root) {
    List<String> errors = new ArrayList<>();
    String type = text(root, "type", errors);
    String query = text(root, "query", errors);
    String name = text(root, "name", errors);
    String message = text(root, "message", errors);
    if (type == null) {
      errors.add("type is required");
    } else if (!TYPE_SET.contains(type)) {
      errors.add("Invalid monitor type '" + type + "': must be one of " + String.join(", ", TYPES));
    }
    if (name == null || name.isBlank()) {
      errors.add("name is required and must not be blank");
    }
    if (message == null || message.isBlank()) {
      errors.add("message is required and must not be blank");
    } else {
      try {
        MessageTemplate.parse(message);
      } catch (IllegalArgumentException e) {
        errors.add("Invalid message template: " + e.getMessage());
      }
    }
    ObjectNode options = options(root, errors);
    if (query == null || query.isBlank()) {
      errors.add("query is required");
    } else if (EVENT_V2.equals(type)) {
      checkEventQuery(query, options, errors);
    }
    List<String> tags = tags(root, errors);
    Long priority = priority(root, errors);
    if (!errors.isEmpty()) {
      return new Checked(null, List.copyOf(errors));
    }
    return new Checked(
        new Definition(type, name, query, message, tags, options, priority), List.of());
  }

  /** Either a definition or the errors; exactly one of them is present. */
  record Checked(Definition definition, List<String> errors) {
    boolean isValid() {
      return definition != null;
    }
  }

  private static void checkEventQuery(String query, ObjectNode options, List<String> errors) {
    EventMonitorQuery parsed;
    try {
      parsed = EventMonitorQuery.parse(query);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
      return;
    }
    // Datadog refuses a critical threshold that disagrees with the one in the query.
    JsonNode critical = options == null ? null : options.path("thresholds").get("critical");
    if (critical != null && !critical.isNull()) {
      if (!critical.isNumber()) {
        errors.add("options.thresholds.critical must be a number");
      } else if (critical.decimalValue().compareTo(parsed.threshold()) != 0) {
        errors.add(
            "The value provided for parameter 'critical' ("
                + critical.decimalValue().stripTrailingZeros().toPlainString()
                + ") does not match the threshold of the query ("
                + parsed.threshold().stripTrailingZeros().toPlainString()
                + ")");
      }
    }
    if (parsed.threshold().compareTo(BigDecimal.ZERO) < 0 && parsed.aggregation().equals("count")) {
      errors.add("A count is never negative: the threshold of the query must be at least 0");
    }
  }

  private static String text(JsonNode root, String field, List<String> errors) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      errors.add(field + " must be a string");
      return null;
    }
    return node.asText();
  }

  private static ObjectNode options(JsonNode root, List<String> errors) {
    JsonNode node = root.get("options");
    if (node == null || node.isNull()) {
      return Json.MAPPER.createObjectNode();
    }
    if (!node.isObject()) {
      errors.add("options must be an object");
      return null;
    }
    JsonNode thresholds = node.get("thresholds");
    if (thresholds != null && !thresholds.isNull() && !thresholds.isObject()) {
      errors.add("options.thresholds must be an object");
    }
    return ((ObjectNode) node).deepCopy();
  }

  private static List<String> tags(JsonNode root, List<String> errors) {
    JsonNode node = root.get("tags");
    if (node == null || node.isNull()) {
      return List.of();
    }
    List<String> tags = new ArrayList<>();
    if (!node.isArray()) {
      errors.add("tags must be an array of strings");
      return tags;
    }
    for (JsonNode tag : node) {
      if (!tag.isTextual() || tag.asText().isBlank()) {
        errors.add("tags must be an array of non-blank strings");
      } else if (tag.asText().length() > MAX_TAG_LENGTH) {
        errors.add("tag '" + tag.asText() + "' is longer than " + MAX_TAG_LENGTH + " characters");
      } else {
        tags.add(tag.asText());
      }
    }
    return List.copyOf(tags);
  }

  private static Long priority(JsonNode root, List<String> errors) {
    JsonNode node = root.get("priority");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > 5) {
      errors.add("priority must be an integer from 1 to 5, or null");
      return null;
    }
    return node.asLong();
  }
}
