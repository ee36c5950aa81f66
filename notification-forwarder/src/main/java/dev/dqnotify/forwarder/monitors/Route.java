package dev.dqnotify.forwarder.monitors;

import java.util.List;
import java.util.Map;

/**
 * One entry of the routes file: which dqnotify events (by their tags) go to which handles.
 *
 * @param name unique in the file; becomes the monitor's {@code dqnotify-route:<name>} tag, so it is
 *     already a valid, lowercase tag value
 * @param match tag key ({@code team}, {@code env}, …) to the tags an event may carry for it, as
 *     Datadog stores them ({@code event_type:late_data}), tags sorted. An event must match every
 *     key and, within a key, any of its tags. Read it in {@link RoutesFile#MATCH_KEYS} order.
 * @param handles the handles to notify (the file's {@code notify:}), in the file's order, e.g.
 *     {@code @teams-stores-north-dq}
 * @param priority 1–5, or null for none
 */
record Route(String name, Map<String, List<String>> match, List<String> handles, Integer priority) {

  Route {
    match = Map.copyOf(match);
    handles = List.copyOf(handles);
  }
}
