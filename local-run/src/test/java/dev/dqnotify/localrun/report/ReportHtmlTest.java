package dev.dqnotify.localrun.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.sensors.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {

  @Test
  void isOneSelfContainedPageWithTheTimelineChart() {
    RunFixture run = new RunFixture();
    String id = run.inject(EventType.LATE_DATA, "m-1");
    run.write(EventType.LATE_DATA, id, 1);
    run.deliver(id, EventType.LATE_DATA, 2);
    run.outage(30, "500");
    run.outage(40, "healthy");

    String html = ReportHtml.render(run.report());

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Datadog 500s")
        .contains("DqEvents written to the outbox").doesNotContain("<script").doesNotContain("src=\"http")
        .doesNotContain("href=\"http");
  }

  @Test
  void escapesWhatDatadogEventsAndDqEventsCarry() {
    RunFixture run = new RunFixture();
    String id = run.inject(EventType.MALFORMED_RECORD, "sensor-raw/0@1");
    run.write(EventType.MALFORMED_RECORD, id, 1);
    run.accept("[ERROR] <script>alert(1)</script>", "%%% \n" + id + "\n %%%",
        List.of("event_type:malformed_record"), 2);

    String html = ReportHtml.render(run.report());

    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
  }
}
