package dev.dqnotify.forwarder.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.schemas.DqEventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ReplayCommandTest {

  private static Replay.Request request(String... args) {
    ReplayCommand command = new ReplayCommand();
    new CommandLine(command).parseArgs(args);
    return command.request();
  }

  @Test
  void startsAtATimeWithAnOffsetOrZone() {
    assertThat(Replay.Start.parse("2025-03-01T02:00:00Z"))
        .isEqualTo(new Replay.Start.At(Instant.parse("2025-03-01T02:00:00Z")));
    assertThat(Replay.Start.parse(" 2025-03-01T03:00:00.5+01:00 "))
        .isEqualTo(new Replay.Start.At(Instant.parse("2025-03-01T02:00:00.5Z")));
    assertThat(Replay.Start.parse("2025-03-01T03:00:00+01:00[Europe/Paris]"))
        .isEqualTo(new Replay.Start.At(Instant.parse("2025-03-01T02:00:00Z")));
  }

  @Test
  void startsAtOffsetsOfTheListedPartitions() {
    assertThat(Replay.Start.parse("0:1200")).isEqualTo(new Replay.Start.Offsets(Map.of(0, 1200L)));
    assertThat(Replay.Start.parse("0:1200, 2:17,1:0"))
        .isEqualTo(new Replay.Start.Offsets(Map.of(0, 1200L, 1, 0L, 2, 17L)));
  }

  @Test
  void refusesStartsThatAreNeitherAndSaysWhatIsValid() {
    assertThatThrownBy(() -> Replay.Start.parse("2025-03-01T02:00:00")).hasMessageContaining("ISO-8601 with an offset")
        .hasMessageContaining("0:1200,1:1180");
    assertThatThrownBy(() -> Replay.Start.parse("yesterday")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Replay.Start.parse("0:1,0:2")).hasMessageContaining("names partition 0 twice");
    assertThatThrownBy(() -> Replay.Start.parse("0:-1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void turnsTheOptionsIntoARequest() {
    Replay.Request request = request("--from", "2025-03-01T02:00:00Z", "--to", "2025-03-01T04:00:00Z",
        "--event-type", "late_data,STORE_SILENT", "--event-type", "OUT_OF_RANGE", "--store", "store-0001,store-0002",
        "--rate", "5", "--force", "--dry-run");

    assertThat(request.to()).contains(Instant.parse("2025-03-01T04:00:00Z"));
    assertThat(request.selection().eventTypes())
        .containsExactlyInAnyOrder(DqEventType.LATE_DATA, DqEventType.STORE_SILENT, DqEventType.OUT_OF_RANGE);
    assertThat(request.selection().stores()).containsExactlyInAnyOrder("store-0001", "store-0002");
    assertThat(request.eventsPerSecond()).hasValue(5.0);
    assertThat(request.force()).isTrue();
    assertThat(request.dryRun()).isTrue();
    assertThat(request("--from", "0:5").selection().eventTypes()).isEmpty();
  }

  @Test
  void aMistakeInTheOptionsNamesTheOption() {
    assertThatThrownBy(() -> request("--from", "soon")).hasMessageStartingWith("--from: 'soon'");
    assertThatThrownBy(() -> request("--from", "2025-03-01T02:00:00Z", "--to", "2025-03-01T01:00:00Z"))
        .hasMessageStartingWith("--to: '2025-03-01T01:00:00Z' is not after --from");
    assertThatThrownBy(() -> request("--from", "0:1", "--to", "later")).hasMessageStartingWith("--to: 'later'");
    assertThatThrownBy(() -> request("--from", "0:1", "--event-type", "LATE")).hasMessageStartingWith(
        "--event-type: 'LATE' is not an event type; expected one of").hasMessageContaining("LATE_DATA");
    assertThatThrownBy(() -> request("--from", "0:1", "--rate", "0")).hasMessageStartingWith("--rate: '0.0'");
    assertThat(ReplayCommand.eventTypes(List.of())).isEmpty();
  }
}
