package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the JSON body of {@code POST /__admin/datadog/faults} into a call on {@link Faults}. Every
 * mistake becomes an {@link IllegalArgumentException} whose message names the field and what would
 * be valid, because the caller is another process that only sees that message.
 */
final class FaultCommand {

  private static final Map<String, Set<String>> FIELDS_BY_TYPE =
      Map.of(
          "latency", Set.of("delayMs", "durationMs"),
          "status", Set.of("status", "durationMs", "count", "matching"),
          "every_nth", Set.of("n", "status"),
          "rate_limit", Set.of("durationMs", "count", "resetSeconds"),
          "drop_connection", Set.of("durationMs", "count", "mode"));

  private static final List<String> TYPES =
      List.of("latency", "status", "every_nth", "rate_limit", "drop_connection");

  /** Announced by an untimed rate limit when the command leaves {@code resetSeconds} out. */
  static final long DEFAULT_RESET_SECONDS = 1;

  private FaultCommand() {}

  static void apply(JsonNode command, Faults faults) {
    if (command == null || !command.isObject()) {
      throw new IllegalArgumentException("Fault must be a JSON object with a \"type\" field");
    }
    String type = type(command);
    rejectUnknownFields(command, type);
    switch (type) {
      case "latency" -> {
        Duration delay = Duration.ofMillis(requiredLong(command, "delayMs"));
        // No "count" here: it was rejected as an unknown field for latency.
        if (lasting(command) == Lasting.DURATION) {
          faults.latencyFor(delay, duration(command));
        } else {
          faults.latency(delay);
        }
      }
      case "status" -> {
        int status = requiredInt(command, "status");
        if (command.has("matching")) {
          if (lasting(command) != Lasting.UNTIL_CLEARED) {
            throw new IllegalArgumentException(
                "\"matching\" goes without \"count\" and \"durationMs\": it lasts until cleared");
          }
          JsonNode matching = command.get("matching");
          if (!matching.isTextual()) {
            throw new IllegalArgumentException("\"matching\" must be a regular expression string, got " + matching);
          }
          faults.statusForEventsMatching(status, matching.asText());
          return;
        }
        switch (lasting(command)) {
          case UNTIL_CLEARED -> faults.status(status);
          case DURATION -> faults.statusFor(status, duration(command));
          case COUNT -> faults.statusForNext(status, requiredInt(command, "count"));
        }
      }
      case "every_nth" ->
          faults.failEveryNth(requiredInt(command, "n"), requiredInt(command, "status"));
      case "rate_limit" -> {
        Lasting lasting = lasting(command);
        if (lasting == Lasting.DURATION) {
          if (command.has("resetSeconds")) {
            throw new IllegalArgumentException(
                "\"resetSeconds\" does not go with \"durationMs\": a timed rate limit announces"
                    + " the time left until it ends");
          }
          faults.rateLimitFor(duration(command));
        } else {
          long reset =
              command.has("resetSeconds")
                  ? requiredLong(command, "resetSeconds")
                  : DEFAULT_RESET_SECONDS;
          if (lasting == Lasting.COUNT) {
            faults.rateLimitNext(requiredInt(command, "count"), reset);
          } else {
            faults.rateLimit(reset);
          }
        }
      }
      case "drop_connection" -> {
        Faults.ConnectionDrop mode = mode(command);
        switch (lasting(command)) {
          case UNTIL_CLEARED -> faults.dropConnections(mode);
          case DURATION -> faults.dropConnectionsFor(duration(command), mode);
          case COUNT -> faults.dropConnectionsNext(requiredInt(command, "count"), mode);
        }
      }
      default -> throw new IllegalStateException("Unhandled fault type " + type);
    }
  }

  /** How long a fault lasts, from which of {@code count} and {@code durationMs} it has. */
  private enum Lasting {
    COUNT,
    DURATION,
    UNTIL_CLEARED
  }

  private static Lasting lasting(JsonNode command) {
    boolean counted = command.has("count");
    boolean timed = command.has("durationMs");
    if (counted && timed) {
      throw new IllegalArgumentException(
          "Give at most one of \"count\" (next N requests) or \"durationMs\" (for a time)");
    }
    return counted ? Lasting.COUNT : timed ? Lasting.DURATION : Lasting.UNTIL_CLEARED;
  }

  private static Duration duration(JsonNode command) {
    return Duration.ofMillis(requiredLong(command, "durationMs"));
  }

  private static String type(JsonNode command) {
    JsonNode type = command.get("type");
    if (type == null || !type.isTextual() || !FIELDS_BY_TYPE.containsKey(type.asText())) {
      throw new IllegalArgumentException(
          "\"type\" must be one of " + String.join(", ", TYPES) + ", got " + type);
    }
    return type.asText();
  }

  private static void rejectUnknownFields(JsonNode command, String type) {
    Set<String> allowed = FIELDS_BY_TYPE.get(type);
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = command.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("type") && !allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown field(s) "
              + unknown
              + " for fault type \""
              + type
              + "\"; valid: "
              + allowed.stream().sorted().toList());
    }
  }

  private static Faults.ConnectionDrop mode(JsonNode command) {
    JsonNode mode = command.get("mode");
    if (mode == null) {
      return Faults.ConnectionDrop.RESET_BY_PEER;
    }
    for (Faults.ConnectionDrop candidate : Faults.ConnectionDrop.values()) {
      if (mode.isTextual() && candidate.name().equals(mode.asText().toUpperCase(Locale.ROOT))) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "\"mode\" must be one of reset_by_peer, empty_response, got " + mode);
  }

  private static long requiredLong(JsonNode command, String field) {
    JsonNode node = command.get(field);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new IllegalArgumentException(
          "\"" + field + "\" must be a whole number, got " + (node == null ? "nothing" : node));
    }
    return node.asLong();
  }

  private static int requiredInt(JsonNode command, String field) {
    long value = requiredLong(command, field);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("\"" + field + "\" is out of range, got " + value);
    }
    return (int) value;
  }
}
