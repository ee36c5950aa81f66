package dev.dqnotify.forwarder.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteMonitorsTest {

  private static final Route ROUTE =
      new Route(
          "stores-north-late-and-silent",
          Map.of(
              "event_type", List.of("event_type:late_data", "event_type:store_silent"),
              "env", List.of("env:prod"),
              "team", List.of("team:team-stores-north")),
          List.of("@teams-stores-north-dq", "@teams-stores-oncall"),
          2);

  @Test
  void countsTheRoutesEventsPerNotificationSoEachAlertsOnItsOwn() {
    assertThat(RouteMonitors.query(ROUTE, "5m"))
        .isEqualTo(
            quoted(
                "events(\"tags:('source:dqnotify') team:'team-stores-north' env:'prod'"
                    + " (event_type:'late_data' OR event_type:'store_silent')\")"
                    + ".rollup(\"count\").by(\"notification_id\").last(\"5m\") > 0"));
  }

  @Test
  void searchesTheReservedSourceKeyOnlyInTheTagsForm() {
    String query = RouteMonitors.query(ROUTE, "5m");

    String sourceTerm = quoted("tags:('source:dqnotify')");
    assertThat(query).contains(sourceTerm);
    assertThat(query.replace(sourceTerm, "")).doesNotContain("source:");
    for (String reserved : List.of("host", "source", "status", "service", "message")) {
      assertThat(RoutesFile.MATCH_KEYS).as("a match key is a reserved attribute").doesNotContain(reserved);
    }
  }

  @Test
  void quotesAUnicodeOrHashedValueSoTheSearchMatchesTheTagExactly() {
    Route route =
        new Route(
            "r",
            Map.of("store", List.of("store:störe-東京-0a1b2c3d")),
            List.of("@teams-a"),
            null);

    assertThat(RouteMonitors.query(route, "5m")).contains("store:\\\"störe-東京-0a1b2c3d\\\"");
  }

  /** {@code text} with each {@code '} written as the escaped quote {@code \"} of a query literal. */
  private static String quoted(String text) {
    return text.replace("'", "\\\"");
  }

  @Test
  void namesAndTagsTheMonitorAfterItsRoute() {
    MonitorSpec spec =
        RouteMonitors.desired(ROUTE, new RoutesFile(List.of(ROUTE), "15m", Optional.empty()));

    assertThat(spec.name()).isEqualTo("[dqnotify] stores-north-late-and-silent");
    assertThat(spec.type()).isEqualTo("event-v2 alert");
    assertThat(spec.query()).endsWith(".last(\"15m\") > 0");
    assertThat(spec.tags())
        .containsExactly("dqnotify-route:stores-north-late-and-silent", "managed-by:dqnotify");
    assertThat(spec.priority()).isEqualTo(2L);
    assertThat(spec.criticalThreshold()).isZero();
    assertThat(spec.notifyNoData()).isFalse();
  }

  @Test
  void carriesTheEventsTitleTextAndTagsToTheHandlesOnlyWhenAlerting() {
    String message =
        RouteMonitors.message(ROUTE, Optional.of("Data quality alert from the stores pipeline"));

    assertThat(message)
        .startsWith("{{!-- Managed by dqnotify (route stores-north-late-and-silent)")
        .contains(
            "{{#is_alert}}\nData quality alert from the stores pipeline\n\n"
                + "**{{event.title}}**\n\n{{{event.text}}}\n\nTags: {{event.tags}}\n\n"
                + "@teams-stores-north-dq @teams-stores-oncall\n{{/is_alert}}")
        .endsWith("{{/is_alert}}");
  }

  @Test
  void leavesThePrefixOutWhenNoneIsConfigured() {
    assertThat(RouteMonitors.message(ROUTE, Optional.empty()))
        .contains("{{#is_alert}}\n**{{event.title}}**");
  }
}
