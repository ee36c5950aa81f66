package dev.dqnotify.forwarder.monitors;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows a {@link Plan} the way an operator reviews it: one line per monitor with a sign ({@code +}
 * create, {@code ~} update, {@code =} unchanged, {@code -} delete), the changed fields of an update
 * as a line diff, and a closing count line that scripts and tests can match.
 */
final class PlanPrinter {

  private static final String INDENT = "    ";

  private PlanPrinter() {}

  static void print(Plan plan, boolean prune, PrintWriter out) {
    for (Plan.Step step : plan.steps()) {
      if (step instanceof Plan.Create create) {
        out.println("+ create " + create.name());
        field(out, "type", create.desired().type());
        field(out, "query", create.desired().query());
        field(out, "tags", String.join(", ", create.desired().tags()));
        if (create.desired().priority() != null) {
          field(out, "priority", create.desired().priority().toString());
        }
        field(out, "message", create.desired().message());
      } else if (step instanceof Plan.Update update) {
        out.println("~ update " + update.name() + " (monitor " + update.id() + ")");
        for (MonitorSpec.FieldChange change : update.changes()) {
          out.println(INDENT + change.field() + ":");
          for (String line : diff(lines(change.actual()), lines(change.desired()))) {
            out.println(INDENT + "  " + line);
          }
        }
      } else if (step instanceof Plan.Unchanged unchanged) {
        out.println("= unchanged " + unchanged.name() + " (monitor " + unchanged.id() + ")");
      } else if (step instanceof Plan.Delete delete) {
        String what = prune ? "- delete " : "- delete-candidate ";
        String kept = prune ? "" : "; kept (apply --prune deletes it)";
        out.println(
            what + delete.name() + " (monitor " + delete.id() + "): " + delete.reason() + kept);
      }
    }
    out.println();
    out.println("Plan: " + summary(plan, prune) + ".");
    out.flush();
  }

  /** {@code 1 to create, 0 to update, 2 unchanged, 0 to delete}, plus kept delete-candidates. */
  static String summary(Plan plan, boolean prune) {
    int deletes = plan.steps(Plan.Delete.class).size();
    String summary =
        plan.steps(Plan.Create.class).size()
            + " to create, "
            + plan.steps(Plan.Update.class).size()
            + " to update, "
            + plan.steps(Plan.Unchanged.class).size()
            + " unchanged, "
            + (prune ? deletes : 0)
            + " to delete";
    if (!prune && deletes > 0) {
      summary += " (" + deletes + " delete-candidate(s) kept; --prune deletes them)";
    }
    return summary;
  }

  private static void field(PrintWriter out, String name, String value) {
    List<String> lines = lines(value);
    if (lines.size() == 1) {
      out.println(INDENT + name + ": " + lines.get(0));
    } else {
      out.println(INDENT + name + ":");
      lines.forEach(line -> out.println(INDENT + "  | " + line));
    }
  }

  private static List<String> lines(String value) {
    return value == null ? List.of("(none)") : List.of(value.split("\n", -1));
  }

  /**
   * A line diff by longest common subsequence: {@code " "} kept, {@code "- "} only in the old
   * value, {@code "+ "} only in the new. Values are a few lines long, so the quadratic table is
   * small.
   */
  static List<String> diff(List<String> before, List<String> after) {
    int[][] common = new int[before.size() + 1][after.size() + 1];
    for (int i = before.size() - 1; i >= 0; i--) {
      for (int j = after.size() - 1; j >= 0; j--) {
        common[i][j] =
            before.get(i).equals(after.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < before.size() || j < after.size()) {
      if (i < before.size() && j < after.size() && before.get(i).equals(after.get(j))) {
        out.add("  " + before.get(i++));
        j++;
      } else if (i < before.size() && (j == after.size() || common[i + 1][j] >= common[i][j + 1])) {
        out.add("- " + before.get(i++)); // removals first, as diff(1) shows them
      } else {
        out.add("+ " + after.get(j++));
      }
    }
    return out;
  }
}
