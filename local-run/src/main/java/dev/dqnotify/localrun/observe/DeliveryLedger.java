package dev.dqnotify.localrun.observe;

import dev.dqnotify.forwarder.render.Tags;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which DqEvents reached Datadog, read from the events the simulator accepted.
 *
 * <p>A Datadog event carries a DqEvent id in two ways: its {@code notification_id} tag, which the
 * forwarder derives from the event id in per-event mode ({@link Tags#notificationIdTag}, the same
 * function, so a hashed id matches too), and its text, which names every event id of a digest (and
 * the single event's id). A page of a notification is identified by that tag and the {@code (k/n)}
 * its title ends with; the same page accepted twice is a duplicate, and so is one DqEvent in two
 * different notifications.
 */
public final class DeliveryLedger {

  private static final String NOTIFICATION_TAG = "notification_id:";
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern PART = Pattern.compile("\\((\\d+)/(\\d+)\\)$");

  /**
   * The accepted pages of one notification.
   *
   * @param tag its {@code notification_id:…} tag
   * @param pages its pages in part order, each once
   * @param parts how many parts its titles announce
   */
  public record Notification(String tag, List<ReceivedEvent> pages, int parts) {}

  private final Map<String, Instant> firstDelivered;
  private final Map<String, Integer> notificationsPerId;
  private final int repeatedPosts;
  private final List<Notification> notifications;

  private DeliveryLedger(Map<String, Instant> firstDelivered, Map<String, Integer> notificationsPerId,
      int repeatedPosts, List<Notification> notifications) {
    this.firstDelivered = firstDelivered;
    this.notificationsPerId = notificationsPerId;
    this.repeatedPosts = repeatedPosts;
    this.notifications = notifications;
  }

  /** Matches {@code accepted} (oldest first) against {@code knownIds}, the DqEvent ids of the run. */
  public static DeliveryLedger of(List<ReceivedEvent> accepted, Collection<String> knownIds) {
    Map<String, String> idByTag = new HashMap<>();
    knownIds.forEach(id -> idByTag.put(Tags.notificationIdTag(id), id));
    Set<String> known = Set.copyOf(knownIds);

    Map<String, Instant> first = new LinkedHashMap<>();
    Map<String, Set<String>> notificationsOfId = new HashMap<>();
    Map<String, Map<Integer, ReceivedEvent>> pagesByTag = new LinkedHashMap<>();
    Map<String, Integer> partsByTag = new HashMap<>();
    int repeated = 0;
    for (ReceivedEvent event : accepted) {
      String tag = event.tags().stream().filter(t -> t.startsWith(NOTIFICATION_TAG)).findFirst()
          .orElse(NOTIFICATION_TAG + "#" + event.id());
      int[] part = part(event.title());
      if (pagesByTag.computeIfAbsent(tag, t -> new HashMap<>()).putIfAbsent(part[0], event) != null) {
        repeated++;
      }
      partsByTag.merge(tag, part[1], Math::max);
      for (String id : carried(event, idByTag, known)) {
        first.putIfAbsent(id, event.receivedAt());
        notificationsOfId.computeIfAbsent(id, i -> new HashSet<>()).add(tag);
      }
    }
    Map<String, Integer> perId = new HashMap<>();
    notificationsOfId.forEach((id, tags) -> perId.put(id, tags.size()));
    List<Notification> notifications = new ArrayList<>();
    pagesByTag.forEach((tag, pages) -> notifications.add(new Notification(tag,
        pages.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList(),
        partsByTag.get(tag))));
    return new DeliveryLedger(first, perId, repeated, List.copyOf(notifications));
  }

  /** The DqEvent ids a Datadog event carries, by its notification tag or its text. */
  static Set<String> carried(ReceivedEvent event, Map<String, String> idByTag, Set<String> known) {
    Set<String> ids = new LinkedHashSet<>();
    for (String tag : event.tags()) {
      String id = idByTag.get(tag);
      if (id != null) {
        ids.add(id);
      }
    }
    Matcher uuids = UUID.matcher(event.text() == null ? "" : event.text());
    while (uuids.find()) {
      if (known.contains(uuids.group())) {
        ids.add(uuids.group());
      }
    }
    return ids;
  }

  /** {@code {part, parts}} from a title ending in {@code (k/n)}; {@code {1, 1}} otherwise. */
  static int[] part(String title) {
    Matcher m = PART.matcher(title == null ? "" : title.strip());
    if (m.find()) {
      int part = Integer.parseInt(m.group(1));
      int parts = Integer.parseInt(m.group(2));
      if (part >= 1 && part <= parts) {
        return new int[] {part, parts};
      }
    }
    return new int[] {1, 1};
  }

  /** When each delivered DqEvent id first reached Datadog. */
  public Map<String, Instant> firstDelivered() {
    return firstDelivered;
  }

  /** Whether {@code id} reached Datadog. */
  public boolean delivered(String id) {
    return firstDelivered.containsKey(id);
  }

  /**
   * Datadog events that should not be there: pages accepted more than once, plus each DqEvent's
   * notifications beyond its first.
   */
  public int duplicates() {
    return repeatedPosts + notificationsPerId.values().stream().mapToInt(n -> n - 1).sum();
  }

  /** Every notification whose pages were accepted, in the order their first page arrived. */
  public List<Notification> notifications() {
    return notifications;
  }

  /** The first notification with more than one part, all of whose parts arrived. */
  public java.util.Optional<Notification> firstPaginated() {
    return notifications.stream().filter(n -> n.parts() > 1 && n.pages().size() == n.parts())
        .min(Comparator.comparing(n -> n.pages().get(0).receivedAt()));
  }
}
