package dev.dqnotify.localstack.datadog;

import static dev.dqnotify.localstack.datadog.SimulatorClient.API_KEY;
import static dev.dqnotify.localstack.datadog.SimulatorClient.JSON;
import static dev.dqnotify.localstack.datadog.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatadogSimulatorDashboardsTest extends SimulatorTestCase {

  DatadogSimulatorDashboardsTest() {
    super(null, true);
  }

  private static ObjectNode dashboard(String title) {
    ObjectNode dashboard = JSON.createObjectNode().put("title", title).put("layout_type", "ordered");
    dashboard.putArray("widgets").addObject().putObject("definition").put("type", "timeseries")
        .putArray("requests").addObject().put("q", "sum:dqnotify.forwarder.events.posted{*}.as_count()");
    return dashboard;
  }

  @Test
  void storesACreatedDashboardWithAnIdAndWidgetIdsAndListsAndReplacesIt() throws Exception {
    HttpResponse<String> created = client.monitors("POST", "/api/v1/dashboard", dashboard("dqnotify"));
    assertThat(created.statusCode()).isEqualTo(200);
    String id = json(created).get("id").asText();
    assertThat(id).matches("[a-z0-9]+-[a-z0-9]+-[a-z0-9]+");
    assertThat(json(created).at("/widgets/0/id").isNumber()).isTrue();

    JsonNode list = json(client.monitors("GET", "/api/v1/dashboard", null));
    assertThat(list.get("dashboards")).singleElement()
        .satisfies(summary -> assertThat(summary.get("title").asText()).isEqualTo("dqnotify"));

    HttpResponse<String> updated = client.monitors("PUT", "/api/v1/dashboard/" + id, dashboard("dqnotify 2"));
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(json(client.monitors("GET", "/api/v1/dashboard/" + id, null)).get("title").asText())
        .isEqualTo("dqnotify 2");
    assertThat(simulator.dashboards()).hasSize(1);

    assertThat(client.monitors("DELETE", "/api/v1/dashboard/" + id, null).statusCode()).isEqualTo(200);
    assertThat(client.monitors("GET", "/api/v1/dashboard/" + id, null).statusCode()).isEqualTo(404);
  }

  @Test
  void refusesADashboardWithoutTitleLayoutOrWidgetTypesAndAnyRequestWithoutBothKeys() throws Exception {
    ObjectNode bad = JSON.createObjectNode().put("layout_type", "grid");
    bad.putArray("widgets").addObject().putObject("definition");

    HttpResponse<String> refused = client.monitors("POST", "/api/v1/dashboard", bad);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("errors").toString()).contains("'title' is required", "'layout_type' must be one of",
        "'definition.type' is required");
    assertThat(client.call("GET", "/api/v1/dashboard", Map.of("DD-API-KEY", API_KEY), null).statusCode())
        .isEqualTo(403);
    assertThat(simulator.dashboards()).isEmpty();
  }
}
