package dev.dqnotify.forwarder.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.forwarder.render.Pages.Block;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SourcePosition;
import java.text.BreakIterator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Datadog's limits hold for any input: arbitrary Unicode (emoji, combining marks, line and
 * paragraph separators, markdown and Datadog markers), huge summaries and details, big digests.
 */
class RenderPropertiesTest {

  private static final Pattern TAG = Pattern.compile("^\\p{L}[\\p{L}\\p{N}_\\-:./]{0,199}(?<!:)$");

  @Property(tries = 150)
  void noTitleOrTextEverExceedsItsLimit(
      @ForAll("notifications") Notification notification, @ForAll OverflowPolicy overflow) {
    List<DatadogEvent> events = renderer(overflow).render(notification);
    Statistics.collect(overflow, events.size() > 1 || events.get(0).text().contains(" not shown"));
    Statistics.coverage(
        coverage -> coverage.check(OverflowPolicy.TRUNCATE, true).percentage(p -> p >= 3));
    for (DatadogEvent event : events) {
      assertThat(event.title()).hasSizeLessThanOrEqualTo(DatadogEvent.MAX_TITLE_LENGTH);
      assertThat(event.text())
          .hasSizeLessThanOrEqualTo(DatadogEvent.MAX_TEXT_LENGTH)
          .startsWith("%%% \n")
          .endsWith("\n %%%");
      assertThat(event.aggregationKey())
          .hasSizeLessThanOrEqualTo(DatadogEvent.MAX_AGGREGATION_KEY_LENGTH);
    }
  }

  @Property(tries = 150)
  void paginationLosesNoLineAndDuplicatesNone(@ForAll("notifications") Notification notification) {
    DatadogEventRenderer renderer = renderer(OverflowPolicy.PAGINATE);
    List<String> expected =
        renderer.draft(notification).blocks().stream()
            .map(Block::lines)
            .flatMap(List::stream)
            .toList();

    List<DatadogEvent> parts = renderer.render(notification);

    List<String> actual = new ArrayList<>();
    for (DatadogEvent part : parts) {
      String text = part.text();
      List<String> lines = Arrays.asList(text.substring(5, text.length() - 5).split("\n", -1));
      // A page that continues a table repeats its header; no table in the draft starts a line
      // list with its header (each is preceded by a blank line), so this is never a content line.
      boolean reopensTable =
          part.part() > 1 && lines.size() > 2 && lines.get(1).equals("|---|---|");
      actual.addAll(reopensTable ? lines.subList(2, lines.size()) : lines);
      assertThat(part.aggregationKey()).isEqualTo(parts.get(0).aggregationKey());
      assertThat(part.tags()).contains(Tags.notificationIdTag(notification.id()));
    }
    assertThat(actual).isEqualTo(expected);
    Statistics.collect(parts.size() > 1 ? "paginated" : "one part");
    Statistics.coverage(coverage -> coverage.check("paginated").percentage(p -> p >= 5));
  }

  @Property(tries = 150)
  void everyTagFollowsDatadogsRules(
      @ForAll("notifications") Notification notification,
      @ForAll("extraTags") List<String> extraTags) {
    DatadogEventRenderer renderer =
        new DatadogEventRenderer(new RenderSettings(OverflowPolicy.TRUNCATE, extraTags));

    for (DatadogEvent event : renderer.render(notification)) {
      assertThat(event.tags())
          .isNotEmpty()
          .allMatch(RenderPropertiesTest::isValidTag, "lowercase and matches " + TAG);
    }
  }

  @Property
  void sanitisedTagsAreValidOrEmpty(@ForAll("text") String raw) {
    String tag = Tags.sanitize(raw);

    assertThat(tag.isEmpty() || isValidTag(tag)).as(tag).isTrue();
  }

  @Property(tries = 150)
  void truncationNeverSplitsASurrogatePair(@ForAll("notifications") Notification notification) {
    for (DatadogEvent event : renderer(OverflowPolicy.TRUNCATE).render(notification)) {
      assertThat(hasLoneSurrogate(event.title())).as(event.title()).isFalse();
      assertThat(hasLoneSurrogate(event.text())).isFalse();
    }
  }

  @Property
  void cuttingStopsOnACharacterBoundary(
      @ForAll("text") String text, @ForAll @IntRange(max = 400) int max) {
    String cut = Graphemes.cut(text, max);

    assertThat(text).startsWith(cut);
    assertThat(cut.length()).isLessThanOrEqualTo(max);
    BreakIterator boundaries = BreakIterator.getCharacterInstance();
    boundaries.setText(text);
    assertThat(boundaries.isBoundary(cut.length())).isTrue();
    assertThat(hasLoneSurrogate(cut)).isFalse();
  }

  private static DatadogEventRenderer renderer(OverflowPolicy overflow) {
    return new DatadogEventRenderer(new RenderSettings(overflow, List.of()));
  }

  /** Datadog's rules: see {@link Tags}. */
  private static boolean isValidTag(String tag) {
    return TAG.matcher(tag).matches()
        && tag.length() <= Tags.MAX_LENGTH
        && tag.equals(tag.toLowerCase(Locale.ROOT));
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  @Provide
  Arbitrary<Notification> notifications() {
    // Huge inputs as often as small ones, so that overflow is common rather than an edge case.
    Arbitrary<DqEvent> single =
        Arbitraries.oneOf(events(0, 300, 0, 5, 200), events(500, 3000, 20, 40, 1500));
    Arbitrary<List<DqEvent>> group =
        Arbitraries.oneOf(
            events(0, 400, 0, 2, 60).list().ofMinSize(2).ofMaxSize(10),
            events(50, 400, 0, 2, 60).list().ofMinSize(20).ofMaxSize(60));
    Arbitrary<Notification> singles =
        Combinators.combine(single, ids(), Arbitraries.of(true, false))
            .as((event, id, backfill) -> new Notification(id, Map.of(), List.of(event), backfill));
    Arbitrary<Notification> digests =
        Combinators.combine(
                group,
                ids(),
                Arbitraries.maps(Arbitraries.of("team", "env", "job", "store_id"), text(150))
                    .ofMaxSize(4),
                Arbitraries.of(true, false))
            .as((events, id, labels, backfill) -> new Notification(id, labels, events, backfill));
    return Arbitraries.oneOf(singles, digests);
  }

  @Provide
  Arbitrary<List<String>> extraTags() {
    return text(250).list().ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> text() {
    return text(600);
  }

  private static Arbitrary<DqEvent> events(
      int summaryMin, int summaryMax, int detailsMin, int detailsMax, int valueMax) {
    Arbitrary<String> label = text(80);
    Arbitrary<Instant> instants =
        Arbitraries.longs()
            .between(
                Instant.parse("2000-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())
            .map(Instant::ofEpochMilli);
    return Combinators.combine(
            Arbitraries.of(DqEventType.class),
            Arbitraries.of(Severity.class),
            label,
            label.injectNull(0.3),
            text(summaryMin, summaryMax),
            Arbitraries.maps(text(120), text(0, valueMax))
                .ofMinSize(detailsMin)
                .ofMaxSize(detailsMax),
            instants.injectNull(0.3),
            instants)
        .as(
            (type, severity, name, store, summary, details, eventTime, detectedAt) ->
                DqEvent.newBuilder()
                    .setEventId("ev-" + name)
                    .setEventType(type)
                    .setSeverity(severity)
                    .setDetectedAt(detectedAt)
                    .setEventTime(eventTime)
                    .setJob(name)
                    .setTeam(name)
                    .setEnv(name)
                    .setStoreId(store)
                    .setSensorId(store == null ? null : store + name)
                    .setMessageId(store)
                    .setSource(
                        store == null
                            ? null
                            : new SourcePosition(name, summary.length(), detectedAt.toEpochMilli()))
                    .setSummary(summary)
                    .setDetails(withRawExcerpt(details, summary))
                    .build());
  }

  // Half the events carry a raw_excerpt, which renders as a code block rather than a table row.
  private static Map<String, String> withRawExcerpt(Map<String, String> details, String summary) {
    if (summary.length() % 2 == 0) {
      return details;
    }
    Map<String, String> withExcerpt = new HashMap<>(details);
    withExcerpt.put("raw_excerpt", "```" + summary + "\n```");
    return withExcerpt;
  }

  private static Arbitrary<String> ids() {
    return Arbitraries.oneOf(Arbitraries.longs().map(l -> new UUID(l, ~l).toString()), text(150));
  }

  /** Strings of code points mixing ASCII, markdown and Datadog markers, emoji and marks. */
  private static Arbitrary<String> text(int maxCodePoints) {
    return text(0, maxCodePoints);
  }

  private static Arbitrary<String> text(int minCodePoints, int maxCodePoints) {
    Arbitrary<Integer> codePoints =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
            Tuple.of(
                2,
                Arbitraries.of(
                    (int) '`',
                    (int) '|',
                    (int) '%',
                    (int) '*',
                    (int) '\\',
                    (int) '\n',
                    (int) '\r',
                    0x2028,
                    0x0000,
                    0x200D,
                    0xFE0F)),
            Tuple.of(2, Arbitraries.integers().between(0x1F300, 0x1FAFF)),
            Tuple.of(2, Arbitraries.integers().between(0x0300, 0x036F)),
            Tuple.of(1, Arbitraries.integers().between(0x00C0, 0x024F)),
            Tuple.of(1, Arbitraries.integers().between(0x4E00, 0x9FFF)));
    return codePoints
        .list()
        .ofMinSize(minCodePoints)
        .ofMaxSize(maxCodePoints)
        .map(
            cps -> {
              StringBuilder s = new StringBuilder();
              cps.forEach(s::appendCodePoint);
              return s.toString();
            });
  }
}
