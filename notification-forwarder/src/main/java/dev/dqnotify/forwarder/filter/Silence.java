package dev.dqnotify.forwarder.filter;

import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.SituationTypes;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * A silence: while it is active, events its matchers select are not posted (they still count as
 * done, and are summarised when it ends). Declared in the configuration under
 * {@value #PREFIX}{@code <name>.}:
 *
 * <pre>
 * silence.store-42-maintenance.match   = store=store-0042, event_type=~LATE_DATA|OUT_OF_RANGE
 * silence.store-42-maintenance.start   = 2025-03-01T02:00:00Z
 * silence.store-42-maintenance.end     = 2025-03-01T04:00:00+01:00
 * silence.store-42-maintenance.comment = Sensor replacement, OPS-1234 (jane)
 * </pre>
 *
 * <p>Matchers are comma-separated and must all hold: {@code label=value}, {@code label!=value},
 * {@code label=~regex}, {@code label!~regex} (the whole value must match). A value may be
 * double-quoted to hold commas or spaces ({@code \"} and {@code \\} inside). {@code event_type} and
 * {@code severity} compare case-insensitively; an event without a store or sensor has the empty
 * value there. {@code start} is optional (active from start-up), {@code end} and {@code comment}
 * are required, so no silence is forgotten and each says who set it and why.
 *
 * @param name the name in the keys; the {@code silence} label of its metric
 * @param matchers all must hold for an event to be silenced
 * @param start when it begins; empty: it is active from the start
 * @param end when it ends (exclusive)
 * @param comment who set it and why
 */
public record Silence(String name, List<Matcher> matchers, Optional<Instant> start, Instant end, String comment) {

  /** Prefix of the silence keys. */
  public static final String PREFIX = "silence.";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Set<String> FIELDS = Set.of("match", "start", "end", "comment");

  /** Checks the invariants and takes an immutable copy of the matchers. */
  public Silence {
    Objects.requireNonNull(name, "name");
    matchers = List.copyOf(matchers);
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(comment, "comment");
  }

  /** The event fields a matcher may name; {@code store_id} and {@code sensor_id} are accepted too. */
  public enum Label {
    TEAM("team", DqEvent::getTeam, false),
    ENV("env", DqEvent::getEnv, false),
    JOB("job", DqEvent::getJob, false),
    EVENT_TYPE("event_type", SituationTypes::nameOf, true),
    SEVERITY("severity", e -> e.getSeverity().name(), true),
    STORE("store", DqEvent::getStoreId, false),
    SENSOR("sensor", DqEvent::getSensorId, false);

    private final String label;
    private final Function<DqEvent, String> value;
    private final boolean ignoresCase;

    Label(String label, Function<DqEvent, String> value, boolean ignoresCase) {
      this.label = label;
      this.value = value;
      this.ignoresCase = ignoresCase;
    }

    /** The name used in matchers and Datadog tags. */
    public String label() {
      return label;
    }

    String valueOf(DqEvent event) {
      String v = value.apply(event);
      return v == null ? "" : v;
    }

    static Optional<Label> byName(String name) {
      String normalised = name.equals("store_id") ? "store" : name.equals("sensor_id") ? "sensor" : name;
      return Arrays.stream(values()).filter(l -> l.label.equals(normalised)).findFirst();
    }

    static String names() {
      return Arrays.stream(values()).map(Label::label).collect(Collectors.joining(", "));
    }
  }

  /** How a matcher compares. */
  public enum Operator {
    EQUALS("="), NOT_EQUALS("!="), MATCHES("=~"), NOT_MATCHES("!~");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** As written in the configuration. */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * One condition on one label.
   *
   * @param label the event field
   * @param operator how it is compared
   * @param value the value or regular expression, unquoted
   */
  public record Matcher(Label label, Operator operator, String value, Pattern pattern) {

    static Matcher of(Label label, Operator operator, String value) {
      int flags = label.ignoresCase ? Pattern.CASE_INSENSITIVE : 0;
      Pattern pattern = switch (operator) {
        case EQUALS, NOT_EQUALS -> Pattern.compile(Pattern.quote(value), flags);
        case MATCHES, NOT_MATCHES -> Pattern.compile(value, flags);
      };
      return new Matcher(label, operator, value, pattern);
    }

    /** Whether the event's value satisfies this matcher. */
    public boolean test(DqEvent event) {
      boolean matches = pattern.matcher(label.valueOf(event)).matches();
      return operator == Operator.EQUALS || operator == Operator.MATCHES ? matches : !matches;
    }

    @Override
    public String toString() {
      return label.label() + operator.symbol() + value;
    }
  }

  /** Whether the silence is in force at {@code time}. */
  public boolean activeAt(Instant time) {
    return start.map(s -> !time.isBefore(s)).orElse(true) && time.isBefore(end);
  }

  /** Whether every matcher holds for {@code event} (regardless of time). */
  public boolean matches(DqEvent event) {
    return matchers.stream().allMatch(m -> m.test(event));
  }

  /** Whether the silence holds back {@code event} at {@code time}. */
  public boolean silences(DqEvent event, Instant time) {
    return activeAt(time) && matches(event);
  }

  /** The matchers as written, e.g. {@code store=store-0042, event_type=~LATE_DATA}. */
  public String describeMatchers() {
    return matchers.stream().map(Matcher::toString).collect(Collectors.joining(", "));
  }

  /**
   * Every silence declared by {@code fields}: the {@code silence.*} keys with the prefix removed
   * ({@code <name>.match} and so on), in name order.
   *
   * @throws InvalidSilenceException naming the full key of the first mistake
   */
  public static List<Silence> parseAll(Map<String, String> fields) {
    Map<String, Map<String, String>> byName = new TreeMap<>();
    fields.forEach((key, value) -> {
      int dot = key.lastIndexOf('.');
      String name = dot < 0 ? key : key.substring(0, dot);
      String field = dot < 0 ? "" : key.substring(dot + 1);
      if (!NAME.matcher(name).matches()) {
        throw new InvalidSilenceException(PREFIX + key, "'" + name + "' is not a silence name; expected "
            + PREFIX + "<name>.<match|start|end|comment> with a name of lowercase letters, digits, '-' and '_'");
      }
      if (!FIELDS.contains(field)) {
        throw new InvalidSilenceException(PREFIX + key, "is not a silence field; expected " + PREFIX + name
            + ".match, .start, .end or .comment");
      }
      byName.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(field, value.trim());
    });
    List<Silence> silences = new ArrayList<>();
    byName.forEach((name, values) -> silences.add(parse(name, values)));
    return List.copyOf(silences);
  }

  private static Silence parse(String name, Map<String, String> values) {
    String key = PREFIX + name + ".";
    List<Matcher> matchers = parseMatchers(key + "match", required(values, key, "match",
        "the matchers, e.g. team=team-a,event_type=LATE_DATA"));
    Instant end = parseTime(key + "end", required(values, key, "end", "when the silence ends, e.g. 2025-03-01T04:00:00Z"));
    String comment = required(values, key, "comment", "who set the silence and why");
    Optional<Instant> start = Optional.ofNullable(values.get("start")).map(text -> parseTime(key + "start", text));
    if (start.isPresent() && !end.isAfter(start.get())) {
      throw new InvalidSilenceException(key + "end", "'" + values.get("end") + "' is not after " + key + "start ("
          + values.get("start") + "); expected an end after the start");
    }
    return new Silence(name, matchers, start, end, comment);
  }

  private static String required(Map<String, String> values, String key, String field, String what) {
    String value = values.get(field);
    if (value == null || value.isBlank()) {
      throw new InvalidSilenceException(key + field, "is required (" + what + ")");
    }
    return value;
  }

  /**
   * An ISO-8601 time with an offset or zone, e.g. {@code 2025-03-01T02:00:00Z} or
   * {@code 2025-03-01T03:00:00+01:00}.
   */
  static Instant parseTime(String key, String text) {
    try {
      return ZonedDateTime.parse(text.trim(), DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidSilenceException(key, "'" + text + "' is not a time; expected ISO-8601 with an offset, e.g. "
          + "2025-03-01T02:00:00Z or 2025-03-01T03:00:00+01:00");
    }
  }

  /** Parses {@code label=value, label=~regex, …}; {@code key} is named in every mistake. */
  static List<Matcher> parseMatchers(String key, String text) {
    List<Matcher> matchers = new ArrayList<>();
    for (String part : splitOutsideQuotes(key, text)) {
      String matcher = part.trim();
      if (matcher.isEmpty()) {
        throw new InvalidSilenceException(key, "'" + text + "' has an empty matcher; expected label=value pairs "
            + "separated by commas");
      }
      matchers.add(parseMatcher(key, matcher));
    }
    return matchers;
  }

  private static Matcher parseMatcher(String key, String matcher) {
    int at = -1;
    Operator operator = null;
    for (int i = 0; i < matcher.length() && operator == null; i++) {
      char c = matcher.charAt(i);
      if (c == '=' || c == '!') {
        at = i;
        String two = matcher.substring(i, Math.min(matcher.length(), i + 2));
        operator = switch (two) {
          case "=~" -> Operator.MATCHES;
          case "!=" -> Operator.NOT_EQUALS;
          case "!~" -> Operator.NOT_MATCHES;
          default -> c == '=' ? Operator.EQUALS : null;
        };
        if (operator == null) {
          break;
        }
      }
    }
    if (operator == null || at == 0) {
      throw new InvalidSilenceException(key, "'" + matcher + "' is not a matcher; expected label=value, label!=value, "
          + "label=~regex or label!~regex");
    }
    String labelName = matcher.substring(0, at).trim().toLowerCase(Locale.ROOT);
    Label label = Label.byName(labelName).orElseThrow(() -> new InvalidSilenceException(key, "'" + matcher
        + "' has an unknown label '" + labelName + "'; expected one of " + Label.names()));
    String value = unquote(key, matcher.substring(at + operator.symbol().length()).trim());
    try {
      return Matcher.of(label, operator, value);
    } catch (PatternSyntaxException e) {
      throw new InvalidSilenceException(key, "'" + matcher + "' has an invalid regular expression: "
          + e.getDescription());
    }
  }

  private static List<String> splitOutsideQuotes(String key, String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        current.append(c);
      } else if (c == ',' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (quoted) {
      throw new InvalidSilenceException(key, "'" + text + "' has an unclosed double quote");
    }
    parts.add(current.toString());
    return parts;
  }

  private static String unquote(String key, String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      if (value.indexOf('"') >= 0) {
        throw new InvalidSilenceException(key, "'" + value + "' has a stray double quote; quote the whole value");
      }
      return value;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      out.append(c == '\\' && i + 1 < value.length() - 1 ? value.charAt(++i) : c);
    }
    return out.toString();
  }
}
