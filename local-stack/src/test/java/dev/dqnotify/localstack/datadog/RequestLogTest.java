package dev.dqnotify.localstack.datadog;

import static dev.dqnotify.localstack.datadog.SimulatorClient.API_KEY;
import static dev.dqnotify.localstack.datadog.SimulatorClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dqnotify.localstack.junit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request log, through real HTTP. */
class RequestLogTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  @TempDir Path folder;

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void appendsEveryApiRequestAsOneJsonLineWithKeyValuesMasked() throws IOException {
    Path file = folder.resolve("logs/requests.jsonl");
    try (DatadogSimulator simulator =
        DatadogSimulator.builder()
            .apiKey(API_KEY)
            .applicationKey("secret-app-key")
            .clock(new MutableClock(NOW))
            .requestLog(file)
            .start()) {
      SimulatorClient client = new SimulatorClient(simulator);
      client.postEvent(SimulatorClient.event());
      client.call(
          "GET",
          "/api/v1/monitor?name=team&api_key=" + API_KEY,
          Map.of("DD-API-KEY", API_KEY, "DD-APPLICATION-KEY", "secret-app-key"),
          null);
      client.call("GET", "/api/v2/unknown", Map.of(), null);
      client.admin("GET", "/__admin/datadog/stats", null);
    }

    List<JsonNode> lines = lines(file);
    assertThat(lines).as("the admin API is not logged").hasSize(3);
    JsonNode event = lines.get(0);
    assertThat(event.get("time").asText()).isEqualTo(NOW.toString());
    assertThat(event.get("method").asText()).isEqualTo("POST");
    assertThat(event.get("path").asText()).isEqualTo("/api/v1/events");
    assertThat(event.at("/headers/DD-API-KEY/0").asText()).isEqualTo("<masked>");
    assertThat(event.at("/headers/Content-Type/0").asText()).isEqualTo("application/json");
    assertThat(JSON.readTree(event.get("body").asText()).get("title").asText())
        .isEqualTo("Null rate rose");
    JsonNode list = lines.get(1);
    assertThat(list.at("/query/name/0").asText()).isEqualTo("team");
    assertThat(list.at("/query/api_key/0").asText()).isEqualTo("<masked>");
    assertThat(list.at("/headers/DD-APPLICATION-KEY/0").asText()).isEqualTo("<masked>");
    assertThat(lines.get(2).get("path").asText()).isEqualTo("/api/v2/unknown");
    assertThat(Files.readString(file)).doesNotContain(API_KEY).doesNotContain("secret-app-key");
  }

  @Test
  void logsARequestWhoseConnectionAFaultDrops() throws IOException {
    Path file = folder.resolve("requests.jsonl");
    try (DatadogSimulator simulator =
        DatadogSimulator.builder().apiKey(API_KEY).requestLog(file).start()) {
      simulator.faults().dropConnectionsNext(1, Faults.ConnectionDrop.RESET_BY_PEER);
      try {
        new SimulatorClient(simulator).postEvent(SimulatorClient.event());
      } catch (IOException expected) {
        // the connection was dropped, as scripted
      }
    }

    assertThat(lines(file)).singleElement().satisfies(l -> assertThat(l.get("path").asText()).isEqualTo("/api/v1/events"));
  }

  @Test
  void appendsToAnExistingLog() throws IOException {
    Path file = folder.resolve("requests.jsonl");
    for (int run = 0; run < 2; run++) {
      try (DatadogSimulator simulator =
          DatadogSimulator.builder().apiKey(API_KEY).requestLog(file).start()) {
        new SimulatorClient(simulator).validate(API_KEY);
      }
    }

    assertThat(lines(file)).hasSize(2);
  }

  @Test
  void refusesToStartWhenTheLogCannotBeWrittenNamingTheFile() throws IOException {
    Path notAFolder = Files.writeString(folder.resolve("plain-file"), "x");
    Path file = notAFolder.resolve("requests.jsonl");

    assertThatThrownBy(() -> DatadogSimulator.builder().apiKey(API_KEY).requestLog(file).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("DATADOG_SIMULATOR_REQUEST_LOG");
  }
}
