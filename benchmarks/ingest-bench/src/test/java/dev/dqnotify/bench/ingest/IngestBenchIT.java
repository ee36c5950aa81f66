package dev.dqnotify.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dqnotify.bench.BenchArgs;
import dev.dqnotify.bench.ResultWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke run of the ingest harness: every scenario at tiny sizes, so the harness cannot rot.
 * Asserts that the results are well formed, never how fast anything was.
 */
class IngestBenchIT {

  @Test
  void everyScenarioWritesAWellFormedResult(@TempDir Path dir) throws Exception {
    IngestBench.run(new BenchArgs(IngestBench.SCENARIOS, true, dir.resolve("results"), dir.resolve("plots")));

    for (String scenario : IngestBench.SCENARIOS) {
      JsonNode result = ResultWriter.read(dir.resolve("results").resolve(scenario + ".json"));
      assertThat(result.get("scenario").asText()).isEqualTo(scenario);
      assertThat(result.get("machine").get("memTotalMib").asLong()).isPositive();
      assertThat(result.get("rows").size()).as(scenario + " rows").isPositive();
      for (JsonNode row : result.get("rows")) {
        assertThat(row.size()).isEqualTo(result.get("columns").size());
      }
    }
    assertThat(Files.readString(dir.resolve("results/results.md"))).contains("| detectors |", "| design |", "| trigger s |",
        "| pipeline | per-trigger cap |", "| input | pipeline |");
    assertThat(dir.resolve("plots/latency-cdf.png")).isNotEmptyFile();
  }
}
