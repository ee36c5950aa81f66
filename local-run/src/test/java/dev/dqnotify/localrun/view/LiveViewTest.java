package dev.dqnotify.localrun.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localrun.observe.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LiveViewTest {

  private static Snapshot snapshot(long seconds) {
    return new Snapshot(Duration.ofSeconds(seconds), Duration.ofMinutes(2), "sending", 612, 20.4,
        Map.of("LATE_DATA", 2L, "MALFORMED_RECORD", 3L), Map.of("LATE_DATA", 2L, "MALFORMED_RECORD", 2L), 4,
        OptionalLong.of(610), OptionalLong.of(23), OptionalLong.of(3), 3, 5, 0,
        "DOWN: answering 500 for 12 s more", Map.of(202, 3, 500, 5));
  }

  @Test
  void theBlockShowsEveryFigureOfTheIssue() {
    String block = String.join("\n", LiveView.block(snapshot(47), "Datadog: simulator"));

    assertThat(block).contains("00:47 of 02:00")
        .contains("612 raw messages")
        .contains("20.4/s")
        .contains("610 processed · lag 2 · batch 23")
        .contains("LATE_DATA 2/2").contains("MALFORMED_RECORD 2/3").contains("STORE_SILENT 0/0")
        .contains("posted 3 · retried 5 · dead-lettered 0")
        .contains("3 of 4 DqEvents in Datadog (backlog 1)")
        .contains("DOWN").contains("500×5");
  }

  @Test
  void onATerminalTheBlockIsRedrawnInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LiveView view = new LiveView(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 200, "Datadog");
    int lines = LiveView.block(snapshot(1), "Datadog").size();

    view.update(snapshot(1));
    view.announce("[00:02] Datadog is DOWN");
    view.update(snapshot(3));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("\u001b[" + lines + "A\r\u001b[J");
    assertThat(out.split("Datadog is DOWN", -1)).hasSize(2);
  }

  @Test
  void elsewhereItPrintsAShortLineEveryFewSeconds() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LiveView view = new LiveView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 80, "Datadog");

    for (long s = 0; s <= 20; s++) {
      view.update(snapshot(s));
    }

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).doesNotContain("\u001b"));
    assertThat(lines.get(1)).startsWith("[00:10] sending · sent 612").contains("job lag 2").contains("DqEvents 4/5")
        .contains("backlog 1");
  }
}
