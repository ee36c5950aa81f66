package dev.dqnotify.localrun.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.sensors.EventType;
import org.junit.jupiter.api.Test;

class ReportTextTest {

  @Test
  void showsPerTypeRowsTheDeliveryFiguresAndTheResult() {
    RunFixture run = new RunFixture();
    String id = run.inject(EventType.STORE_SILENT, "store-0002@1000");
    run.write(EventType.STORE_SILENT, id, 1);
    run.deliver(id, EventType.STORE_SILENT, 2);

    String text = String.join("\n", ReportText.lines(run.report()));

    assertThat(text).containsPattern("STORE_SILENT +1 +1 +0 +0 +1")
        .contains("lost 0 · duplicates 0 · dead-lettered 0")
        .contains("RESULT: OK");
  }

  @Test
  void saysWhichSituationsWereMissed() {
    RunFixture run = new RunFixture();
    run.inject(EventType.LATE_DATA, "m-1");

    String text = String.join("\n", ReportText.lines(run.report()));

    assertThat(text).contains("1 injected situation(s) missed").contains("RESULT: PROBLEMS");
  }
}
