package dev.dqnotify.localstack.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {

  @TempDir Path dir;

  static GroundTruth recorded() {
    SimulationPlan plan = SimulationPlanTest.mixedPlan().build();
    GroundTruth.Recorder recorder = new GroundTruth.Recorder();
    plan.messages().forEach(m -> recorder.record(m, "sensor-raw", m.sequence() % 3, m.sequence()));
    return recorder.snapshot();
  }

  @Test
  void manifestRoundTripsThroughAFile() {
    GroundTruth truth = recorded();
    Path file = dir.resolve("out/ground-truth.json");

    truth.write(file);

    assertThat(GroundTruth.read(file)).isEqualTo(truth);
    assertThat(GroundTruth.read(file).countsByType()).isEqualTo(truth.countsByType());
  }

  @Test
  void countsEventsMessagesAndCuratedRows() {
    SimulationPlan plan = SimulationPlanTest.mixedPlan().build();
    GroundTruth truth = recorded();

    assertThat(truth.countsByType()).isEqualTo(plan.expectedCounts());
    assertThat(truth.messagesSent()).isEqualTo(plan.messages().size());
    assertThat(truth.messagesByArrival().get(MessageKind.Arrival.MALFORMED)).isEqualTo(8);
    assertThat(truth.curatedRows()).isEqualTo(plan.messages().stream()
        .filter(m -> m.arrival() == MessageKind.Arrival.CLEAN).mapToLong(SimulatedMessage::readings).sum());
    assertThat(truth.eventIds()).hasSize(plan.faults().total());
  }

  @Test
  void malformedRecordsGetTheirIdentityFromWhereTheyWereWritten() {
    GroundTruth truth = recorded();

    assertThat(truth.events(EventType.MALFORMED_RECORD)).allSatisfy(e ->
        assertThat(e.identity()).isEqualTo("sensor-raw/" + e.partition() + "@" + e.offset()));
    assertThat(truth.events(EventType.STORE_SILENT)).allSatisfy(e -> {
      assertThat(e.topic()).isNull();
      assertThat(e.offset()).isNull();
    });
  }

  @Test
  void eventIdsAreTheJobsNameBasedUuidsOfTypeAndIdentity() {
    ExpectedEvent event = ExpectedEvent.storeSilent("store-0001", java.time.Instant.ofEpochMilli(1000),
        Duration.ofMinutes(15));

    assertThat(event.identity()).isEqualTo("store-0001@1000");
    assertThat(event.eventId()).isEqualTo(
        UUID.nameUUIDFromBytes("STORE_SILENT|store-0001@1000".getBytes(StandardCharsets.UTF_8)).toString());
  }

  @Test
  void phasesAddUp() {
    GroundTruth truth = recorded();

    assertThat(GroundTruth.empty().plus(truth).plus(GroundTruth.empty())).isEqualTo(truth);
  }

  @Test
  void refusesTextThatIsNotAManifest() {
    assertThatThrownBy(() -> GroundTruth.fromJson("{\"events\":[]}")).hasMessageContaining("not a ground-truth");
    assertThatThrownBy(() -> GroundTruth.fromJson("nope")).hasMessageContaining("not JSON");
  }
}
