package dev.dqnotify.forwarder.render;

import static dev.dqnotify.forwarder.render.Markdown.code;
import static dev.dqnotify.forwarder.render.Markdown.inline;

import dev.dqnotify.forwarder.filter.Silence;
import dev.dqnotify.forwarder.filter.SilenceSummary;
import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.forwarder.render.Pages.Block;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SituationTypes;
import dev.dqnotify.schemas.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The title and markdown lines of a notification: a full account of a single event, or a header and
 * one line per event for a digest.
 *
 * <p>Each value is abbreviated before it is escaped, to a budget that keeps every {@link Block}
 * well inside one page even after escaping doubles it; that is what lets {@link Pages} move whole
 * lines and never cut one.
 */
final class NotificationText {

  private static final int SUMMARY_MAX = 1000;
  private static final int VALUE_MAX = 400;
  private static final int KEY_MAX = 100;
  private static final int RAW_EXCERPT_MAX = 1000;
  private static final int DIGEST_SUMMARY_MAX = 300;
  private static final String RAW_EXCERPT = "raw_excerpt";

  private NotificationText() {}

  /** A title (not yet fitted to Datadog's limit) and the text's blocks. */
  record Draft(String title, List<Block> blocks) {}

  static Draft of(Notification notification) {
    return notification.events().size() == 1 ? single(notification) : digest(notification);
  }

  /** When an event happened: its event time, or its detection time when it has none. */
  static Instant happenedAt(DqEvent event) {
    return event.getEventTime() != null ? event.getEventTime() : event.getDetectedAt();
  }

  /** The most severe of the events' severities (enum order is INFO, WARNING, ERROR). */
  static Severity highestSeverity(List<DqEvent> events) {
    Severity highest = events.get(0).getSeverity();
    for (DqEvent event : events) {
      if (event.getSeverity().compareTo(highest) > 0) {
        highest = event.getSeverity();
      }
    }
    return highest;
  }

  private static Draft single(Notification notification) {
    DqEvent event = notification.events().get(0);
    // The summary already names the situation; the event type would push it past 100 characters.
    String title = titlePrefix(event.getSeverity(), notification.backfill()) + event.getSummary();

    List<Block> blocks = new ArrayList<>();
    blocks.add(Block.of("**" + inline(abbreviate(event.getSummary(), SUMMARY_MAX)) + "**"));

    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Event type", code(SituationTypes.nameOf(event))});
    facts.add(new String[] {"Severity", code(event.getSeverity())});
    addFact(facts, "Team", event.getTeam());
    addFact(facts, "Env", event.getEnv());
    addFact(facts, "Job", event.getJob());
    addFact(facts, "Store", event.getStoreId());
    addFact(facts, "Sensor", event.getSensorId());
    new TreeMap<>(event.getLabels()).forEach((key, value) -> addFact(facts, cell(key, KEY_MAX), value));
    addFact(facts, "Message id", event.getMessageId());
    if (event.getEventTime() != null) {
      addFact(facts, "Event time", event.getEventTime().toString());
    }
    addFact(facts, "Detected at", event.getDetectedAt().toString());
    SourcePosition source = event.getSource();
    if (source != null) {
      addFact(
          facts,
          "Source",
          abbreviate(source.getTopic(), KEY_MAX)
              + ", partition "
              + source.getPartition()
              + ", offset "
              + source.getOffset());
    }
    addFact(facts, "Event id", event.getEventId());
    if (notification.backfill()) {
      addFact(facts, "Backfill", "yes");
    }
    blocks.addAll(table(null, "Field", facts));

    Map<String, String> details = new TreeMap<>(event.getDetails());
    String rawExcerpt = details.remove(RAW_EXCERPT);
    List<String[]> detailRows = new ArrayList<>();
    details.forEach(
        (k, v) ->
            detailRows.add(new String[] {cell(k, KEY_MAX), cell(String.valueOf(v), VALUE_MAX)}));
    if (!detailRows.isEmpty()) {
      blocks.addAll(table("Details", "Detail", detailRows));
    }
    if (rawExcerpt != null) {
      List<String> lines = new ArrayList<>(List.of("", "**Raw excerpt**", ""));
      lines.addAll(Markdown.codeBlock(abbreviate(rawExcerpt, RAW_EXCERPT_MAX)));
      blocks.add(new Block(lines, List.of()));
    }
    return new Draft(title, blocks);
  }

  private static Draft digest(Notification notification) {
    List<DqEvent> events = notification.events();
    Severity highest = highestSeverity(events);
    String labels = String.join(" · ", notification.groupLabels().values());
    String title =
        titlePrefix(highest, notification.backfill())
            + events.size()
            + " DQ events"
            + (labels.isEmpty() ? "" : " · " + labels);

    List<Block> blocks = new ArrayList<>();
    Map<Severity, Long> bySeverity =
        counts(events, DqEvent::getSeverity, () -> new TreeMap<>(Comparator.reverseOrder()));
    blocks.add(Block.of("**" + events.size() + " data-quality events**: " + countList(bySeverity)));
    if (!notification.groupLabels().isEmpty()) {
      String group =
          notification.groupLabels().entrySet().stream()
              .map(e -> cell(e.getKey(), KEY_MAX) + " " + cell(e.getValue(), KEY_MAX))
              .collect(Collectors.joining(" · "));
      blocks.add(Block.of("", "Group: " + group));
    }
    Map<String, Long> byType = counts(events, SituationTypes::nameOf, TreeMap::new);
    blocks.add(Block.of("", "Event types: " + countList(byType)));
    Instant earliest =
        events.stream().map(NotificationText::happenedAt).min(Comparator.naturalOrder()).get();
    Instant latest =
        events.stream().map(NotificationText::happenedAt).max(Comparator.naturalOrder()).get();
    blocks.add(Block.of("", "Event times " + earliest + " to " + latest));
    if (notification.backfill()) {
      blocks.add(Block.of("", "Backfill: yes"));
    }
    blocks.add(Block.of("", "Notification id: " + cell(notification.id(), KEY_MAX), ""));
    for (DqEvent event : events) {
      blocks.add(Block.of(digestLine(event)));
    }
    return new Draft(title, blocks);
  }

  /** The most stores a silence summary lists; the rest are counted. */
  private static final int SUMMARY_STORES_MAX = 30;

  /** A silence's summary when it ends: what it held back, by event type and store, first and last. */
  static Draft silenceSummary(SilenceSummary summary) {
    Silence silence = summary.silence();
    String title = "[INFO] Silence " + silence.name() + " ended: " + summary.events() + " event"
        + (summary.events() == 1 ? " was" : "s were") + " not posted";
    List<Block> blocks = new ArrayList<>();
    blocks.add(Block.of("**Silence " + cell(silence.name(), KEY_MAX) + " ended** (" + silence.end() + "): "
        + summary.events() + " data-quality event" + (summary.events() == 1 ? " was" : "s were")
        + " not posted while it was active."));
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Matchers", cell(silence.describeMatchers(), VALUE_MAX)});
    facts.add(new String[] {"Window", silence.start().map(Instant::toString).orElse("start-up") + " to "
        + silence.end()});
    facts.add(new String[] {"Comment", cell(silence.comment(), VALUE_MAX)});
    facts.add(new String[] {"First held back", sighting(summary.first())});
    facts.add(new String[] {"Last held back", sighting(summary.last())});
    blocks.addAll(table(null, "Field", facts));
    List<String[]> types = new ArrayList<>();
    new TreeMap<>(summary.byEventType()).forEach((type, count) -> types.add(new String[] {code(type), count.toString()}));
    blocks.addAll(table("By event type", "Event type", types));
    List<String[]> stores = new ArrayList<>();
    summary.byStore().entrySet().stream().limit(SUMMARY_STORES_MAX).forEach(e -> stores.add(
        new String[] {e.getKey().isEmpty() ? "(no store)" : cell(e.getKey(), KEY_MAX), e.getValue().toString()}));
    blocks.addAll(table("By store", "Store", stores));
    if (summary.byStore().size() > SUMMARY_STORES_MAX) {
      long more = summary.byStore().values().stream().skip(SUMMARY_STORES_MAX).mapToLong(Long::longValue).sum();
      blocks.add(Block.of("", "… and " + more + " events of " + (summary.byStore().size() - SUMMARY_STORES_MAX)
          + " more stores"));
    }
    return new Draft(title, blocks);
  }

  private static String sighting(SilenceSummary.Sighting sighting) {
    return sighting.time() + " · " + cell(sighting.eventId(), KEY_MAX) + ": " + cell(sighting.summary(), DIGEST_SUMMARY_MAX);
  }

  private static String digestLine(DqEvent event) {
    StringBuilder line =
        new StringBuilder("- **")
            .append(event.getSeverity().name())
            .append("** ")
            .append(code(SituationTypes.nameOf(event)))
            .append(' ')
            .append(happenedAt(event));
    if (event.getStoreId() != null) {
      line.append(" · ").append(cell(event.getStoreId(), KEY_MAX));
    }
    if (event.getSensorId() != null) {
      line.append(" · ").append(cell(event.getSensorId(), KEY_MAX));
    }
    new TreeMap<>(event.getLabels()).forEach((key, value) -> line.append(" · ").append(cell(key, KEY_MAX))
        .append(' ').append(cell(value, KEY_MAX)));
    return line.append(": ")
        .append(cell(event.getSummary(), DIGEST_SUMMARY_MAX))
        .append(" (")
        .append(cell(event.getEventId(), KEY_MAX))
        .append(')')
        .toString();
  }

  private static String titlePrefix(Severity severity, boolean backfill) {
    return "[" + severity.name() + "] " + (backfill ? "[backfill] " : "");
  }

  private static void addFact(List<String[]> facts, String name, String value) {
    if (value != null) {
      facts.add(new String[] {name, cell(value, VALUE_MAX)});
    }
  }

  /**
   * A two-column table: the first block holds the optional heading, the header and the first row,
   * so a heading never ends a page alone; every further row is a block that reopens the table.
   */
  private static List<Block> table(String heading, String keyColumn, List<String[]> rows) {
    List<String> header = List.of("| " + keyColumn + " | Value |", "|---|---|");
    List<String> first =
        heading == null
            ? List.of("", header.get(0), header.get(1), row(rows.get(0)))
            : List.of("", "**" + heading + "**", "", header.get(0), header.get(1), row(rows.get(0)));
    List<Block> blocks = new ArrayList<>(rows.size());
    blocks.add(new Block(first, List.of()));
    for (int i = 1; i < rows.size(); i++) {
      blocks.add(new Block(List.of(row(rows.get(i))), header));
    }
    return blocks;
  }

  private static String row(String[] cells) {
    return "| " + cells[0] + " | " + cells[1] + " |";
  }

  private static String cell(String value, int max) {
    return inline(abbreviate(value, max));
  }

  /**
   * {@code s}, or as much of it as fits in {@code max} followed by how much was left out; never
   * cuts through a character.
   */
  private static String abbreviate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    // Room for the longest possible note, so the result never exceeds max.
    String head = Graphemes.cut(s, max - 40);
    return head + String.format(Locale.ROOT, "… (%,d more characters)", s.length() - head.length());
  }

  private static <K extends Comparable<K>> Map<K, Long> counts(
      List<DqEvent> events, Function<DqEvent, K> key, Supplier<Map<K, Long>> map) {
    return events.stream().collect(Collectors.groupingBy(key, map, Collectors.counting()));
  }

  private static String countList(Map<?, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getValue() + " " + code(String.valueOf(e.getKey())))
        .collect(Collectors.joining(", "));
  }
}
