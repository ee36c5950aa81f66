package dev.dqnotify.localrun.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dqnotify.localrun.faults.DatadogOutage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * {@code report.json}: the report's figures for programs (the local run's integration test, CI).
 * Figures that cannot be known (delivery to real Datadog) are {@code null}.
 */
public final class ReportJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportJson() {}

  /** The report as a JSON tree. */
  public static ObjectNode toJson(RunReport report) {
    RunRecord run = report.run();
    ObjectNode root = JSON.createObjectNode();
    root.put("format", RunReport.FORMAT);
    root.put("run_id", run.runId());
    root.put("passed", report.passed());
    root.put("all_injected_found", report.allInjectedFound());
    root.put("sensors_started_at", run.sensorsStartedAt().toString());
    root.put("finished_at", run.finishedAt().toString());
    root.put("duration_s", run.duration().toMillis() / 1000.0);
    root.put("rate_per_s", run.rate());
    root.put("seed", run.seed());
    root.put("fault_plan", run.faultPlan());
    ObjectNode settings = root.putObject("detect_settings");
    run.detectSettings().forEach(settings::put);
    ObjectNode datadog = root.putObject("datadog");
    datadog.put("simulator", run.datadog().simulator());
    datadog.put("address", run.datadog().address());
    datadog.put("group_mode", run.groupMode());
    root.put("messages_sent", run.truth().messagesSent());
    root.put("drained", run.drained());

    ArrayNode situations = root.putArray("situations");
    for (RunReport.Situation row : report.situations()) {
      situation(situations.addObject(), row, true);
    }
    situation(root.putObject("total"), report.total(), false);

    RunReport.Delivery d = report.delivery();
    ObjectNode delivery = root.putObject("delivery");
    delivery.put("outbox_events", d.outboxEvents());
    delivery.put("outbox_extra_copies", d.outboxExtraCopies());
    put(delivery, "delivered", d.delivered());
    put(delivery, "lost", d.lost());
    strings(delivery.putArray("lost_ids"), d.lostIds());
    put(delivery, "duplicates", d.duplicates());
    delivery.put("dead_lettered", d.deadLettered());
    delivery.put("datadog_events", d.datadogEvents());
    delivery.put("retried", d.retried());
    ObjectNode responses = delivery.putObject("responses_by_status");
    d.responses().forEach((status, n) -> responses.put(Integer.toString(status), n));

    run.teams().ifPresent(t -> {
      ObjectNode teams = root.putObject("teams_notifications");
      teams.put("routes_file", t.routesFile().toString());
      teams.put("notifications", t.notifications());
      ObjectNode byChannel = teams.putObject("by_channel");
      t.byChannel().forEach(byChannel::put);
      teams.put("posted_events", t.postedEvents());
      teams.put("events_no_monitor_matched", t.unmatchedEvents());
      strings(teams.putArray("titles_no_monitor_matched"), t.unmatchedTitles());
    });

    ArrayNode titles = root.putArray("titles");
    report.titles().forEach(t -> titles.addObject().put("event_type", t.eventType()).put("title", t.title()));
    report.paginated().ifPresent(p -> {
      ObjectNode paginated = root.putObject("paginated");
      paginated.put("posted", p.posted());
      paginated.put("note", p.note());
      ArrayNode pages = paginated.putArray("pages");
      p.pages().forEach(page -> pages.addObject().put("title", page.title()).put("text", page.text()));
    });

    ArrayNode outage = root.putArray("outage");
    for (DatadogOutage.Step step : run.outage()) {
      outage.addObject().put("at_s", step.at().toMillis() / 1000.0).put("kind", step.kind())
          .put("description", step.description());
    }
    report.outageEffect().ifPresent(effect -> {
      ObjectNode node = root.putObject("outage_effect");
      node.put("from_s", effect.fromSeconds());
      node.put("to_s", effect.toSeconds());
      node.put("max_job_lag", effect.maxJobLag());
      node.put("dq_events_written", effect.dqEventsWritten());
      node.put("retries", effect.retries());
      put(node, "caught_up_after_s", effect.caughtUpAfterSeconds());
    });

    ObjectNode timeline = root.putObject("timeline");
    points(timeline.putArray("produced"), report.timeline().produced());
    points(timeline.putArray("delivered"), report.timeline().delivered());
    timeline.put("delivered_label", report.timeline().deliveredLabel());

    ArrayNode processes = root.putArray("processes");
    run.processes().forEach(p -> processes.addObject().put("name", p.name()).put("pid", p.pid()));
    ObjectNode logs = root.putObject("logs");
    run.logs().forEach((name, path) -> logs.put(name, path.toAbsolutePath().toString()));
    return root;
  }

  /** Writes {@link #toJson} to {@code file}. */
  public static void write(RunReport report, Path file) {
    try {
      Files.writeString(file, JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(toJson(report)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file, e);
    }
  }

  private static void situation(ObjectNode node, RunReport.Situation row, boolean ids) {
    node.put("event_type", row.type());
    node.put("injected", row.injected());
    node.put("found", row.found());
    node.put("missed", row.missed());
    node.put("unexpected", row.unexpected());
    put(node, "delivered", row.delivered());
    if (ids) {
      strings(node.putArray("injected_ids"), row.injectedIds());
      strings(node.putArray("written_ids"), row.writtenIds());
      strings(node.putArray("missed_ids"), row.missedIds());
      strings(node.putArray("unexpected_ids"), row.unexpectedIds());
    }
  }

  private static void points(ArrayNode array, List<RunReport.Point> points) {
    points.forEach(p -> array.addArray().add(p.seconds()).add(p.count()));
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void put(ObjectNode node, String field, OptionalInt value) {
    if (value.isPresent()) {
      node.put(field, value.getAsInt());
    } else {
      node.putNull(field);
    }
  }

  private static void put(ObjectNode node, String field, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(field, value.getAsDouble());
    } else {
      node.putNull(field);
    }
  }
}
