package dev.dqnotify.forwarder.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanPrinterTest {

  private static final MonitorSpec SPEC =
      new MonitorSpec(
          "[dqnotify] a",
          "event-v2 alert",
          "q",
          "one\ntwo",
          List.of("managed-by:dqnotify", "dqnotify-route:a"),
          2L,
          0.0,
          false,
          true);

  private static String print(Plan plan, boolean prune) {
    StringWriter out = new StringWriter();
    PlanPrinter.print(plan, prune, new PrintWriter(out));
    return out.toString();
  }

  @Test
  void showsAnUpdateAsALineDiffOfEachChangedField() {
    Plan plan =
        new Plan(
            List.of(
                new Plan.Update(
                    12,
                    SPEC,
                    List.of(
                        new MonitorSpec.FieldChange(
                            "message", "one\nold\nthree", "one\nnew\nthree"),
                        new MonitorSpec.FieldChange("priority", null, "2")))));

    assertThat(print(plan, false))
        .isEqualTo(
            """
            ~ update [dqnotify] a (monitor 12)
                message:
                    one
                  - old
                  + new
                    three
                priority:
                  - (none)
                  + 2

            Plan: 0 to create, 1 to update, 0 unchanged, 0 to delete.
            """);
  }

  @Test
  void showsACreateWithItsDefinition() {
    assertThat(print(new Plan(List.of(new Plan.Create(SPEC))), false))
        .isEqualTo(
            """
            + create [dqnotify] a
                type: event-v2 alert
                query: q
                tags: dqnotify-route:a, managed-by:dqnotify
                priority: 2
                message:
                  | one
                  | two

            Plan: 1 to create, 0 to update, 0 unchanged, 0 to delete.
            """);
  }

  @Test
  void marksDeletesAsCandidatesUnlessPruning() {
    Plan plan =
        new Plan(
            List.of(
                new Plan.Unchanged(1, SPEC),
                new Plan.Delete(2, "[dqnotify] b", "route b is gone")));

    assertThat(print(plan, false))
        .contains(
            "= unchanged [dqnotify] a (monitor 1)\n"
                + "- delete-candidate [dqnotify] b (monitor 2): route b is gone; kept (apply"
                + " --prune deletes it)\n")
        .endsWith(
            "Plan: 0 to create, 0 to update, 1 unchanged, 0 to delete (1 delete-candidate(s) kept;"
                + " --prune deletes them).\n");
    assertThat(print(plan, true))
        .contains("- delete [dqnotify] b (monitor 2): route b is gone\n")
        .endsWith("Plan: 0 to create, 0 to update, 1 unchanged, 1 to delete.\n");
  }
}
