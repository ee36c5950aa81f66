package dev.dqnotify.localrun.report;

import dev.dqnotify.localrun.faults.DatadogOutage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/** The report as the terminal shows it at the end of a run: the figures, short; the rest is in the HTML. */
public final class ReportText {

  private static final int TEXT_LINES = 10;

  private ReportText() {}

  /** The report's lines. */
  public static List<String> lines(RunReport report) {
    RunRecord run = report.run();
    List<String> lines = new ArrayList<>();
    lines.add("─".repeat(78));
    lines.add(String.format(Locale.ROOT, "dqnotify local run report  ·  run %s  ·  seed %d  ·  %d s of sensors at %.0f "
        + "messages/s", run.runId(), run.seed(), run.duration().toSeconds(), run.rate()));
    lines.add("");
    lines.add(String.format(Locale.ROOT, "%-28s %9s %7s %7s %11s %11s", "Situations", "injected", "found", "missed",
        "unexpected", "in Datadog"));
    for (RunReport.Situation row : report.situations()) {
      lines.add(row(row));
    }
    lines.add(row(report.total()));
    if (report.allInjectedFound() && report.total().unexpected() == 0) {
      lines.add("  ✓ every injected situation found by its exact event id, and nothing else");
    } else {
      lines.add("  ✗ " + report.total().missed() + " injected situation(s) missed, " + report.total().unexpected()
          + " unexpected; ids in report.json");
    }
    lines.add("");
    RunReport.Delivery d = report.delivery();
    lines.add("Datadog: " + run.datadog().describe());
    lines.add("  " + d.datadogEvents() + " Datadog events posted" + responses(d.responses()) + "; the forwarder "
        + "retried " + d.retried() + " posts");
    if (!report.titles().isEmpty()) {
      lines.add("  Titles:");
      report.titles().forEach(t -> lines.add("    " + t.title()));
    }
    report.paginated().ifPresent(p -> {
      lines.add("  Paginated text, " + p.pages().size() + " part(s)" + (p.posted() ? " as posted" : " (not posted, "
          + "see the HTML report for why)") + ":");
      p.pages().forEach(page -> lines.add("    " + page.title()));
      String[] text = p.pages().get(0).text().split("\n");
      for (int i = 0; i < Math.min(TEXT_LINES, text.length); i++) {
        lines.add("    │ " + text[i]);
      }
      lines.add("    │ … (every part in full: report.html)");
    });
    lines.add("");
    lines.add("Delivery: lost " + value(d.lost()) + " · duplicates " + value(d.duplicates()) + " · dead-lettered "
        + d.deadLettered() + " · DqEvents in Datadog " + value(d.delivered()) + " of " + d.outboxEvents()
        + " written" + (d.outboxExtraCopies() > 0 ? " (+" + d.outboxExtraCopies() + " outbox copies the forwarder "
        + "dropped)" : ""));
    if (!d.lostIds().isEmpty()) {
      lines.add("  lost ids: " + String.join(", ", d.lostIds().subList(0, Math.min(5, d.lostIds().size())))
          + (d.lostIds().size() > 5 ? ", …" : ""));
    }
    run.teams().ifPresent(teams -> {
      lines.add("Teams notifications: " + teams.notifications() + ", from the route monitors of "
          + teams.routesFile().getFileName() + " (evaluated by the simulator)");
      teams.byChannel().forEach((handle, n) -> lines.add(String.format(Locale.ROOT, "  %-34s %6d", handle, n)));
      if (teams.unmatchedEvents() > 0) {
        lines.add("  ! " + teams.unmatchedEvents() + " of " + teams.postedEvents() + " posted event(s) triggered no "
            + "monitor (no route matched), e.g. " + String.join(" · ", teams.unmatchedTitles()));
      } else {
        lines.add("  ✓ every posted event matched a route monitor");
      }
    });
    report.outageEffect().ifPresent(e -> lines.add(String.format(Locale.ROOT,
        "Outage:   Datadog failing from %s to %s; meanwhile the ingest job stayed within %d raw records (%.0f s) "
            + "of the sensors and wrote %d DqEvents, and the forwarder retried %d posts%s.", clock(e.fromSeconds()),
        clock(e.toSeconds()), e.maxJobLag(), e.maxJobLag() / run.rate(), e.dqEventsWritten(), e.retries(),
        e.caughtUpAfterSeconds().isPresent() ? String.format(Locale.ROOT, "; every DqEvent was in Datadog %.0f s "
            + "after it recovered", e.caughtUpAfterSeconds().getAsDouble()) : "")));
    if (!run.drained()) {
      lines.add("  ! the run ended before every DqEvent was delivered (drain deadline)");
    }
    lines.add("");
    lines.add(report.passed() ? "RESULT: OK — every injected situation found" + (d.lost().isPresent()
        ? ", nothing lost" : "") : "RESULT: PROBLEMS — see above and report.json");
    return lines;
  }

  private static String row(RunReport.Situation row) {
    return String.format(Locale.ROOT, "  %-26s %9d %7d %7d %11d %11s", row.type(), row.injected(), row.found(),
        row.missed(), row.unexpected(), value(row.delivered()));
  }

  private static String value(OptionalInt value) {
    return value.isPresent() ? Integer.toString(value.getAsInt()) : "n/a";
  }

  private static String responses(Map<Integer, Integer> responses) {
    if (responses.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(" (simulator responses:");
    Map<Integer, Integer> byStatus = new TreeMap<>(responses);
    // 200 answers only the forwarder's API key checks (GET /api/v1/validate); events get 202.
    Integer keyChecks = byStatus.remove(200);
    byStatus.forEach((status, n) -> text.append(' ').append(status).append('×').append(n));
    if (keyChecks != null) {
      text.append(", plus ").append(keyChecks).append(" key checks");
    }
    return text.append(')').toString();
  }

  private static String clock(double seconds) {
    return DatadogOutage.clockText(Duration.ofMillis(Math.round(seconds * 1000)));
  }
}
