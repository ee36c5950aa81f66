package dev.dqnotify.bench.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dqnotify.bench.BenchArgs;
import dev.dqnotify.bench.ResultWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke run of the forwarder harness: every scenario at tiny sizes, so the harness cannot
 * rot. Asserts that the results are well formed, never how fast anything was.
 */
class ForwarderBenchIT {

  @Test
  void everyScenarioWritesAWellFormedResult(@TempDir Path dir) throws Exception {
    ForwarderBench.run(new BenchArgs(ForwarderBench.SCENARIOS, true, dir.resolve("results"), dir.resolve("plots")));

    for (String scenario : ForwarderBench.SCENARIOS) {
      JsonNode result = ResultWriter.read(dir.resolve("results").resolve(scenario + ".json"));
      assertThat(result.get("scenario").asText()).isEqualTo(scenario);
      assertThat(result.get("quick").asBoolean()).isTrue();
      assertThat(result.get("machine").get("cores").asInt()).isPositive();
      assertThat(result.get("loadAverageAfter").asText()).isNotBlank();
      assertThat(result.get("rows").size()).as(scenario + " rows").isPositive();
      for (JsonNode row : result.get("rows")) {
        assertThat(row.size()).isEqualTo(result.get("columns").size());
      }
    }
    assertThat(Files.readString(dir.resolve("results/results.md")))
        .contains("| benchmark |", "| latency ms |", "| ids in the window |", "| backlog events |");
    assertThat(dir.resolve("plots/delivery-rate.png")).isNotEmptyFile();
  }

  @Test
  void rejectsAnUnknownScenarioNamingTheValidOnes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchArgs.parse(new String[] {"--scenario", "nope"},
            ForwarderBench.SCENARIOS))
        .hasMessageContaining("nope").hasMessageContaining("hot-path");
    assertThat(BenchArgs.parse(new String[] {"--scenario", "catch-up", "--scenario", "hot-path"},
        ForwarderBench.SCENARIOS).scenarios()).isEqualTo(List.of("hot-path", "catch-up"));
  }
}
