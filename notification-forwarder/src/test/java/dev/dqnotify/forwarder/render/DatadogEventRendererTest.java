package dev.dqnotify.forwarder.render;

import dev.dqnotify.schemas.DqEventVersions;
import static dev.dqnotify.forwarder.testing.TestEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.schemas.DqEvent;
import dev.dqnotify.schemas.DqEventType;
import dev.dqnotify.schemas.Severity;
import dev.dqnotify.schemas.SourcePosition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatadogEventRendererTest {

  @Test
  void rendersEveryFactOfASingleEvent() {
    DatadogEvent event = renderOne(single(sample(), false));

    assertThat(event.title())
        .isEqualTo(
            "[WARNING] store-0042 s-0042-climate-03 sent 4 data points, expected at least 10");
    assertThat(event.text())
        .startsWith(
            "%%% \n**store-0042 s-0042-climate-03 sent 4 data points, expected at least 10**")
        .endsWith("\n %%%")
        .contains("| Event type | `INSUFFICIENT_DATA_POINTS` |")
        .contains("| Severity | `WARNING` |")
        .contains("| Store | store-0042 |")
        .contains("| Sensor | s-0042-climate-03 |")
        .contains("| Message id | m-7781 |")
        .contains("| Event time | 2025-03-01T11:59:00Z |")
        .contains("| Detected at | 2025-03-01T12:00:05.123Z |")
        .contains("| Source | sensor-raw, partition 3, offset 123456789012 |")
        .contains(
            "**Details**\n\n| Detail | Value |\n|---|---|\n| actual | 4 |\n| expected\\_min | 10 |")
        .contains("**Raw excerpt**\n\n```\n{\"store\":\"store-0042\",\"temp\":21.5}\n```");
    assertThat(event.part()).isEqualTo(1);
    assertThat(event.parts()).isEqualTo(1);
    assertThat(event.alertType()).isEqualTo("warning");
    assertThat(event.priority()).isEqualTo("normal");
    assertThat(event.aggregationKey()).isEqualTo("ev-0f1e2d3c4b5a");
  }

  @Test
  void tagsTheEventWithItsLabels() {
    assertThat(renderOne(single(sample(), false)).tags())
        .containsExactly(
            "source:dqnotify",
            "notification_id:ev-0f1e2d3c4b5a",
            "team:climate",
            "env:dev",
            "job:sensor-ingest",
            "event_type:insufficient_data_points",
            "severity:warning",
            "store:store-0042",
            "sensor:s-0042-climate-03",
            "event_date:2025-03-01");
  }

  @Test
  void rendersARangeLostToRetentionWithItsPartitionAndOffsets() {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("topic", "sensor-raw");
    details.put("partition", "3");
    details.put("first_lost_offset", "1200");
    details.put("last_lost_offset", "1499");
    details.put("lost_offsets", "300");
    DqEvent lost =
        DqEvent.newBuilder(TestEvents.minimal())
            .setEventType(DqEventType.SOURCE_DATA_LOST)
            .setSummary("sensor-raw partition 3: offsets 1200..1499 (300) were deleted by Kafka before they were read")
            .setSource(new SourcePosition("sensor-raw", 3, 1200L))
            .setDetails(details)
            .build();

    DatadogEvent event = renderOne(single(lost, false));

    assertThat(event.tags()).contains("event_type:source_data_lost", "severity:error")
        .noneMatch(t -> t.startsWith("store:"));
    assertThat(event.alertType()).isEqualTo("error");
    assertThat(event.text())
        .contains("| Event type | `SOURCE_DATA_LOST` |")
        .contains("| Source | sensor-raw, partition 3, offset 1200 |")
        .contains("| first\\_lost\\_offset | 1200 |")
        .contains("| last\\_lost\\_offset | 1499 |")
        .contains("| lost\\_offsets | 300 |");
  }

  @Test
  void leavesOutTagsAndFactsWithoutValue() {
    DatadogEvent event = renderOne(single(TestEvents.minimal(), false));

    assertThat(event.tags()).noneMatch(t -> t.startsWith("store:") || t.startsWith("sensor:"));
    assertThat(event.text())
        .doesNotContain("| Store |", "| Source |", "**Details**", "Raw excerpt");
  }

  @Test
  void addsBackfillAndSanitisedExtraTags() {
    DatadogEventRenderer renderer =
        new DatadogEventRenderer(
            new RenderSettings(OverflowPolicy.TRUNCATE, List.of("Service:DQ Forwarder", "42")));

    DatadogEvent event = renderer.render(single(sample(), true)).get(0);

    assertThat(event.tags()).endsWith("backfill:true", "service:dq_forwarder");
    assertThat(event.title()).startsWith("[WARNING] [backfill] ");
    assertThat(event.text()).contains("| Backfill | yes |");
  }

  @ParameterizedTest
  @CsvSource({"ERROR, error, normal", "WARNING, warning, normal", "INFO, info, low"})
  void derivesAlertTypeAndPriorityFromSeverity(
      Severity severity, String alertType, String priority) {
    DqEvent event = DqEvent.newBuilder(sample()).setSeverity(severity).build();

    DatadogEvent rendered = renderOne(single(event, false));

    assertThat(rendered.alertType()).isEqualTo(alertType);
    assertThat(rendered.priority()).isEqualTo(priority);
  }

  @Test
  void escapesBackticksSoTheRawExcerptCannotCloseItsCodeBlock() {
    DqEvent event = withDetail(sample(), "raw_excerpt", "before\n```\n**after**");

    String text = renderOne(single(event, false)).text();

    String block = text.substring(text.indexOf("```\n") + 4, text.lastIndexOf("\n```"));
    assertThat(block).doesNotContain("```").contains("**after**");
  }

  @Test
  void escapesMarkdownAndDatadogMarkersInValues() {
    DqEvent event = DqEvent.newBuilder(sample()).setSummary("a | b %%% `c`\nd").build();

    String text = renderOne(single(event, false)).text();

    assertThat(text).contains("**a \\| b %\u200B%\u200B% \\`c\\` d**");
    assertThat(text.substring(4, text.length() - 4)).doesNotContain("%%%");
  }

  @Test
  void shortensALongTitleWithAnEllipsis() {
    DqEvent event =
        DqEvent.newBuilder(sample()).setSummary("long\nsummary " + "x".repeat(200)).build();

    String title = renderOne(single(event, false)).title();

    assertThat(title).hasSize(100).endsWith("x…").doesNotContain("\n");
  }

  @Test
  void truncatesTextOverFourThousandCharactersWithANoteOfWhatWasLeftOut() {
    DatadogEvent event = renderOne(single(withManyDetails(60), false));

    assertThat(event.text())
        .hasSizeLessThanOrEqualTo(4000)
        .matches("(?s).*\n\n… [0-9,]+ more lines \\([0-9,]+ characters\\) not shown\n %%%");
  }

  @Test
  void paginatesTextOverFourThousandCharacters() {
    DatadogEventRenderer renderer =
        new DatadogEventRenderer(new RenderSettings(OverflowPolicy.PAGINATE, List.of()));

    List<DatadogEvent> parts = renderer.render(single(withManyDetails(60), false));

    assertThat(parts).hasSizeGreaterThan(1);
    for (int i = 0; i < parts.size(); i++) {
      DatadogEvent part = parts.get(i);
      assertThat(part.part()).isEqualTo(i + 1);
      assertThat(part.parts()).isEqualTo(parts.size());
      assertThat(part.title())
          .endsWith(" (" + (i + 1) + "/" + parts.size() + ")")
          .hasSizeLessThanOrEqualTo(100);
      assertThat(part.text())
          .hasSizeLessThanOrEqualTo(4000)
          .startsWith("%%% \n")
          .endsWith("\n %%%");
      assertThat(part.aggregationKey()).isEqualTo(parts.get(0).aggregationKey());
      assertThat(part.tags()).isEqualTo(parts.get(0).tags());
    }
    for (int d = 0; d < 60; d++) {
      String row = "| detail\\_" + (100 + d) + " |";
      assertThat(parts).filteredOn(p -> p.text().contains(row)).hasSize(1);
    }
    assertThat(parts.get(1).text()).startsWith("%%% \n| Detail | Value |\n|---|---|\n| detail");
  }

  @Test
  void keepsTheSituationsOwnTimeInTheTextAndADayTagHoweverOldItIs() {
    DqEvent threeDaysOld =
        DqEvent.newBuilder(sample())
            .setEventTime(Instant.parse("2025-02-26T23:59:59Z"))
            .build();

    DatadogEvent event = renderOne(single(threeDaysOld, false));

    assertThat(event.text())
        .contains("| Event time | 2025-02-26T23:59:59Z |")
        .contains("| Detected at | 2025-03-01T12:00:05.123Z |")
        .doesNotContain("outside Datadog's window");
    assertThat(event.tags()).contains("event_date:2025-02-26");
  }

  @Test
  void usesTheDetectionTimeWhenTheEventTimeIsMissing() {
    DqEvent event = DqEvent.newBuilder(sample()).setEventTime(null).build();

    DatadogEvent rendered = renderOne(single(event, false));

    assertThat(rendered.tags()).contains("event_date:2025-03-01");
    assertThat(rendered.text()).doesNotContain("| Event time |").contains("| Detected at |");
  }

  @Test
  void tagsADigestWithEachDayItsEventsHappenedOn() {
    DqEvent yesterday =
        DqEvent.newBuilder(sample("a", "store-0042", "s1"))
            .setEventTime(Instant.parse("2025-02-28T23:00:00Z"))
            .build();
    Notification digest =
        new Notification(
            "d", Map.of(), List.of(yesterday, sample("b", "store-0042", "s2")), false);

    assertThat(renderOne(digest).tags())
        .containsSubsequence("event_date:2025-02-28", "event_date:2025-03-01");
  }

  @Test
  void rendersADigestAsAHeaderWithCountsAndOneLinePerEvent() {
    List<DqEvent> events =
        List.of(
            sample("a", "store-0042", "s1"),
            DqEvent.newBuilder(sample("b", "store-0042", "s2")).setSeverity(Severity.ERROR).build(),
            sample("c", "store-0042", "s3"));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("team", "climate");
    labels.put("store_id", "store-0042");
    Notification digest = new Notification("3f1c0c7e-digest", labels, events, false);

    DatadogEvent event = renderOne(digest);

    assertThat(event.title()).isEqualTo("[ERROR] 3 DQ events · climate · store-0042");
    assertThat(event.alertType()).isEqualTo("error");
    assertThat(event.text())
        .contains("**3 data-quality events**: 1 `ERROR`, 2 `WARNING`")
        .contains("Group: team climate · store\\_id store-0042")
        .contains("Event types: 3 `INSUFFICIENT_DATA_POINTS`");
    assertThat(event.text().lines().filter(l -> l.startsWith("- **"))).hasSize(3);
    assertThat(event.text())
        .contains(
            "- **ERROR** `INSUFFICIENT_DATA_POINTS` 2025-03-01T11:59:00Z · store-0042 · s2: "
                + "store-0042 s-0042-climate-03 sent 4 data points, expected at least 10 (b)");
    assertThat(event.tags())
        .contains("sensor:s1", "sensor:s2", "sensor:s3", "severity:error", "severity:warning");
  }

  @Test
  void hashesAnAggregationKeyThatWouldBeTooLong() {
    DqEvent event = DqEvent.newBuilder(sample()).setEventId("ev-" + "a".repeat(150)).build();

    DatadogEvent rendered = renderOne(single(event, false));

    assertThat(rendered.aggregationKey()).matches("dqnotify-[0-9a-f]{32}");
    assertThat(rendered.notificationId()).isEqualTo(event.getEventId());
  }

  private DatadogEvent renderOne(Notification notification) {
    List<DatadogEvent> rendered =
        new DatadogEventRenderer(RenderSettings.defaults()).render(notification);
    assertThat(rendered).hasSize(1);
    return rendered.get(0);
  }

  private static Notification single(DqEvent event, boolean backfill) {
    return new Notification(
        event.getEventId(), Map.of("team", event.getTeam()), List.of(event), backfill);
  }

  private static DqEvent withDetail(DqEvent event, String key, String value) {
    Map<String, String> details = new LinkedHashMap<>(event.getDetails());
    details.put(key, value);
    return DqEvent.newBuilder(event).setDetails(details).build();
  }

  private static DqEvent withManyDetails(int count) {
    Map<String, String> details = new LinkedHashMap<>();
    IntStream.range(0, count).forEach(i -> details.put("detail_" + (100 + i), "v".repeat(150)));
    return DqEvent.newBuilder(sample()).setDetails(details).build();
  }

  @Test
  void tagsAJobDefinedSituationByItsOwnTypeAndEachLabelAndShowsTheLabels() {
    DatadogEvent event = renderOne(single(DqEventVersions.jobDefined(), false));

    assertThat(event.tags())
        .contains("event_type:payment_amount_negative", "order_id:o-1001", "customer_id:c-77", "job:orders-enrich")
        .doesNotContain("event_type:job_defined");
    assertThat(event.text())
        .contains("| Event type | `PAYMENT_AMOUNT_NEGATIVE` |")
        .contains("| order\\_id | o-1001 |")
        .contains("| customer\\_id | c-77 |");
  }

  @Test
  void prefixesALabelWhoseKeyIsOneOfOurTagKeysSoItCannotPoseAsThem() {
    DqEvent clash = DqEvent.newBuilder(DqEventVersions.jobDefined())
        .setLabels(Map.of("team", "someone-else", "source", "x")).build();

    assertThat(renderOne(single(clash, false)).tags())
        .contains("label_team:someone-else", "label_source:x", "team:payments", "source:dqnotify")
        .doesNotContain("team:someone-else", "source:x");
  }

  @Test
  void namesAJobDefinedEventWithoutATypeNameByItsSymbol() {
    DqEvent unnamed = DqEvent.newBuilder(DqEventVersions.jobDefined()).setSituationType(null).build();

    assertThat(renderOne(single(unnamed, false)).tags()).contains("event_type:job_defined");
  }
}
