package dev.dqnotify.forwarder.monitors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the monitor of a route looks like: one {@code event-v2 alert} per route that counts the
 * route's events per {@code notification_id} tag, so each notification alerts (and reaches Teams)
 * on its own instead of being folded into whichever group happened to be alerting already.
 */
final class RouteMonitors {

  /** The tag on every monitor dqnotify manages; the list of managed monitors is found by it. */
  static final String MANAGED_TAG = "managed-by:dqnotify";

  /** Prefix of the tag naming a monitor's route; it ties a monitor to its route across renames. */
  static final String ROUTE_TAG_PREFIX = "dqnotify-route:";

  static final String NAME_PREFIX = "[dqnotify] ";
  static final String TYPE = "event-v2 alert";

  /** The facet each notification carries uniquely, set by the renderer (see {@code Tags}). */
  static final String GROUP_BY = "notification_id";

  /**
   * Every event the forwarder posts carries the tag {@code source:dqnotify}. {@code source} is a
   * reserved attribute of Datadog's event search (the integration an event came from), so the tag is
   * searched in the {@code tags:(…)} form Datadog documents for such keys.
   */
  static final String SOURCE_TERM = "tags:(\"source:dqnotify\")";

  private RouteMonitors() {}

  /** The monitor {@code route} should have under the file's defaults. */
  static MonitorSpec desired(Route route, RoutesFile file) {
    return new MonitorSpec(
        NAME_PREFIX + route.name(),
        TYPE,
        query(route, file.window()),
        message(route, file.messagePrefix()),
        List.of(MANAGED_TAG, ROUTE_TAG_PREFIX + route.name()),
        route.priority() == null ? null : route.priority().longValue(),
        0.0,
        false,
        true);
  }

  /**
   * {@code events("tags:(\"source:dqnotify\") team:\"a\" (event_type:\"late_data\" OR
   * event_type:\"store_silent\")").rollup("count").by("notification_id").last("5m") > 0}: within a
   * key any tag, across keys all. The match keys are none of the search's reserved attributes
   * ({@code host source status service message}), so {@code key:value} searches the tag; each value
   * is quoted, as the search syntax wants for values holding {@code -}, {@code :} or other special
   * characters. The threshold is 0 and must equal {@code options.thresholds.critical}, which Datadog
   * checks.
   */
  static String query(Route route, String window) {
    List<String> terms = new ArrayList<>();
    terms.add(SOURCE_TERM);
    for (String key : RoutesFile.MATCH_KEYS) {
      List<String> tags = route.match().get(key);
      if (tags == null) {
        continue;
      }
      terms.add(anyOf(tags));
    }
    route.match().keySet().stream().filter(k -> k.startsWith(RoutesFile.LABEL_PREFIX)).sorted()
        .forEach(key -> terms.add(anyOf(route.match().get(key))));
    return "events(\""
        + escape(String.join(" ", terms))
        + "\").rollup(\"count\").by(\""
        + GROUP_BY
        + "\").last(\""
        + window
        + "\") > 0";
  }

  /** One term for a key's tags: {@code key:"a"}, or {@code (key:"a" OR key:"b")}. */
  private static String anyOf(List<String> tags) {
    List<String> quoted = tags.stream().map(RouteMonitors::tagTerm).toList();
    return quoted.size() == 1 ? quoted.get(0) : "(" + String.join(" OR ", quoted) + ")";
  }

  /** {@code key:"value"} for the tag {@code key:value}; our tags hold no quote or backslash. */
  private static String tagTerm(String tag) {
    int colon = tag.indexOf(':');
    return tag.substring(0, colon) + ":\"" + tag.substring(colon + 1) + "\"";
  }

  /** The search as a string literal inside {@code events("…")}. */
  private static String escape(String search) {
    return search.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * The notification: the event's own title, text and tags through Datadog's event-monitor template
   * variables, then the handles. Everything sits inside {@code {{#is_alert}}}: each notification's
   * group recovers once it leaves the window, and a "recovered" message in Teams for every
   * data-quality notification would only be noise. The text uses triple braces so the Markdown our
   * renderer wrote is not HTML-escaped.
   */
  static String message(Route route, Optional<String> prefix) {
    StringBuilder message = new StringBuilder();
    message
        .append("{{!-- Managed by dqnotify (route ")
        .append(route.name())
        .append("): edit the routes file and run `dq-forwarder monitors apply`;")
        .append(" changes made here are overwritten. --}}\n")
        .append("{{#is_alert}}\n");
    prefix.ifPresent(p -> message.append(p).append("\n\n"));
    message
        .append("**{{event.title}}**\n\n")
        .append("{{{event.text}}}\n\n")
        .append("Tags: {{event.tags}}\n\n")
        .append(String.join(" ", route.handles()))
        .append("\n{{/is_alert}}");
    return message.toString();
  }
}
