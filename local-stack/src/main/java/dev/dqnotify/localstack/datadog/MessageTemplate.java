package dev.dqnotify.localstack.datadog;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A monitor's notification message, rendered as Datadog renders it (Monitors → Notifications →
 * Variables, and Monitors → Types → Event monitor → Event template variables):
 *
 * <ul>
 *   <li>{@code {{!-- comment --}}} and {@code {{! comment}}} render nothing.
 *   <li>{@code {{#cond}}…{{else}}…{{/cond}}} and {@code {{^cond}}…{{/cond}}} for {@code is_alert},
 *       {@code is_recovery}, {@code is_alert_recovery}, {@code is_renotify}, {@code is_warning},
 *       {@code is_warning_recovery}, {@code is_no_data}, {@code is_no_data_recovery}, {@code
 *       is_alert_to_warning}, {@code is_unknown} (the simulator has no warning, no-data or unknown
 *       states, so those are false), {@code is_match "var" "s"…}, {@code is_exact_match "var" "s"}
 *       and {@code is_priority 'P1'}. Another name shows its block when its variable renders
 *       non-empty.
 *   <li>{@code {{event.id}}}, {@code {{event.title}}}, {@code {{event.text}}}, {@code
 *       {{event.host.name}}}, {@code {{event.tags}}} (comma-separated), {@code
 *       {{event.tags.<key>}}} and {@code {{event.tags.[dot.key]}}} of the group's most recent
 *       matching event; {@code {{<facet>.name}}} (also {@code [dot.facet]} and {@code @facet}) of a
 *       multi-alert group; {@code {{value}}}, {@code {{threshold}}}, {@code {{comparator}}}, {@code
 *       {{first_triggered_at}}}, {@code {{last_triggered_at}}} (both {@code yyyy-MM-dd HH:mm:ss
 *       UTC}), their {@code _epoch} forms (milliseconds) and {@code {{triggered_duration_sec}}}. An
 *       unknown variable renders empty.
 *   <li>Double braces HTML-escape the value ("variable content is escaped by default"); triple
 *       braces {@code {{{event.text}}}} do not.
 *   <li>A block or comment tag alone on its line takes the line with it, as in Handlebars.
 * </ul>
 *
 * A message with a block that is never closed, a closing tag that does not match, or braces that
 * never close is refused when it is parsed, so a monitor carrying it is refused at creation.
 */
final class MessageTemplate {

  private static final DateTimeFormatter DATADOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final Pattern ARGUMENT = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

  private final List<Node> nodes;

  private MessageTemplate(List<Node> nodes) {
    this.nodes = nodes;
  }

  /**
   * Reads {@code message}.
   *
   * @throws IllegalArgumentException saying which tag is wrong
   */
  static MessageTemplate parse(String message) {
    return new MessageTemplate(new Reader(message).read());
  }

  /** The message as sent for {@code context}, surrounding blank space stripped. */
  String render(Context context) {
    StringBuilder out = new StringBuilder();
    render(nodes, context, out);
    return out.toString().strip();
  }

  /**
   * What a message is rendered for.
   *
   * @param transition why the notification is sent
   * @param priority the monitor's priority 1–5, or null
   * @param event the group's most recent matching event, or null when it has none
   * @param group the multi-alert group's facet values (facet as written in {@code .by(…)} → value);
   *     empty for a simple alert
   * @param value the evaluated value
   * @param query the monitor's query, for its comparator and threshold
   * @param firstTriggered when the group first triggered, or null
   * @param lastTriggered when the group last triggered, or null
   * @param now the evaluation time
   */
  record Context(
      Notification.Transition transition,
      Long priority,
      SearchableEvent event,
      Map<String, String> group,
      BigDecimal value,
      EventMonitorQuery query,
      Instant firstTriggered,
      Instant lastTriggered,
      Instant now) {}

  // ---- rendering ----

  private sealed interface Node {}

  private record Text(String text) implements Node {}

  private record Variable(String path, boolean raw) implements Node {}

  private record Section(
      String name, List<String> arguments, boolean inverted, List<Node> body, List<Node> otherwise)
      implements Node {}

  private static void render(List<Node> nodes, Context context, StringBuilder out) {
    for (Node node : nodes) {
      if (node instanceof Text text) {
        out.append(text.text());
      } else if (node instanceof Variable variable) {
        String value = variable(variable.path(), context);
        out.append(variable.raw() ? value : escape(value));
      } else if (node instanceof Section section) {
        boolean shown = condition(section, context) != section.inverted();
        render(shown ? section.body() : section.otherwise(), context, out);
      }
    }
  }

  private static boolean condition(Section section, Context context) {
    Notification.Transition transition = context.transition();
    List<String> args = section.arguments();
    return switch (section.name()) {
      case "is_alert" -> transition != Notification.Transition.RECOVERY;
      case "is_recovery", "is_alert_recovery" -> transition == Notification.Transition.RECOVERY;
      case "is_renotify" -> transition == Notification.Transition.RENOTIFY;
      case "is_warning",
          "is_warning_recovery",
          "is_no_data",
          "is_no_data_recovery",
          "is_alert_to_warning",
          "is_unknown" -> false;
      case "is_match" -> {
        String value = tagVariable(args.isEmpty() ? "" : args.get(0), context);
        yield args.stream().skip(1).anyMatch(value::contains);
      }
      case "is_exact_match" -> {
        String value = tagVariable(args.isEmpty() ? "" : args.get(0), context);
        yield args.stream().skip(1).anyMatch(value::equals);
      }
      case "is_priority" ->
          context.priority() != null
              && args.stream().anyMatch(p -> p.equalsIgnoreCase("P" + context.priority()));
      default -> !variable(section.name(), context).isEmpty();
    };
  }

  /** {@code is_match}'s first argument: {@code "env.name"}, or a bare {@code "env"}. */
  private static String tagVariable(String path, Context context) {
    String value = variable(path, context);
    return value.isEmpty() && !path.endsWith(".name") ? variable(path + ".name", context) : value;
  }

  private static String variable(String path, Context context) {
    List<String> parts = pathParts(path);
    if (parts.isEmpty()) {
      return "";
    }
    if (parts.get(0).equals("event")) {
      return eventVariable(parts.subList(1, parts.size()), context.event());
    }
    if (parts.size() == 2 && parts.get(1).equals("name")) {
      String value = context.group().get(parts.get(0));
      return value == null ? "" : value;
    }
    if (parts.size() != 1) {
      return "";
    }
    Instant first = context.firstTriggered();
    Instant last = context.lastTriggered();
    return switch (parts.get(0)) {
      case "value" -> context.value() == null ? "" : plain(context.value());
      case "threshold" -> plain(context.query().threshold());
      case "comparator" -> context.query().comparator();
      case "first_triggered_at" -> first == null ? "" : DATADOG_TIME.format(first);
      case "first_triggered_at_epoch" -> first == null ? "" : Long.toString(first.toEpochMilli());
      case "last_triggered_at" -> last == null ? "" : DATADOG_TIME.format(last);
      case "last_triggered_at_epoch" -> last == null ? "" : Long.toString(last.toEpochMilli());
      case "triggered_duration_sec" ->
          first == null ? "" : Long.toString(Duration.between(first, context.now()).toSeconds());
      default -> "";
    };
  }

  private static String eventVariable(List<String> parts, SearchableEvent event) {
    if (event == null || parts.isEmpty()) {
      return "";
    }
    String first = parts.get(0);
    if (parts.size() == 1) {
      return switch (first) {
        case "id" -> Long.toString(event.id());
        case "title" -> event.title();
        case "text" -> event.text();
        case "tags" -> String.join(",", event.tags());
        default -> "";
      };
    }
    if (parts.size() == 2 && first.equals("host") && parts.get(1).equals("name")) {
      return event.host() == null ? "" : event.host();
    }
    if (parts.size() == 2 && first.equals("tags")) {
      // Several values of one key: comma-separated in lexicographic order, as for {{key.name}}.
      return String.join(",", event.facetValues(parts.get(1)).stream().sorted().toList());
    }
    return "";
  }

  /** {@code event.tags.[dot.key]} → {@code [event, tags, dot.key]}; spaces around ignored. */
  private static List<String> pathParts(String path) {
    List<String> parts = new ArrayList<>();
    String p = path.strip();
    int i = 0;
    while (i < p.length()) {
      if (p.charAt(i) == '[') {
        int close = p.indexOf(']', i);
        if (close < 0) {
          return List.of();
        }
        parts.add(p.substring(i + 1, close));
        i = close + 1;
      } else {
        int dot = p.indexOf('.', i);
        int end = dot < 0 ? p.length() : dot;
        parts.add(p.substring(i, end));
        i = end;
      }
      if (i < p.length() && p.charAt(i) == '.') {
        i++;
      }
    }
    return parts;
  }

  private static String plain(BigDecimal number) {
    return number.stripTrailingZeros().toPlainString();
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#x27;");
        case '`' -> out.append("&#x60;");
        case '=' -> out.append("&#x3D;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  // ---- reading ----

  private static final class Reader {
    private final String s;
    private int at;

    Reader(String message) {
      this.s = message;
    }

    List<Node> read() {
      List<Node> nodes = new ArrayList<>();
      String closing = readInto(nodes, null);
      if (closing != null) {
        throw new IllegalArgumentException("{{/" + closing + "}} closes no open block");
      }
      return List.copyOf(nodes);
    }

    /**
     * Reads nodes until the end, {@code {{else}}} or a closing tag.
     *
     * @return the name of the closing tag met, {@code "else"} for {@code {{else}}}, or null at the
     *     end of the message
     */
    private String readInto(List<Node> nodes, String open) {
      StringBuilder text = new StringBuilder();
      while (at < s.length()) {
        int tag = s.indexOf("{{", at);
        if (tag < 0) {
          text.append(s, at, s.length());
          at = s.length();
          break;
        }
        text.append(s, at, tag);
        boolean raw = s.startsWith("{{{", tag);
        int end = endOfTag(tag, raw);
        String inner = s.substring(tag + (raw ? 3 : 2), end - (raw ? 3 : 2)).strip();
        at = end;
        if (raw) {
          flush(text, nodes);
          nodes.add(new Variable(inner, true));
          continue;
        }
        char kind = inner.isEmpty() ? ' ' : inner.charAt(0);
        if (kind == '!' || kind == '#' || kind == '^' || kind == '/' || inner.equals("else")) {
          standalone(tag, text);
        }
        if (kind == '!') {
          continue;
        }
        if (kind == '#' || kind == '^') {
          flush(text, nodes);
          nodes.add(section(inner, kind == '^', tag));
        } else if (kind == '/') {
          flush(text, nodes);
          String name = inner.substring(1).strip();
          if (!name.equals(open)) {
            throw new IllegalArgumentException(
                "{{/" + name + "}} at position " + tag + " does not close the open block "
                    + (open == null ? "(there is none)" : "{{#" + open + "}}"));
          }
          return name;
        } else if (inner.equals("else")) {
          flush(text, nodes);
          if (open == null) {
            throw new IllegalArgumentException("{{else}} at position " + tag + " is outside a block");
          }
          return "else";
        } else {
          flush(text, nodes);
          nodes.add(new Variable(inner, false));
        }
      }
      flush(text, nodes);
      if (open != null) {
        throw new IllegalArgumentException("the block {{#" + open + "}} is never closed");
      }
      return null;
    }

    private Section section(String inner, boolean inverted, int tag) {
      List<String> words = new ArrayList<>();
      Matcher argument = ARGUMENT.matcher(inner.substring(1).strip());
      while (argument.find()) {
        words.add(
            argument.group(1) != null
                ? argument.group(1)
                : argument.group(2) != null ? argument.group(2) : argument.group(3));
      }
      if (words.isEmpty()) {
        throw new IllegalArgumentException("a block at position " + tag + " has no name");
      }
      String name = words.get(0);
      List<Node> body = new ArrayList<>();
      List<Node> otherwise = new ArrayList<>();
      String end = readInto(body, name);
      if ("else".equals(end)) {
        end = readInto(otherwise, name);
        if ("else".equals(end)) {
          throw new IllegalArgumentException("the block {{#" + name + "}} has two {{else}}");
        }
      }
      return new Section(
          name,
          List.copyOf(words.subList(1, words.size())),
          inverted,
          List.copyOf(body),
          List.copyOf(otherwise));
    }

    private int endOfTag(int tag, boolean raw) {
      if (s.startsWith("{{!--", tag)) {
        int close = s.indexOf("--}}", tag + 5);
        if (close < 0) {
          throw new IllegalArgumentException("the comment at position " + tag + " is never closed");
        }
        return close + 4;
      }
      String closing = raw ? "}}}" : "}}";
      int close = s.indexOf(closing, tag + closing.length());
      if (close < 0) {
        throw new IllegalArgumentException(
            "the tag at position " + tag + " has no closing '" + closing + "'");
      }
      return close + closing.length();
    }

    /** A block tag alone on its line removes the line: its indentation and its newline. */
    private void standalone(int tag, StringBuilder text) {
      int lineStart = s.lastIndexOf('\n', tag - 1) + 1;
      int lineEnd = s.indexOf('\n', at);
      int afterLine = lineEnd < 0 ? s.length() : lineEnd + 1;
      boolean aloneBefore = s.substring(lineStart, tag).isBlank();
      boolean aloneAfter = s.substring(at, lineEnd < 0 ? s.length() : lineEnd).isBlank();
      if (aloneBefore && aloneAfter && text.length() >= tag - lineStart) {
        text.setLength(text.length() - (tag - lineStart));
        at = afterLine;
      }
    }

    private static void flush(StringBuilder text, List<Node> nodes) {
      if (!text.isEmpty()) {
        nodes.add(new Text(text.toString()));
        text.setLength(0);
      }
    }
  }

  /** The {@code @teams-…}, {@code @slack-…} and {@code @opsgenie-…} handles, in order, once each. */
  static List<String> handles(String rendered) {
    Set<String> handles = new LinkedHashSet<>();
    Matcher handle = HANDLE.matcher(rendered);
    while (handle.find()) {
      handles.add(handle.group().replaceAll("[.]+$", ""));
    }
    return List.copyOf(handles);
  }

  private static final Pattern HANDLE =
      Pattern.compile("(?<![\\w@])@(?:teams|slack|opsgenie)-[\\p{L}\\p{N}_.\\-]+");
}
