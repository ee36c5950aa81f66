package dev.dqnotify.forwarder.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTest {

  private static MonitorSpec spec(String route, String query) {
    return new MonitorSpec(
        "[dqnotify] " + route,
        "event-v2 alert",
        query,
        "message @teams-" + route,
        List.of("managed-by:dqnotify", "dqnotify-route:" + route),
        null,
        0.0,
        false,
        true);
  }

  private static Map<String, MonitorSpec> desired(MonitorSpec... specs) {
    Map<String, MonitorSpec> desired = new LinkedHashMap<>();
    for (MonitorSpec spec : specs) {
      desired.put(Plan.routeOf(spec).orElseThrow(), spec);
    }
    return desired;
  }

  @Test
  void createsUpdatesKeepsAndProposesDeletesInFileOrder() {
    MonitorSpec a = spec("a", "q-a");
    MonitorSpec b = spec("b", "q-b");
    MonitorSpec c = spec("c", "q-c");
    List<Plan.Existing> existing =
        List.of(
            new Plan.Existing(3, spec("gone", "q")),
            new Plan.Existing(2, spec("b", "q-b-old")),
            new Plan.Existing(1, c));

    Plan plan = Plan.of(desired(a, b, c), existing);

    assertThat(plan.steps())
        .containsExactly(
            new Plan.Create(a),
            new Plan.Update(2, b, List.of(new MonitorSpec.FieldChange("query", "q-b-old", "q-b"))),
            new Plan.Unchanged(1, c),
            new Plan.Delete(3, "[dqnotify] gone", "route gone is no longer in the routes file"));
  }

  @Test
  void comparesTagsAsASetWhateverTheirOrderOrRepeats() {
    MonitorSpec want = spec("a", "q");
    MonitorSpec actual =
        new MonitorSpec(
            want.name(),
            want.type(),
            want.query(),
            want.message(),
            List.of("dqnotify-route:a", "managed-by:dqnotify", "managed-by:dqnotify"),
            null,
            0.0,
            false,
            true);

    Plan plan = Plan.of(desired(want), List.of(new Plan.Existing(7, actual)));

    assertThat(plan.steps()).containsExactly(new Plan.Unchanged(7, want));
  }

  @Test
  void listsEveryChangedFieldIncludingOptionsAndPriority() {
    MonitorSpec want = spec("a", "q");
    MonitorSpec actual =
        new MonitorSpec(
            "[dqnotify] old-name",
            want.type(),
            "q",
            "old",
            List.of("managed-by:dqnotify", "dqnotify-route:a", "team:x"),
            3L,
            1.0,
            null,
            true);

    Plan.Update update =
        (Plan.Update) Plan.of(desired(want), List.of(new Plan.Existing(7, actual))).steps().get(0);

    assertThat(update.changes())
        .extracting(MonitorSpec.FieldChange::field)
        .containsExactly(
            "name",
            "message",
            "tags",
            "priority",
            "options.thresholds.critical",
            "options.notify_no_data");
    assertThat(update.changes().get(3))
        .isEqualTo(new MonitorSpec.FieldChange("priority", "3", null));
    assertThat(update.changes().get(4))
        .isEqualTo(new MonitorSpec.FieldChange("options.thresholds.critical", "1", "0"));
  }

  @Test
  void adoptsAMonitorOfTheRoutesNameWhoseTagsWereRemovedByHand() {
    MonitorSpec want = spec("a", "q");
    MonitorSpec untagged =
        new MonitorSpec(
            want.name(), want.type(), "q", want.message(), List.of(), null, 0.0, false, true);

    Plan plan = Plan.of(desired(want), List.of(new Plan.Existing(5, untagged)));

    assertThat(plan.steps()).singleElement().isInstanceOf(Plan.Update.class);
    assertThat(((Plan.Update) plan.steps().get(0)).id()).isEqualTo(5);
  }

  @Test
  void keepsTheOldestOfDuplicateMonitorsAndProposesDeletingTheOthers() {
    MonitorSpec want = spec("a", "q");

    Plan plan =
        Plan.of(desired(want), List.of(new Plan.Existing(9, want), new Plan.Existing(4, want)));

    assertThat(plan.steps())
        .containsExactly(
            new Plan.Unchanged(4, want),
            new Plan.Delete(9, "[dqnotify] a", "duplicate of monitor 4 for route a"));
  }
}
