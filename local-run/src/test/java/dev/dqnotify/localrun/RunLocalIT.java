package dev.dqnotify.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/run-local}'s command as a user runs it — its own JVM, the build output of the
 * repository — with a short duration: the report must show every injected situation found by its
 * exact id and nothing lost, and no process of the run may outlive it, also when it is stopped
 * midway (SIGTERM runs the same shutdown hook as Ctrl-C).
 */
class RunLocalIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of(System.getProperty("dqnotify.repo-dir", "..")).toAbsolutePath().normalize();
  private static final Path IT_DIR = Path.of(System.getProperty("dqnotify.local-run.it-dir", "target/it"));

  @Test
  void aShortRunFindsEveryInjectedSituationByItsIdLosesNothingAndLeavesNoProcess() throws Exception {
    Path workDir = IT_DIR.resolve("run");
    Path output = IT_DIR.resolve("run.out");
    Process run = start(output, "--duration", "45s", "--work-dir", workDir.toString());

    assertThat(run.waitFor(4, TimeUnit.MINUTES)).as("the run ends on its own; output " + output).isTrue();
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(run.exitValue()).as(out).isZero();

    JsonNode report = JSON.readTree(workDir.resolve("report.json").toFile());
    assertThat(report.path("situations")).hasSize(7);
    for (JsonNode situation : report.path("situations")) {
      String type = situation.path("event_type").asText();
      assertThat(situation.path("injected").asInt()).as(type + " injected").isPositive();
      assertThat(strings(situation.path("written_ids"))).as(type + ": the exact ids injected")
          .containsExactlyInAnyOrderElementsOf(strings(situation.path("injected_ids")));
      assertThat(situation.path("delivered").asInt()).as(type + " in Datadog")
          .isEqualTo(situation.path("injected").asInt());
    }
    assertThat(report.path("delivery").path("lost").isInt()).isTrue();
    assertThat(report.path("delivery").path("lost").asInt()).isZero();
    assertThat(report.path("delivery").path("duplicates").asInt()).isZero();
    assertThat(strings(report.path("outage"), "kind")).as("the outage was played").contains("500", "429");
    assertThat(report.path("passed").asBoolean()).isTrue();
    JsonNode teams = report.path("teams_notifications");
    assertThat(teams.path("notifications").asInt()).as("Teams notifications sent by the route monitors").isPositive();
    assertThat(teams.path("events_no_monitor_matched").asInt()).as("posted events no route monitor matched: "
        + teams.path("titles_no_monitor_matched")).isZero();
    assertThat(Files.readString(workDir.resolve("report.html"))).contains("<svg").contains("DqEvents written");
    assertThat(out).contains("Datadog is DOWN").contains("RESULT: OK").contains("Report: ")
        .contains("Teams notifications: ").contains("every posted event matched a route monitor");

    assertNothingLeft(workDir, report.path("processes"));
  }

  @Test
  void stoppingTheRunMidwayStopsEverythingItStarted() throws Exception {
    Path workDir = IT_DIR.resolve("interrupted");
    Path output = IT_DIR.resolve("interrupted.out");
    Process run = start(output, "--duration", "5m", "--work-dir", workDir.toString());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(output) || !Files.readString(output, StandardCharsets.UTF_8).contains("Sensors started")) {
      assertThat(run.isAlive()).as("the run is starting; output " + output).isTrue();
      assertThat(System.nanoTime()).as("the sensors started within 3 minutes").isLessThan(deadline);
      Thread.sleep(250);
    }
    JsonNode processes = JSON.readTree(workDir.resolve("processes.json").toFile());
    assertThat(strings(processes, "name")).containsExactly("kafka", "schema-registry", "ingest-job", "forwarder");
    for (JsonNode process : processes) {
      assertThat(ProcessHandle.of(process.path("pid").asLong()).map(ProcessHandle::isAlive)).hasValue(true);
    }

    run.destroy();

    assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("the run stops within 90 s").isTrue();
    assertThat(Files.readString(output, StandardCharsets.UTF_8)).contains("Stopped; nothing of the run is left running");
    assertNothingLeft(workDir, processes);
  }

  private static Process start(Path output, String... args) throws Exception {
    Files.createDirectories(IT_DIR);
    String classpath = System.getProperty("dqnotify.local-run.classes") + File.pathSeparator
        + Files.readString(Path.of(System.getProperty("dqnotify.local-run.classpath-file"))).trim();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", classpath, RunLocalCommand.class.getName(), "--repo-dir", REPO.toString(), "--plain"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    // The test must never post to a real Datadog account of whoever runs it.
    builder.environment().remove("DD_API_KEY");
    builder.environment().remove("DD_SITE");
    return builder.start();
  }

  private static void assertNothingLeft(Path workDir, JsonNode processes) throws Exception {
    assertThat(processes).as("processes of " + workDir).hasSize(4);
    for (JsonNode process : processes) {
      long pid = process.path("pid").asLong();
      // A process may take a moment to be reaped after its parent exited.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as(process.path("name").asText() + " (pid " + pid + ") is gone").isFalse();
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  private static List<String> strings(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.path(field).asText()));
    return values;
  }
}
