package dev.dqnotify.localrun.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineChartTest {

  @Test
  void drawsBothLinesAsStepsToTheEndAndShadesTheOutage() {
    RunReport.Timeline timeline = new RunReport.Timeline(
        List.of(new RunReport.Point(5, 1), new RunReport.Point(10, 2)),
        List.of(new RunReport.Point(6, 1)), "delivered to Datadog",
        List.of(new RunReport.Band(20, 30, "500"), new RunReport.Band(30, 33, "429")), 45, 60);

    String svg = TimelineChart.svg(timeline);

    assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
    assertThat(svg.split("<path ", -1)).hasSize(3);
    assertThat(svg).contains("Datadog 500s").contains("429s").contains("delivered to Datadog").contains("sensors stop");
  }

  @Test
  void anEmptyRunStillDraws() {
    String svg = TimelineChart.svg(new RunReport.Timeline(List.of(), List.of(), "delivered", List.of(), 0, 0));

    assertThat(svg).contains("<path ").doesNotContain("NaN").doesNotContain("Infinity");
  }

  @Test
  void ticksStayReadable() {
    assertThat(TimelineChart.tickStep(45)).isEqualTo(5);
    assertThat(TimelineChart.tickStep(200)).isEqualTo(30);
    assertThat(TimelineChart.niceCeiling(29)).isEqualTo(40);
  }
}
