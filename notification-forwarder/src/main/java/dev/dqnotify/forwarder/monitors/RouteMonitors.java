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

  /** Every event the forwarder posts carries this tag. */
  static final String SOURCE_TAG = "source:dqnotify";

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
   * {@code events("source:dqnotify team:a (event_type:late_data OR event_type:store_silent)")
   * .rollup("count").by("notification_id").last("5m") > 0}: within a key any tag, across keys all.
   * The threshold is 0 and must equal {@code options.thresholds.critical}, which Datadog checks.
   */
  static String query(Route route, String window) {
    List<String> terms = new ArrayList<>();
    terms.add(SOURCE_TAG);
    for (String key : RoutesFile.MATCH_KEYS) {
      List<String> tags = route.match().get(key);
      if (tags == null) {
        continue;
      }
      terms.add(tags.size() == 1 ? tags.get(0) : "(" + String.join(" OR ", tags) + ")");
    }
    return "events(\""
        + String.join(" ", terms)
        + "\").rollup(\"count\").by(\""
        + GROUP_BY
        + "\").last(\""
        + window
        + "\") > 0";
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
