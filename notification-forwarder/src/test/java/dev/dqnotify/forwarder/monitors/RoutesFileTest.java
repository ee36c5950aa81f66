package dev.dqnotify.forwarder.monitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dqnotify.forwarder.render.Tags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesFileTest {

  @TempDir Path dir;

  private RoutesFile load(String yaml) throws IOException {
    return RoutesFile.load(Files.writeString(dir.resolve("monitors.yaml"), yaml));
  }

  private List<String> problems(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("monitors.yaml"), yaml);
    RoutesFileException e =
        catchThrowableOfType(RoutesFileException.class, () -> RoutesFile.load(file));
    assertThat(e).as("a RoutesFileException").isNotNull();
    assertThat(e.getMessage()).startsWith(file + ": ");
    return e.problems();
  }

  @Test
  void readsTheRoutesOfTheIssuesExample() throws IOException {
    RoutesFile file =
        load(
            """
            routes:
              - name: stores-north-late-and-silent        # optional; else derived
                match: {team: team-stores-north, env: prod, event_type: [LATE_DATA, STORE_SILENT]}
                notify: ["@teams-stores-north-dq"]
                priority: 2
            defaults: {window: 10m, message_prefix: "Data quality alert"}
            """);

    assertThat(file.window()).isEqualTo("10m");
    assertThat(file.messagePrefix()).contains("Data quality alert");
    Route route = file.routes().get(0);
    assertThat(route.name()).isEqualTo("stores-north-late-and-silent");
    assertThat(route.match())
        .isEqualTo(
            Map.of(
                "team", List.of("team:team-stores-north"),
                "env", List.of("env:prod"),
                "event_type", List.of("event_type:late_data", "event_type:store_silent")));
    assertThat(route.handles()).containsExactly("@teams-stores-north-dq");
    assertThat(route.priority()).isEqualTo(2);
  }

  @Test
  void routesSourceDataLostLikeEveryOtherEventType() throws IOException {
    RoutesFile file =
        load(
            """
            routes:
              - match: {env: prod, event_type: source_data_lost}
                notify: ["@teams-data-platform"]
            """);

    assertThat(file.routes().get(0).match())
        .containsEntry("event_type", List.of("event_type:source_data_lost"));
  }

  @Test
  void derivesANameFromTheMatchValuesWhenNoneIsGiven() throws IOException {
    RoutesFile file =
        load(
            """
            routes:
              - match: {event_type: [STORE_SILENT, LATE_DATA], team: Team Stores North, env: prod}
                notify: ["@teams-a"]
            """);

    assertThat(file.routes().get(0).name())
        .matches("team_stores_north-[0-9a-f]{8}-prod-late_data-store_silent");
    assertThat(file.window()).isEqualTo("5m");
    assertThat(file.messagePrefix()).isEmpty();
  }

  @Test
  void sanitisesMatchValuesAsTheRendererDoesTags() throws IOException {
    RoutesFile file =
        load(
            """
            routes:
              - name: r
                match: {team: "Équipe Nord", store: ["042", "störe-東京"], severity: error}
                notify: "@teams-a"
            """);

    Map<String, List<String>> match = file.routes().get(0).match();
    assertThat(match.get("team")).containsExactly(Tags.tag("team", "Équipe Nord"));
    assertThat(match.get("team").get(0)).matches("team:équipe_nord-[0-9a-f]{8}");
    assertThat(match.get("store")).containsExactly("store:042", "store:störe-東京");
    assertThat(match.get("severity")).containsExactly("severity:error");
  }

  @Test
  void acceptsJsonAsWell() throws IOException {
    RoutesFile file =
        load(
            "{\"routes\": [{\"name\": \"r\", \"match\": {\"team\": \"a\"},"
                + " \"notify\": [\"@teams-a\", \"@ops@example.com\"]}]}");

    assertThat(file.routes().get(0).handles()).containsExactly("@teams-a", "@ops@example.com");
  }

  @Test
  void reportsEveryProblemNamingRouteAndKey() throws IOException {
    List<String> problems =
        problems(
            """
            routes:
              - name: north
                match: {team: a, event_type: [LATE_DATA, LATE]}
                notify: []
                colour: blue
              - match: {team: b}
                notify: ["teams-b"]
                priority: 7
            defaults: {window: 5m, retries: 3}
            extra: true
            """);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "unknown key 'extra'; valid keys: defaults, routes",
            "defaults: unknown key 'retries'; valid keys: message_prefix, window",
            "routes[0] (north): unknown key 'colour'; valid keys: match, name, notify, priority",
            "routes[0] (north): match.event_type: unknown event type 'LATE'; valid:"
                + " MALFORMED_RECORD, INSUFFICIENT_DATA_POINTS, LATE_DATA, DUPLICATE_MESSAGE,"
                + " OUT_OF_RANGE, UNKNOWN_STORE, STORE_SILENT, SOURCE_DATA_LOST; a job's own type goes under situation_type",
            "routes[0] (north): notify: empty; list at least one handle, e.g. notify:"
                + " [\"@teams-my-channel\"]",
            "routes[1] (b): notify: 'teams-b' is not a handle; use @teams-<handle> (the name given"
                + " to the channel in Datadog's Microsoft Teams integration), @<integration>-<name>"
                + " for teams, slack, opsgenie, pagerduty, webhook, or @person@example.com",
            "routes[1] (b): priority: '7' must be a whole number from 1 to 5");
  }

  @Test
  void refusesUnknownMatchKeysAndMissingParts() throws IOException {
    assertThat(
            problems(
                """
                routes:
                  - name: r
                    match: {teams: a}
                """))
        .containsExactly(
            "routes[0] (r): match: unknown key 'teams'; valid keys: env, event_type, job, labels, sensor,"
                + " severity, situation_type, store, team",
            "routes[0] (r): notify: missing; list at least one handle, e.g. notify:"
                + " [\"@teams-my-channel\"]");
    assertThat(problems("routes:\n  - notify: [\"@teams-a\"]\n"))
        .containsExactly(
            "routes[0]: match: missing; say which events this route takes, e.g. match: {team: …}");
  }

  @Test
  void refusesTwoRoutesOfTheSameName() throws IOException {
    assertThat(
            problems(
                """
                routes:
                  - {match: {team: a}, notify: ["@teams-a"]}
                  - {name: a, match: {team: b}, notify: ["@teams-b"]}
                """))
        .containsExactly(
            "routes[1] (a): name: 'a' is already the name of routes[0]; names identify monitors,"
                + " so give one of them another 'name:'");
  }

  @Test
  void refusesNamesThatAreNotTagValues() throws IOException {
    assertThat(
            problems("routes:\n  - {name: Stores North, match: {team: a}, notify: [\"@teams-a\"]}"))
        .singleElement()
        .asString()
        .startsWith("routes[0]: name: 'Stores North' must start with a lowercase letter")
        .endsWith("e.g. 'stores_north'");
  }

  @Test
  void asksToQuoteValuesYamlReadsAsOtherTypes() throws IOException {
    assertThat(
            problems("routes:\n  - {name: r, match: {store: 42, env: on}, notify: [\"@teams-a\"]}"))
        .containsExactly(
            "routes[0] (r): match.env: 'on' must be a string; YAML reads unquoted numbers,"
                + " yes/no and on/off as other types (it read true), so quote it: \"on\"",
            "routes[0] (r): match.store: '42' must be a string; YAML reads unquoted numbers,"
                + " yes/no and on/off as other types, so quote it: \"42\"");
  }

  @Test
  void theHintToQuoteShowsTheValueAsWrittenNotAsYamlReadIt() throws IOException {
    assertThat(
            problems("routes:\n  - name: r\n    match: {store: [042, \"043\", 0x1F]}\n    notify: [\"@teams-a\"]"))
        .containsExactly(
            "routes[0] (r): match.store: '042' must be a string; YAML reads unquoted numbers,"
                + " yes/no and on/off as other types (it read 34), so quote it: \"042\"",
            "routes[0] (r): match.store: '0x1F' must be a string; YAML reads unquoted numbers,"
                + " yes/no and on/off as other types (it read 31), so quote it: \"0x1F\"");
  }

  @Test
  void refusesAWindowOutsideDatadogsLimits() throws IOException {
    String route = "routes:\n  - {name: r, match: {team: a}, notify: [\"@teams-a\"]}\n";

    assertThat(problems(route + "defaults: {window: 49h}"))
        .singleElement()
        .asString()
        .startsWith("defaults: window: '49h' must be minutes, hours or days");
    assertThat(problems(route + "defaults: {window: 30s}")).hasSize(1);
    assertThat(load(route + "defaults: {window: 2d}").window()).isEqualTo("2d");
    assertThat(load(route + "defaults: {window: 1m}").window()).isEqualTo("1m");
  }

  @Test
  void hintsToQuoteAnUnquotedHandle() throws IOException {
    assertThat(problems("routes:\n  - {name: r, match: {team: a}, notify: [@teams-a]}"))
        .singleElement()
        .asString()
        .startsWith("not valid YAML: ")
        .contains("(line 2, column ")
        .endsWith("quote handles, as '@' cannot start a plain YAML value: [\"@teams-…\"]");
  }

  @Test
  void refusesDuplicateKeys() throws IOException {
    assertThat(problems("routes: []\nroutes: []\n"))
        .singleElement()
        .asString()
        .startsWith("not valid YAML: Duplicate field 'routes'");
  }

  @Test
  void namesAMissingOrEmptyFile() throws IOException {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> RoutesFile.load(missing))
        .isInstanceOf(RoutesFileException.class)
        .hasMessage(missing + ": file does not exist");
    assertThat(problems("")).containsExactly("is empty: it needs a 'routes:' list");
    assertThat(problems("- a\n")).containsExactly("must be a mapping with 'routes:' at the top");
  }

  @Test
  void acceptsValuesWithSlashesAndColonsAsTheMonitorQueryQuotesThem() throws IOException {
    RoutesFile file =
        load("routes:\n  - {name: r, match: {sensor: [\"a/b\", \"c:d\"]}, notify: [\"@teams-a\"]}");

    assertThat(file.routes().get(0).match().get("sensor")).containsExactly("sensor:a/b", "sensor:c:d");
  }

  @Test
  void routesJobDefinedTypesAndLabelsOnTheTagsTheRendererWrites() throws IOException {
    RoutesFile file =
        load(
            """
            routes:
              - name: payments-negative
                match:
                  job: orders-enrich
                  event_type: LATE_DATA
                  situation_type: [PAYMENT_AMOUNT_NEGATIVE, ORDER_WITHOUT_CUSTOMER]
                  labels: {customer_id: c-77}
                notify: ["@teams-payments-dq"]
            """);

    Route route = file.routes().get(0);
    assertThat(route.match())
        .containsEntry("event_type", List.of("event_type:late_data", "event_type:order_without_customer",
            "event_type:payment_amount_negative"))
        .containsEntry("label.customer_id", List.of("customer_id:c-77"));
    assertThat(RouteMonitors.query(route, "5m"))
        .contains("(event_type:\\\"late_data\\\" OR event_type:\\\"order_without_customer\\\" OR"
            + " event_type:\\\"payment_amount_negative\\\")")
        .contains(" customer_id:\\\"c-77\\\"");
  }

  @Test
  void refusesABuiltInTypeAsSituationTypeAndABadLabelKey() throws IOException {
    assertThat(problems(
            """
            routes:
              - name: x
                match: {situation_type: late_data, labels: {Customer: c-1}}
                notify: ["@teams-x"]
            """))
        .containsExactlyInAnyOrder(
            "routes[0] (x): match.situation_type: 'late_data' is a built-in event type; list it under event_type",
            "routes[0] (x): match.labels: key 'Customer' is not a label key (lower snake case, as the job declared it)");
  }
}
