package dev.dqnotify.forwarder.render;

import dev.dqnotify.forwarder.filter.Silence;
import dev.dqnotify.forwarder.filter.SilenceSummary;
import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.schemas.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a {@link Notification} as one or more Datadog v1 events.
 *
 * <p>A single event gets a full account (summary, facts, details table, raw excerpt); a digest gets
 * a header with counts and one line per event. Text over Datadog's 4000 characters is truncated or
 * paginated as {@link RenderSettings#overflow()} says; pages share the notification's tags and
 * aggregation key and are titled "(1/n)", "(2/n)", …. The events carry no {@code date_happened}:
 * Datadog dates them when it receives them, so a route monitor counts them in its window however old
 * the situation is; the situation's time is in the text and the {@code event_date} tag. Stateless.
 */
public final class DatadogEventRenderer {

  private final RenderSettings settings;

  /** A renderer shaping events as {@code settings} says. */
  public DatadogEventRenderer(RenderSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The notification's events for Datadog: one, or its pages in order. */
  public List<DatadogEvent> render(Notification notification) {
    NotificationText.Draft draft = NotificationText.of(notification);
    List<List<String>> pages =
        switch (settings.overflow()) {
          case TRUNCATE -> List.of(Pages.truncate(draft.blocks(), Pages.BODY_CAPACITY));
          case PAGINATE -> Pages.paginate(draft.blocks(), Pages.BODY_CAPACITY);
        };

    Severity severity = NotificationText.highestSeverity(notification.events());
    List<String> tags = Tags.forNotification(notification, settings.extraTags());
    String aggregationKey = Keys.aggregationKey(notification.id());
    List<DatadogEvent> events = new ArrayList<>(pages.size());
    for (int i = 0; i < pages.size(); i++) {
      events.add(
          new DatadogEvent(
              notification.id(),
              i + 1,
              pages.size(),
              title(draft.title(), i + 1, pages.size()),
              Pages.wrap(pages.get(i)),
              tags,
              alertType(severity),
              severity == Severity.INFO ? "low" : "normal",
              aggregationKey));
    }
    return List.copyOf(events);
  }

  /**
   * The one Datadog event that reports what a silence held back, when it ends: tagged with the
   * silence's name and the teams and environments of the events it held back (so it reaches the
   * channels those events would have); the text says when the silence ended.
   */
  public DatadogEvent render(SilenceSummary summary) {
    Silence silence = summary.silence();
    NotificationText.Draft draft = NotificationText.silenceSummary(summary);
    String id = "silence-" + silence.name() + "-" + silence.end().getEpochSecond();
    List<String> tags = Tags.forSilenceSummary(id, summary, settings.extraTags());
    return new DatadogEvent(id, 1, 1, title(draft.title(), 1, 1),
        Pages.wrap(Pages.truncate(draft.blocks(), Pages.BODY_CAPACITY)), tags, "info", "low", Keys.aggregationKey(id));
  }

  /** The whole text before it is fitted to Datadog's limit; tests compare pages against it. */
  NotificationText.Draft draft(Notification notification) {
    return NotificationText.of(notification);
  }

  private static String title(String base, int part, int parts) {
    String suffix = parts > 1 ? " (" + part + "/" + parts + ")" : "";
    return Graphemes.ellipsize(
            Markdown.plainLine(base), DatadogEvent.MAX_TITLE_LENGTH - suffix.length())
        + suffix;
  }

  private static String alertType(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "info";
    };
  }
}
