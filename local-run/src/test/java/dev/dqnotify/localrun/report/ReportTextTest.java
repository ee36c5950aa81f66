package dev.dqnotify.localrun.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localrun.observe.TeamsChannels;
import dev.dqnotify.localstack.sensors.EventType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  @Test
  void countsTeamsNotificationsPerChannelAndSaysWhenAPostedEventTriggeredNoMonitor() {
    RunFixture run = new RunFixture();
    run.teams(new TeamsChannels.Summary(Path.of("monitors/monitors.yaml"),
        Map.of("@teams-stores-north-dq", 3, "@teams-data-platform-dq", 1), 5, 1, List.of("[ERROR] orphan")));

    String text = String.join("\n", ReportText.lines(run.report()));

    assertThat(text).contains("Teams notifications: 4, from the route monitors of monitors.yaml")
        .containsPattern("@teams-data-platform-dq +1\n +@teams-stores-north-dq +3")
        .contains("! 1 of 5 posted event(s) triggered no monitor (no route matched), e.g. [ERROR] orphan");
  }

  @Test
  void saysWhenEveryPostedEventMatchedARouteMonitor() {
    String text = String.join("\n", ReportText.lines(new RunFixture().report()));

    assertThat(text).contains("✓ every posted event matched a route monitor");
  }

  @Test
  void leavesTeamsOutForRealDatadog() {
    RunFixture run = new RunFixture();
    run.realDatadog();

    assertThat(String.join("\n", ReportText.lines(run.report()))).doesNotContain("Teams notifications");
  }
}
