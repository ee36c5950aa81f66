package dev.dqnotify.localrun.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dqnotify.localstack.sensors.EventType;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

  @Test
  void holdsTheFiguresATestChecksWithTheExactIds() {
    RunFixture run = new RunFixture();
    String id = run.inject(EventType.LATE_DATA, "m-1");
    run.write(EventType.LATE_DATA, id, 1);
    run.deliver(id, EventType.LATE_DATA, 2);

    JsonNode json = ReportJson.toJson(run.report());

    assertThat(json.path("format").asText()).isEqualTo(RunReport.FORMAT);
    assertThat(json.path("passed").asBoolean()).isTrue();
    JsonNode late = json.path("situations").get(2);
    assertThat(late.path("event_type").asText()).isEqualTo("LATE_DATA");
    assertThat(late.path("injected_ids").get(0).asText()).isEqualTo(id);
    assertThat(late.path("written_ids").get(0).asText()).isEqualTo(id);
    assertThat(json.path("delivery").path("lost").asInt()).isZero();
    assertThat(json.path("processes").get(0).path("pid").asLong()).isEqualTo(12345);
  }

  @Test
  void whatCannotBeKnownWithRealDatadogIsNull() {
    RunFixture run = new RunFixture();
    run.realDatadog();

    JsonNode delivery = ReportJson.toJson(run.report()).path("delivery");

    assertThat(delivery.path("lost").isNull()).isTrue();
    assertThat(delivery.path("duplicates").isNull()).isTrue();
  }
}
