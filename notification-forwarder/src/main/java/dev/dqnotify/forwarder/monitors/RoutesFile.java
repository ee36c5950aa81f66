package dev.dqnotify.forwarder.monitors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dqnotify.forwarder.render.Tags;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.SituationTypes;
import dev.dqnotify.schemas.Severity;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The routes file ({@code monitors.yaml}), read strictly: every mistake is reported at once, each
 * naming the route (index and name) and the key, because a route that silently matches nothing is a
 * Teams channel that silently hears nothing.
 *
 * <pre>{@code
 * routes:
 *   - name: stores-north-late-and-silent      # optional; else derived from match
 *     match: {team: team-stores-north, env: prod, event_type: [LATE_DATA, STORE_SILENT]}
 *     notify: ["@teams-stores-north-dq"]
 *     priority: 2                              # optional, 1-5
 * defaults: {window: 5m, message_prefix: "Data quality alert"}   # optional
 * }</pre>
 *
 * <p>YAML, and so JSON too. Match values are the tag values our renderer writes ({@link Tags}):
 * they are sanitised and lowercased the same way, so {@code LATE_DATA} matches the event tag {@code
 * event_type:late_data}.
 *
 * @param routes in the file's order
 * @param window the evaluation window of every monitor, as written ({@code 5m})
 * @param messagePrefix text to put before each notification, if any
 */
record RoutesFile(List<Route> routes, String window, Optional<String> messagePrefix) {

  /** The event tags a route can match on, in the order our renderer writes them. */
  static final List<String> MATCH_KEYS =
      List.of("team", "env", "job", "event_type", "severity", "store", "sensor");

  /** Match key for job-defined type names; they are searched on the {@code event_type} tag. */
  static final String SITUATION_TYPE = "situation_type";

  /** Match key of the entity labels; each label is kept under {@code label.<key>}. */
  static final String LABELS = "labels";

  static final String LABEL_PREFIX = "label.";

  private static final Pattern SITUATION_TYPE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** The built-in event types a route names under {@code event_type}; JOB_DEFINED is never a tag. */
  private static final DqEventType[] BUILT_IN_TYPES = java.util.Arrays.stream(DqEventType.values())
      .filter(t -> t != DqEventType.JOB_DEFINED).toArray(DqEventType[]::new);

  static final String DEFAULT_WINDOW = "5m";
  static final Duration MIN_WINDOW = Duration.ofMinutes(1);
  static final Duration MAX_WINDOW = Duration.ofHours(48);

  /** Integrations whose handles a route may notify; {@code @user@example.com} mails a person. */
  static final List<String> HANDLE_INTEGRATIONS =
      List.of("teams", "slack", "opsgenie", "pagerduty", "webhook");

  /** {@code dqnotify-route:} plus the name must stay within Datadog's 200-character tag limit. */
  static final int MAX_NAME_LENGTH = Tags.MAX_LENGTH - "dqnotify-route:".length();

  private static final Set<String> TOP_KEYS = Set.of("routes", "defaults");
  private static final Set<String> ROUTE_KEYS = Set.of("name", "match", "notify", "priority");
  private static final Set<String> DEFAULT_KEYS = Set.of("window", "message_prefix");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]*");
  private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
  private static final Pattern HANDLE =
      Pattern.compile(
          "@(?:(?:"
              + String.join("|", HANDLE_INTEGRATIONS)
              + ")-[A-Za-z0-9_.-]+"
              + "|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})");

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  RoutesFile {
    routes = List.copyOf(routes);
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws RoutesFileException listing every problem found
   */
  static RoutesFile load(Path file) {
    JsonNode root;
    Map<String, String> written;
    try {
      root = YAML.readTree(file.toFile());
      written = scalarsAsWritten(file);
    } catch (NoSuchFileException e) {
      throw new RoutesFileException(file, List.of("file does not exist"));
    } catch (JsonProcessingException e) {
      String hint =
          e.getOriginalMessage().contains("'@'")
              ? "; quote handles, as '@' cannot start a plain YAML value: [\"@teams-…\"]"
              : "";
      throw new RoutesFileException(
          file, List.of("not valid YAML: " + e.getOriginalMessage() + where(e) + hint));
    } catch (IOException e) {
      if (!file.toFile().exists()) {
        throw new RoutesFileException(file, List.of("file does not exist"));
      }
      throw new RoutesFileException(file, List.of("cannot be read: " + e.getMessage()));
    }
    return parse(file, root, written);
  }

  /**
   * The text of every scalar YAML did not read as a string, by JSON pointer ({@code
   * /routes/0/match/store} → {@code 042}): YAML reads {@code 042} as the number 34, and a hint to
   * quote a value must show it as the user wrote it.
   */
  private static Map<String, String> scalarsAsWritten(Path file) throws IOException {
    Map<String, String> written = new HashMap<>();
    try (JsonParser parser = YAML.createParser(file.toFile())) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isScalarValue() && token != JsonToken.VALUE_STRING) {
          written.put(parser.getParsingContext().pathAsPointer().toString(), parser.getText());
        }
      }
    }
    return written;
  }

  /**
   * Checks an already-read document; {@code file} only names it in messages, {@code written} holds
   * the non-string scalars as written (see {@link #scalarsAsWritten}).
   */
  static RoutesFile parse(Path file, JsonNode root, Map<String, String> written) {
    List<String> problems = new ArrayList<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new RoutesFileException(file, List.of("is empty: it needs a 'routes:' list"));
    }
    if (!root.isObject()) {
      throw new RoutesFileException(file, List.of("must be a mapping with 'routes:' at the top"));
    }
    unknownKeys(root, TOP_KEYS, "", problems);
    String window = DEFAULT_WINDOW;
    Optional<String> messagePrefix = Optional.empty();
    JsonNode defaults = root.get("defaults");
    if (defaults != null && !defaults.isNull()) {
      if (!defaults.isObject()) {
        problems.add("defaults: must be a mapping of " + sorted(DEFAULT_KEYS));
      } else {
        unknownKeys(defaults, DEFAULT_KEYS, "defaults: ", problems);
        window = window(defaults.get("window"), problems);
        messagePrefix = messagePrefix(defaults.get("message_prefix"), problems);
      }
    }
    List<Route> routes = routes(root.get("routes"), written, problems);
    if (!problems.isEmpty()) {
      throw new RoutesFileException(file, problems);
    }
    return new RoutesFile(routes, window, messagePrefix);
  }

  private static List<Route> routes(JsonNode node, Map<String, String> written, List<String> problems) {
    List<Route> routes = new ArrayList<>();
    if (node == null || node.isNull()) {
      problems.add("routes: missing; list at least one route");
      return routes;
    }
    if (!node.isArray()) {
      problems.add("routes: must be a list of routes (each starting with '- ')");
      return routes;
    }
    Map<String, Integer> indexByName = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      List<String> routeProblems = new ArrayList<>();
      Route route = route(node.get(i), "/routes/" + i, written, routeProblems);
      String label = "routes[" + i + "]" + (route == null ? "" : " (" + route.name() + ")") + ": ";
      routeProblems.forEach(problem -> problems.add(label + problem));
      if (route != null && routeProblems.isEmpty()) {
        Integer earlier = indexByName.putIfAbsent(route.name(), i);
        if (earlier != null) {
          problems.add(
              label
                  + "name: '"
                  + route.name()
                  + "' is already the name of routes["
                  + earlier
                  + "]; names identify monitors, so give one of them another 'name:'");
        } else {
          routes.add(route);
        }
      }
    }
    return routes;
  }

  /** The route, or null when too broken to name; problems are relative to the route. */
  private static Route route(JsonNode node, String pointer, Map<String, String> written, List<String> problems) {
    if (node == null || !node.isObject()) {
      problems.add("must be a mapping with match: and notify:");
      return null;
    }
    unknownKeys(node, ROUTE_KEYS, "", problems);
    Map<String, List<String>> match = match(node.get("match"), pointer + "/match", written, problems);
    List<String> notify = notify(node.get("notify"), problems);
    Integer priority = priority(node.get("priority"), problems);
    String name = name(node.get("name"), match, problems);
    if (name == null) {
      return null;
    }
    return new Route(name, match, notify, priority);
  }

  private static Map<String, List<String>> match(JsonNode node, String pointer, Map<String, String> written,
      List<String> problems) {
    Map<String, List<String>> match = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      problems.add("match: missing; say which events this route takes, e.g. match: {team: …}");
      return match;
    }
    if (!node.isObject() || node.isEmpty()) {
      problems.add("match: must be a non-empty mapping of " + MATCH_KEYS);
      return match;
    }
    Set<String> keys = new TreeSet<>(MATCH_KEYS);
    keys.addAll(List.of(SITUATION_TYPE, LABELS));
    unknownKeys(node, keys, "match: ", problems);
    for (String key : MATCH_KEYS) {
      JsonNode values = node.get(key);
      List<String> tags = values == null ? new ArrayList<>()
          : new ArrayList<>(matchTags(key, values, pointer + "/" + key, written, problems));
      if (key.equals("event_type") && node.get(SITUATION_TYPE) != null) {
        // A job's own type is searched on the same tag: within the key, any of both lists.
        tags.addAll(matchTags(SITUATION_TYPE, node.get(SITUATION_TYPE), pointer + "/" + SITUATION_TYPE, written,
            problems));
      }
      if (!tags.isEmpty()) {
        match.put(key, List.copyOf(new TreeSet<>(tags)));
      }
    }
    labels(node.get(LABELS), pointer + "/" + LABELS, written, match, problems);
    return match;
  }

  /**
   * {@code labels: {customer_id: c-77, region: [eu, us]}}: each label becomes the match key
   * {@code label.<key>} with the tags the renderer writes for it ({@link Tags#labelTag}).
   */
  private static void labels(JsonNode node, String pointer, Map<String, String> written,
      Map<String, List<String>> match, List<String> problems) {
    if (node == null) {
      return;
    }
    if (!node.isObject() || node.isEmpty()) {
      problems.add("match.labels: must be a non-empty mapping of label key to value(s), e.g. {customer_id: c-77}");
      return;
    }
    node.fieldNames().forEachRemaining(key -> {
      if (!LABEL_KEY.matcher(key).matches()) {
        problems.add("match.labels: key '" + key + "' is not a label key (lower snake case, as the job declared it)");
        return;
      }
      List<String> tags = matchTags(LABEL_PREFIX + key, node.get(key), pointer + "/" + key, written, problems);
      if (!tags.isEmpty()) {
        match.put(LABEL_PREFIX + key, tags);
      }
    });
  }

  private static List<String> matchTags(String key, JsonNode node, String pointer, Map<String, String> written,
      List<String> problems) {
    String where = "match." + key + ": ";
    List<JsonNode> items = new ArrayList<>();
    List<String> pointers = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
      for (int i = 0; i < items.size(); i++) {
        pointers.add(pointer + "/" + i);
      }
      if (items.isEmpty()) {
        problems.add(where + "empty list; leave the key out to match any " + key);
      }
    } else {
      items.add(node);
      pointers.add(pointer);
    }
    TreeSet<String> tags = new TreeSet<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isTextual()) {
        String asWritten = written.getOrDefault(pointers.get(i), item.asText());
        String read = item.asText();
        problems.add(
            where
                + "'"
                + asWritten
                + "' must be a string; YAML reads unquoted numbers, yes/no and on/off as other"
                + " types"
                + (read.equals(asWritten) ? "" : " (it read " + read + ")")
                + ", so quote it: \""
                + asWritten
                + "\"");
        continue;
      }
      String value = item.asText().strip();
      Optional<String> problem = checkValue(key, value);
      if (problem.isPresent()) {
        problems.add(where + problem.get());
        continue;
      }
      String tag = tag(key, value);
      if (!tags.add(tag)) {
        problems.add(where + "'" + value + "' is listed twice (as the tag " + tag + ")");
      }
    }
    return List.copyOf(tags);
  }

  private static Optional<String> checkValue(String key, String value) {
    if (value.isEmpty()) {
      return Optional.of("empty value");
    }
    if (key.equals("event_type")) {
      return enumValue(value, BUILT_IN_TYPES, "event type").map(p -> p + "; a job's own type goes under "
          + SITUATION_TYPE);
    }
    if (key.equals(SITUATION_TYPE)) {
      if (SituationTypes.isBuiltIn(value)) {
        return Optional.of("'" + value + "' is a built-in event type; list it under event_type");
      }
      return SITUATION_TYPE_NAME.matcher(value).matches() ? Optional.empty()
          : Optional.of("'" + value + "' is not a job-defined type name (upper snake case, e.g."
              + " PAYMENT_AMOUNT_NEGATIVE)");
    }
    if (key.equals("severity")) {
      return enumValue(value, Severity.values(), "severity");
    }
    // Any other value is searchable: the monitor query quotes it (see RouteMonitors.query).
    return Optional.empty();
  }

  /** The tag our renderer writes for an event whose {@code key} is {@code value} (a checked value). */
  private static String tag(String key, String value) {
    return switch (key) {
      case "event_type", SITUATION_TYPE -> Tags.eventTypeTag(value);
      case "severity" -> Tags.severityTag(Severity.valueOf(value.toUpperCase(Locale.ROOT)));
      default -> key.startsWith(LABEL_PREFIX) ? Tags.labelTag(key.substring(LABEL_PREFIX.length()), value)
          : Tags.tag(key, value);
    };
  }

  private static Optional<String> enumValue(String value, Enum<?>[] valid, String what) {
    for (Enum<?> constant : valid) {
      if (constant.name().equalsIgnoreCase(value)) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "unknown "
            + what
            + " '"
            + value
            + "'; valid: "
            + Arrays.stream(valid).map(Enum::name).collect(Collectors.joining(", ")));
  }

  private static List<String> notify(JsonNode node, List<String> problems) {
    List<String> handles = new ArrayList<>();
    if (node == null || node.isNull()) {
      problems.add(
          "notify: missing; list at least one handle, e.g. notify: [\"@teams-my-channel\"]");
      return handles;
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else {
      items.add(node);
    }
    if (items.isEmpty()) {
      problems.add("notify: empty; list at least one handle, e.g. notify: [\"@teams-my-channel\"]");
    }
    for (JsonNode item : items) {
      String handle = item.isTextual() ? item.asText().strip() : item.toString();
      if (!item.isTextual() || !HANDLE.matcher(handle).matches()) {
        problems.add(
            "notify: '"
                + handle
                + "' is not a handle; use @teams-<handle> (the name given to the channel in"
                + " Datadog's Microsoft Teams integration), @<integration>-<name> for "
                + String.join(", ", HANDLE_INTEGRATIONS)
                + ", or @person@example.com");
      } else if (handles.contains(handle)) {
        problems.add("notify: '" + handle + "' is listed twice");
      } else {
        handles.add(handle);
      }
    }
    return handles;
  }

  private static Integer priority(JsonNode node, List<String> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > 5) {
      problems.add("priority: '" + node.asText() + "' must be a whole number from 1 to 5");
      return null;
    }
    return node.asInt();
  }

  /** The given name, checked, or one derived from the match values. */
  private static String name(
      JsonNode node, Map<String, List<String>> match, List<String> problems) {
    if (node != null && !node.isNull()) {
      String name = node.asText().strip();
      if (!node.isTextual() || !NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
        problems.add(
            "name: '"
                + node.asText()
                + "' must start with a lowercase letter and hold only lowercase letters, digits,"
                + " '_', '-' and '.', at most "
                + MAX_NAME_LENGTH
                + " characters (it becomes the monitor tag dqnotify-route:<name>), e.g. '"
                + Tags.sanitize(node.asText()).replace(':', '-').replace('/', '-')
                + "'");
        return null;
      }
      return name;
    }
    if (match.isEmpty()) {
      return null;
    }
    String derived =
        match.values().stream()
            .flatMap(List::stream)
            .map(tag -> tag.substring(tag.indexOf(':') + 1))
            .collect(Collectors.joining("-"));
    if (!NAME.matcher(derived).matches() || derived.length() > MAX_NAME_LENGTH) {
      problems.add(
          "name: missing, and the name derived from match ('"
              + derived
              + "') is not a valid name; give the route a 'name:'");
      return null;
    }
    return derived;
  }

  private static String window(JsonNode node, List<String> problems) {
    if (node == null || node.isNull()) {
      return DEFAULT_WINDOW;
    }
    String window = node.asText().strip();
    var matcher = WINDOW.matcher(window);
    Duration duration = null;
    if (node.isTextual() && matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      duration =
          switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
    }
    if (duration == null
        || duration.compareTo(MIN_WINDOW) < 0
        || duration.compareTo(MAX_WINDOW) > 0) {
      problems.add(
          "defaults: window: '"
              + node.asText()
              + "' must be minutes, hours or days such as 5m, 1h or 2d, from 1m to 48h (Datadog's"
              + " limits for event monitors)");
      return DEFAULT_WINDOW;
    }
    return window;
  }

  private static Optional<String> messagePrefix(JsonNode node, List<String> problems) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      problems.add("defaults: message_prefix: must be non-blank text");
      return Optional.empty();
    }
    return Optional.of(node.asText().strip());
  }

  private static void unknownKeys(
      JsonNode node, Set<String> valid, String where, List<String> problems) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!valid.contains(key)) {
        problems.add(where + "unknown key '" + key + "'; valid keys: " + sorted(valid));
      }
    }
  }

  private static String sorted(Set<String> keys) {
    return String.join(", ", new TreeSet<>(keys));
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
