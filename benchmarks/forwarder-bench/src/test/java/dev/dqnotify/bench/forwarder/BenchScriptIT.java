package dev.dqnotify.bench.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code benchmarks/bin/bench} as a user types it: help, and a mistake, without running a benchmark. */
class BenchScriptIT {

  private static final Path BENCH = Paths.get("../bin/bench").toAbsolutePath().normalize();

  private record Ran(int exitCode, String output) {}

  private static Ran bench(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(BENCH.toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "bench-", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bench " + String.join(" ", args) + " ended").isTrue();
    return new Ran(process.exitValue(), Files.readString(log));
  }

  @Test
  void helpWithoutAHarnessNamesBothHarnessesAndExitsZero(@TempDir Path dir) throws Exception {
    Ran ran = bench(dir, "--help");

    assertThat(ran.exitCode()).as(ran.output()).isZero();
    assertThat(ran.output()).startsWith("Usage: benchmarks/bin/bench forwarder|ingest").contains("hot-path")
        .contains("rules-cost");
  }

  @Test
  void theForwarderHarnessesHelpListsItsScenariosAndExitsZero(@TempDir Path dir) throws Exception {
    Ran ran = bench(dir, "forwarder", "--help");

    assertThat(ran.exitCode()).as(ran.output()).isZero();
    assertThat(ran.output()).startsWith("Usage: benchmarks/bin/bench forwarder ")
        .contains(String.join(", ", ForwarderBench.SCENARIOS)).doesNotContain("Exception");
  }

  @Test
  void noHarnessOrAnUnknownOptionIsAUsageErrorWithExitTwo(@TempDir Path dir) throws Exception {
    Ran none = bench(dir);
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.output()).contains("Usage: benchmarks/bin/bench");

    Ran unknown = bench(dir, "forwarder", "--fast");
    assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(2);
    assertThat(unknown.output()).startsWith("bench forwarder: unknown argument '--fast'").doesNotContain("\tat ");
  }
}
