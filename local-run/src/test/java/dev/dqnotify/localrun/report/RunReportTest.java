package dev.dqnotify.localrun.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.sensors.EventType;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RunReportTest {

  private final RunFixture run = new RunFixture();

  @Test
  void findsAnInjectedSituationOnlyByItsExactEventId() {
    String late = run.inject(EventType.LATE_DATA, "m-1");
    String duplicate = run.inject(EventType.DUPLICATE_MESSAGE, "m-2#copy2");
    run.write(EventType.LATE_DATA, late, 5);
    run.write(EventType.DUPLICATE_MESSAGE, "some-other-id", 6);

    RunReport report = run.report();

    RunReport.Situation lateRow = row(report, EventType.LATE_DATA);
    assertThat(lateRow.injected()).isEqualTo(1);
    assertThat(lateRow.found()).isEqualTo(1);
    assertThat(lateRow.writtenIds()).containsExactly(late);
    RunReport.Situation duplicateRow = row(report, EventType.DUPLICATE_MESSAGE);
    assertThat(duplicateRow.found()).isZero();
    assertThat(duplicateRow.missedIds()).containsExactly(duplicate);
    assertThat(duplicateRow.unexpectedIds()).containsExactly("some-other-id");
    assertThat(report.allInjectedFound()).isFalse();
    assertThat(report.passed()).isFalse();
  }

  @Test
  void listsEveryEventTypeInTheContractsOrderWithATotal() {
    run.inject(EventType.STORE_SILENT, "store-0003@1000");

    RunReport report = run.report();

    assertThat(report.situations()).extracting(RunReport.Situation::type)
        .containsExactly("MALFORMED_RECORD", "INSUFFICIENT_DATA_POINTS", "LATE_DATA", "DUPLICATE_MESSAGE",
            "OUT_OF_RANGE", "UNKNOWN_STORE", "STORE_SILENT");
    assertThat(report.total().injected()).isEqualTo(1);
    assertThat(report.total().missed()).isEqualTo(1);
  }

  @Test
  void passesWhenEverythingInjectedWasFoundAndDelivered() {
    for (EventType type : EventType.values()) {
      String id = run.inject(type, "x-" + type);
      run.write(type, id, 10);
      run.deliver(id, type, 11);
    }

    RunReport report = run.report();

    assertThat(report.passed()).isTrue();
    assertThat(report.delivery().lost()).hasValue(0);
    assertThat(report.delivery().duplicates()).hasValue(0);
    assertThat(report.delivery().delivered()).hasValue(7);
    assertThat(report.total().delivered()).hasValue(7);
  }

  @Test
  void countsADqEventThatNeverReachedDatadogAsLost() {
    String delivered = run.inject(EventType.LATE_DATA, "m-1");
    String stuck = run.inject(EventType.LATE_DATA, "m-2");
    String missed = run.inject(EventType.LATE_DATA, "m-3");
    run.write(EventType.LATE_DATA, delivered, 1);
    run.write(EventType.LATE_DATA, stuck, 2);
    run.deliver(delivered, EventType.LATE_DATA, 3);

    RunReport.Delivery delivery = run.report().delivery();

    assertThat(delivery.lostIds()).containsExactlyInAnyOrder(stuck, missed);
    assertThat(delivery.lost()).hasValue(2);
  }

  @Test
  void aDeadLetteredDqEventIsNotLost() {
    String rejected = run.inject(EventType.MALFORMED_RECORD, "sensor-raw/0@4");
    run.write(EventType.MALFORMED_RECORD, rejected, 1);
    run.deadLetter(rejected);

    RunReport.Delivery delivery = run.report().delivery();

    assertThat(delivery.lost()).hasValue(0);
    assertThat(delivery.deadLettered()).isEqualTo(1);
  }

  @Test
  void aPageAcceptedTwiceIsOneDuplicate() {
    String id = run.inject(EventType.OUT_OF_RANGE, "m-1#0");
    run.write(EventType.OUT_OF_RANGE, id, 1);
    run.deliver(id, EventType.OUT_OF_RANGE, 2);
    run.deliver(id, EventType.OUT_OF_RANGE, 3);

    assertThat(run.report().delivery().duplicates()).hasValue(1);
  }

  @Test
  void anOutboxCopyOfAnEventIdIsCountedButNotFoundTwice() {
    String id = run.inject(EventType.UNKNOWN_STORE, "m-1");
    run.write(EventType.UNKNOWN_STORE, id, 1);
    run.write(EventType.UNKNOWN_STORE, id, 2);

    RunReport report = run.report();

    assertThat(report.delivery().outboxExtraCopies()).isEqualTo(1);
    assertThat(row(report, EventType.UNKNOWN_STORE).found()).isEqualTo(1);
  }

  @Test
  void aDigestDeliversEveryEventIdItsTextNames() {
    String a = run.inject(EventType.LATE_DATA, "m-1");
    String b = run.inject(EventType.LATE_DATA, "m-2");
    run.write(EventType.LATE_DATA, a, 1);
    run.write(EventType.LATE_DATA, b, 1);
    run.accept("[WARNING] 2 DQ events · local · sensor-ingest", "%%% \n- LATE_DATA (" + a + ")\n- LATE_DATA (" + b
        + ")\n %%%", List.of("notification_id:0f0f0f0f-0000-0000-0000-000000000000"), 5);

    assertThat(run.report().delivery().lost()).hasValue(0);
  }

  @Test
  void withoutAPostedPaginationTheRunsDigestIsPaginatedByTheForwardersRenderer() {
    for (int i = 0; i < 40; i++) {
      String id = run.inject(EventType.OUT_OF_RANGE, "m-" + i + "#0");
      run.write(EventType.OUT_OF_RANGE, id, i);
      run.deliver(id, EventType.OUT_OF_RANGE, i + 1);
    }

    RunReport.Paginated paginated = run.report().paginated().orElseThrow();

    assertThat(paginated.posted()).isFalse();
    assertThat(paginated.pages()).hasSizeGreaterThan(1);
    assertThat(paginated.pages()).allSatisfy(page -> assertThat(page.text().length()).isLessThanOrEqualTo(4000));
    assertThat(paginated.pages().get(0).title()).endsWith("(1/" + paginated.pages().size() + ")");
  }

  @Test
  void showsAPaginatedNotificationDatadogReceivedInParts() {
    String id = run.inject(EventType.LATE_DATA, "m-1");
    run.write(EventType.LATE_DATA, id, 1);
    List<String> tags = List.of("notification_id:digest-1", "event_type:late_data");
    run.accept("[WARNING] 40 DQ events (2/2)", "%%% \nsecond\n %%%", tags, 3);
    run.accept("[WARNING] 40 DQ events (1/2)", "%%% \nfirst (" + id + ")\n %%%", tags, 2);

    RunReport.Paginated paginated = run.report().paginated().orElseThrow();

    assertThat(paginated.posted()).isTrue();
    assertThat(paginated.pages()).extracting(RunReport.Page::title)
        .containsExactly("[WARNING] 40 DQ events (1/2)", "[WARNING] 40 DQ events (2/2)");
  }

  @Test
  void titlesAreTheFirstOfEachEventType() {
    List<EventType> types = List.of(EventType.LATE_DATA, EventType.LATE_DATA, EventType.STORE_SILENT);
    for (int i = 0; i < types.size(); i++) {
      String id = run.inject(types.get(i), "x-" + i);
      run.write(types.get(i), id, 1);
      run.deliver(id, types.get(i), 2);
    }

    assertThat(run.report().titles()).extracting(RunReport.Title::eventType)
        .containsExactly("LATE_DATA", "STORE_SILENT");
  }

  @Test
  void theTimelineCountsProducedAndDeliveredEventsCumulatively() {
    String a = run.inject(EventType.LATE_DATA, "m-1");
    String b = run.inject(EventType.LATE_DATA, "m-2");
    run.write(EventType.LATE_DATA, a, 4);
    run.write(EventType.LATE_DATA, b, 8);
    run.deliver(b, EventType.LATE_DATA, 9);
    run.deliver(a, EventType.LATE_DATA, 20);

    RunReport.Timeline timeline = run.report().timeline();

    assertThat(timeline.produced()).containsExactly(new RunReport.Point(4, 1), new RunReport.Point(8, 2));
    assertThat(timeline.delivered()).containsExactly(new RunReport.Point(9, 1), new RunReport.Point(20, 2));
  }

  @Test
  void theOutageEffectShowsTheJobsLagAndWhenTheForwarderCaughtUp() {
    run.outage(30, "500");
    run.outage(40, "429");
    run.outage(45, "healthy");
    run.snapshot(29, 580, 578, 10, 10, 0);
    run.snapshot(35, 700, 690, 12, 10, 6);
    run.snapshot(45, 900, 899, 14, 11, 9);
    run.snapshot(48, 960, 960, 14, 14, 9);
    run.write(EventType.LATE_DATA, "written-before", 20);
    run.write(EventType.LATE_DATA, "written-during-500s", 31);
    run.write(EventType.LATE_DATA, "written-during-429s", 42);

    RunReport report = run.report();

    RunReport.OutageEffect effect = report.outageEffect().orElseThrow();
    assertThat(effect.maxJobLag()).isEqualTo(10);
    assertThat(effect.dqEventsWritten()).isEqualTo(2);
    assertThat(effect.retries()).isEqualTo(3);
    assertThat(effect.caughtUpAfterSeconds()).hasValue(3.0);
    assertThat(report.timeline().outage()).containsExactly(new RunReport.Band(30, 40, "500"),
        new RunReport.Band(40, 45, "429"));
  }

  @Test
  void withRealDatadogDeliveryCannotBeCheckedAndIsNotClaimed() {
    String id = run.inject(EventType.LATE_DATA, "m-1");
    run.write(EventType.LATE_DATA, id, 1);
    run.realDatadog();

    RunReport report = run.report();

    assertThat(report.delivery().lost()).isEqualTo(OptionalInt.empty());
    assertThat(report.delivery().delivered()).isEqualTo(OptionalInt.empty());
    assertThat(report.passed()).isTrue();
    assertThat(report.titles()).singleElement().satisfies(t -> assertThat(t.title()).startsWith("[WARNING]"));
  }

  private static RunReport.Situation row(RunReport report, EventType type) {
    return report.situations().stream().filter(s -> s.type().equals(type.name())).findFirst().orElseThrow();
  }
}
