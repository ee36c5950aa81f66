package dev.dqnotify.localrun.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.localstack.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildrenTest {

  @TempDir Path dir;

  @Test
  void closingStopsEveryChildPolitely() {
    Children children = new Children(Duration.ofSeconds(5));
    ChildProcess first = children.start("first", List.of("sleep", "60"), Map.of(), dir, dir.resolve("first.log"));
    ChildProcess second = children.start("second", List.of("sleep", "60"), Map.of(), dir, dir.resolve("second.log"));

    children.close();

    assertThat(first.isAlive()).isFalse();
    assertThat(second.isAlive()).isFalse();
  }

  @Test
  void aChildThatIgnoresSigtermIsKilledAfterTheGracePeriod() {
    Children children = new Children(Duration.ofMillis(500));
    ChildProcess stubborn = children.start("stubborn", List.of("sh", "-c", "trap '' TERM; echo ready; sleep 60 & wait"),
        Map.of(), dir, dir.resolve("stubborn.log"));
    while (!stubborn.logTail(1).equals("ready")) {
      Thread.onSpinWait();
    }
    long start = System.nanoTime();

    children.close();

    assertThat(stubborn.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(10));
  }

  @Test
  void aChildStartedWhileTheRunStopsIsStoppedAtOnce() {
    Children children = new Children(Duration.ofSeconds(1));
    children.close();

    assertThatThrownBy(() -> children.start("late", List.of("sleep", "60"), Map.of(), dir, dir.resolve("late.log")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
    assertThat(children.all()).isEmpty();
  }

  @Test
  void itsOutputGoesToItsLogAndTheEnvironmentIsPassed() throws Exception {
    Children children = new Children(Duration.ofSeconds(1));
    ChildProcess echo = children.start("echo", List.of("sh", "-c", "echo hello $GREETING_NAME"),
        Map.of("GREETING_NAME", "dqnotify"), dir, dir.resolve("logs/echo.log"));
    while (echo.isAlive()) {
      Thread.sleep(20);
    }

    assertThat(echo.logTail(5)).isEqualTo("hello dqnotify");
    assertThatThrownBy(echo::requireAlive).hasMessageContaining("exited with code 0").hasMessageContaining("hello");
  }

  @Test
  void aDeadChildIsReportedWithTheLinesOfItsLogThatNameTheProblem() throws Exception {
    Children children = new Children(Duration.ofSeconds(1));
    ChildProcess job = children.start("job", List.of("sh", "-c",
        "echo 'INFO starting'; echo 'ERROR the query died: java.util.zip.ZipException: bad'; echo 'INFO bye'; exit 1"),
        Map.of(), dir, dir.resolve("job.log"));
    job.awaitOrKill(System.nanoTime() + Duration.ofSeconds(10).toNanos());

    assertThatThrownBy(job::requireAlive).hasMessageContaining("job exited with code 1")
        .hasMessageContaining("ZipException").hasMessageNotContaining("INFO bye");
  }
}
