package dev.dqnotify.localrun.report;

import static dev.dqnotify.localrun.report.Html.escape;

import dev.dqnotify.localrun.faults.DatadogOutage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * {@code report.html}: the report as one self-contained page (inline CSS and SVG, no script, nothing
 * fetched), to open in a browser after the run.
 */
public final class ReportHtml {

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:60rem;color:#111827;
      padding:0 1rem;line-height:1.45}
      h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e5e7eb}
      .muted{color:#6b7280}.ok{color:#15803d}.bad{color:#b91c1c}
      .badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:600;font-size:.9rem}
      .badge.ok{background:#dcfce7}.badge.bad{background:#fee2e2}
      .cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
      .card{border:1px solid #e5e7eb;border-radius:.5rem;padding:.6rem .9rem;min-width:7.5rem}
      .card b{display:block;font-size:1.5rem}
      table{border-collapse:collapse;width:100%;font-size:.92rem}
      th,td{padding:.3rem .5rem;border-bottom:1px solid #f3f4f6;text-align:right}
      th:first-child,td:first-child{text-align:left}
      tr.total td{font-weight:600;border-top:2px solid #d1d5db}
      pre{background:#f9fafb;border:1px solid #e5e7eb;border-radius:.4rem;padding:.7rem;white-space:pre-wrap;
      word-break:break-word;font-size:.8rem;max-height:28rem;overflow:auto}
      ul.titles li{font-family:ui-monospace,monospace;font-size:.88rem}
      code{font-size:.85rem}
      """;

  private ReportHtml() {}

  /** The page. */
  public static String render(RunReport report) {
    RunRecord run = report.run();
    RunReport.Delivery d = report.delivery();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>dqnotify local run ").append(escape(run.runId())).append("</title><style>").append(STYLE)
        .append("</style></head><body>\n");
    html.append("<h1>dqnotify local run</h1>\n<p class=\"muted\">run ").append(escape(run.runId())).append(" · ")
        .append(run.duration().toSeconds()).append(" s of sensors at ").append(String.format(Locale.ROOT, "%.0f", run.rate()))
        .append(" messages/s · seed ").append(run.seed()).append(" · finished ")
        .append(escape(run.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()))
        .append(" · forwarder posted to ").append(escape(run.datadog().describe())).append("</p>\n");
    html.append("<p><span class=\"badge ").append(report.passed() ? "ok\">OK" : "bad\">PROBLEMS").append("</span> ")
        .append(report.passed() ? "Every injected situation was found by its exact event id"
            + (d.lost().isPresent() ? " and reached Datadog; nothing was lost." : ".")
            : "See the figures below.").append("</p>\n");

    html.append("<div class=\"cards\">");
    card(html, Integer.toString(report.total().injected()), "situations injected");
    card(html, report.total().found() + "", "found by the job");
    card(html, value(d.delivered()), "DqEvents in Datadog");
    card(html, Long.toString(d.datadogEvents()), "Datadog events posted");
    card(html, value(d.lost()), "lost");
    card(html, value(d.duplicates()), "duplicates");
    card(html, Long.toString(d.retried()), "posts retried");
    card(html, Long.toString(d.deadLettered()), "dead-lettered");
    html.append("</div>\n");

    html.append("<h2>Injected situations and the DqEvents found</h2>\n<table><tr><th>event type</th><th>injected</th>"
        + "<th>found (exact id)</th><th>missed</th><th>unexpected</th><th>in Datadog</th></tr>\n");
    for (RunReport.Situation row : report.situations()) {
      situationRow(html, row, "");
    }
    situationRow(html, report.total(), " class=\"total\"");
    html.append("</table>\n<p class=\"muted\">The sensor simulator injects each situation on purpose and knows the "
        + "event id the job must derive for it; a situation is found only when that exact id is in the outbox.</p>\n");

    html.append("<h2>Timeline: produced vs delivered</h2>\n").append(TimelineChart.svg(report.timeline()));
    if (!run.outage().isEmpty()) {
      html.append("<p>The Datadog outage, as it was played on the simulator:</p>\n<ul>");
      for (DatadogOutage.Step step : run.outage()) {
        html.append("<li><code>").append(DatadogOutage.clockText(step.at())).append("</code> ")
            .append(escape(step.description())).append("</li>");
      }
      html.append("</ul>\n");
    }
    report.outageEffect().ifPresent(e -> html.append("<p>While Datadog was failing, the ingest job stayed within <b>")
        .append(e.maxJobLag()).append("</b> raw records of the sensors and wrote <b>").append(e.dqEventsWritten())
        .append("</b> DqEvents to the outbox; the forwarder retried <b>").append(e.retries()).append("</b> posts")
        .append(e.caughtUpAfterSeconds().isPresent() ? String.format(Locale.ROOT,
            " and had every DqEvent in Datadog <b>%.0f s</b> after it recovered", e.caughtUpAfterSeconds().getAsDouble())
            : "").append(".</p>\n"));

    html.append("<h2>Delivery</h2>\n<table>");
    delivery(html, "DqEvents written to the outbox (distinct ids)", Integer.toString(d.outboxEvents()));
    delivery(html, "outbox records repeating an id (dropped by the forwarder)", Long.toString(d.outboxExtraCopies()));
    delivery(html, "DqEvents that reached Datadog", value(d.delivered()));
    delivery(html, "lost (injected or written, never in Datadog nor dead-lettered)", value(d.lost()));
    delivery(html, "duplicates in Datadog", value(d.duplicates()));
    delivery(html, "dead-lettered", Long.toString(d.deadLettered()));
    delivery(html, "Datadog events posted", Long.toString(d.datadogEvents()));
    delivery(html, "posts retried by the forwarder", Long.toString(d.retried()));
    if (!d.responses().isEmpty()) {
      StringBuilder responses = new StringBuilder();
      new TreeMap<>(d.responses()).forEach((status, n) -> responses.append(responses.length() == 0 ? "" : " · ")
          .append(status).append(status == 200 ? " (API key checks)" : "").append(" × ").append(n));
      delivery(html, "simulator responses by status", responses.toString());
    }
    html.append("</table>\n");
    if (!d.lostIds().isEmpty()) {
      html.append("<p class=\"bad\">Lost ids: <code>").append(escape(String.join(", ", d.lostIds())))
          .append("</code></p>\n");
    }

    run.teams().ifPresent(teams -> {
      html.append("<h2>Teams notifications</h2>\n<p class=\"muted\">Sent by the route monitors of <code>")
          .append(escape(teams.routesFile().getFileName().toString()))
          .append("</code> as the Datadog simulator evaluated them, per channel.</p>\n<table>")
          .append("<tr><th>channel</th><th>notifications</th></tr>");
      teams.byChannel().forEach((handle, n) -> html.append("<tr><td><code>").append(escape(handle))
          .append("</code></td><td>").append(n).append("</td></tr>"));
      html.append("</table>\n");
      if (teams.unmatchedEvents() > 0) {
        html.append("<p class=\"bad\">").append(teams.unmatchedEvents()).append(" of ").append(teams.postedEvents())
            .append(" posted event(s) triggered no monitor: no route's search matched them, e.g. <code>")
            .append(escape(String.join(" · ", teams.unmatchedTitles()))).append("</code></p>\n");
      } else {
        html.append("<p>Every posted event matched a route monitor.</p>\n");
      }
    });

    html.append("<h2>Titles in Datadog</h2>\n<ul class=\"titles\">");
    report.titles().forEach(t -> html.append("<li>").append(escape(t.title())).append("</li>"));
    html.append("</ul>\n");
    report.paginated().ifPresent(p -> {
      html.append("<h2>A paginated text</h2>\n<p>").append(escape(p.note())).append("</p>\n");
      for (RunReport.Page page : p.pages()) {
        html.append("<h3>").append(escape(page.title())).append(" <span class=\"muted\">(")
            .append(page.text().length()).append(" characters)</span></h3>\n<pre>").append(escape(page.text()))
            .append("</pre>\n");
      }
    });

    html.append("<h2>Run</h2>\n<table>");
    delivery(html, "fault plan", run.faultPlan());
    delivery(html, "raw messages sent", Long.toString(run.truth().messagesSent()));
    delivery(html, "forwarder group mode", run.groupMode());
    run.detectSettings().forEach((key, value) -> delivery(html, key, value));
    run.processes().forEach(p -> delivery(html, "process " + p.name(), "pid " + p.pid()));
    run.logs().forEach((name, path) -> delivery(html, "log: " + name, path.toAbsolutePath().toString()));
    html.append("</table>\n</body></html>\n");
    return html.toString();
  }

  /** Writes {@link #render} to {@code file}. */
  public static void write(RunReport report, Path file) {
    try {
      Files.writeString(file, render(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file, e);
    }
  }

  private static void card(StringBuilder html, String value, String label) {
    html.append("<div class=\"card\"><b>").append(escape(value)).append("</b>").append(escape(label)).append("</div>");
  }

  private static void situationRow(StringBuilder html, RunReport.Situation row, String attributes) {
    String missedClass = row.missed() > 0 ? " class=\"bad\"" : "";
    html.append("<tr").append(attributes).append("><td>").append(escape(row.type())).append("</td><td>")
        .append(row.injected()).append("</td><td>").append(row.found()).append("</td><td").append(missedClass)
        .append('>').append(row.missed()).append("</td><td").append(row.unexpected() > 0 ? " class=\"bad\"" : "")
        .append('>').append(row.unexpected()).append("</td><td>").append(value(row.delivered())).append("</td></tr>\n");
  }

  private static void delivery(StringBuilder html, String label, String value) {
    html.append("<tr><td>").append(escape(label)).append("</td><td>").append(escape(value)).append("</td></tr>\n");
  }

  private static String value(OptionalInt value) {
    return value.isPresent() ? Integer.toString(value.getAsInt()) : "n/a";
  }
}
