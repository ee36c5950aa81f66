package dev.dqnotify.localrun.report;

import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.forwarder.render.DatadogEventRenderer;
import dev.dqnotify.forwarder.render.OverflowPolicy;
import dev.dqnotify.forwarder.render.RenderSettings;
import dev.dqnotify.localrun.faults.DatadogOutage;
import dev.dqnotify.localrun.observe.DeliveryLedger;
import dev.dqnotify.localrun.observe.OutboxWatcher;
import dev.dqnotify.localrun.observe.Snapshot;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.sensors.EventType;
import dev.dqnotify.localstack.sensors.ExpectedEvent;
import dev.dqnotify.schemas.DqEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The figures of a finished local run: injected situations against the DqEvents the job found (per
 * type, by exact event id), what reached Datadog, what was lost or duplicated, a few rendered titles
 * and one paginated text, the timeline of events produced and delivered, and what the outage did.
 *
 * @param run what the run observed
 * @param situations one row per event type, in the contract's order
 * @param total the rows summed
 * @param delivery the delivery figures
 * @param titles a few titles as Datadog shows them, one per event type where possible
 * @param paginated one notification whose text Datadog got in several parts
 * @param timeline events produced and delivered over time
 * @param outageEffect what happened during the outage, when there was one
 */
public record RunReport(
    RunRecord run,
    List<Situation> situations,
    Situation total,
    Delivery delivery,
    List<Title> titles,
    Optional<Paginated> paginated,
    Timeline timeline,
    Optional<OutageEffect> outageEffect) {

  /** The {@code format} of {@code report.json}. */
  public static final String FORMAT = "dqnotify-local-run-report/1";

  private static final int TITLES = 7;

  /**
   * One event type.
   *
   * @param type the event type
   * @param injected situations the sensors injected
   * @param found injected situations whose exact event id the job wrote
   * @param missed injected situations the job did not write
   * @param unexpected DqEvents of this type the job wrote that were not injected
   * @param delivered this type's DqEvents that reached Datadog (empty when that cannot be seen)
   * @param injectedIds the injected event ids
   * @param writtenIds the event ids of this type the job wrote
   * @param missedIds the missed event ids
   * @param unexpectedIds the unexpected event ids
   */
  public record Situation(String type, int injected, int found, int missed, int unexpected, OptionalInt delivered,
      List<String> injectedIds, List<String> writtenIds, List<String> missedIds, List<String> unexpectedIds) {}

  /**
   * Outbox to Datadog.
   *
   * @param outboxEvents distinct DqEvents in the outbox
   * @param outboxExtraCopies outbox records repeating an event id (the forwarder drops them)
   * @param delivered DqEvents (injected or written) that reached Datadog; empty for real Datadog
   * @param lost DqEvents injected or written that never reached Datadog nor the dead-letter topic; empty for real Datadog
   * @param lostIds their ids
   * @param duplicates Datadog events that repeat a page or a DqEvent; empty for real Datadog
   * @param deadLettered records on the dead-letter topic
   * @param datadogEvents Datadog events accepted (pages included): the simulator's count, else the forwarder's
   * @param retried Datadog posts the forwarder scheduled again
   * @param responses the simulator's responses by status (empty for real Datadog)
   */
  public record Delivery(int outboxEvents, long outboxExtraCopies, OptionalInt delivered, OptionalInt lost,
      List<String> lostIds, OptionalInt duplicates, long deadLettered, long datadogEvents, long retried,
      Map<Integer, Integer> responses) {}

  /**
   * A title as Datadog shows it.
   *
   * @param eventType the event type of the notification (the first, for a digest)
   * @param title the title
   */
  public record Title(String eventType, String title) {}

  /**
   * One notification in several parts.
   *
   * @param posted true when Datadog received it; false for a digest of this run's events rendered
   *     by the forwarder's renderer, as {@code group.mode = digest} would post it
   * @param note what the user is looking at
   * @param pages its parts, in order
   */
  public record Paginated(boolean posted, String note, List<Page> pages) {}

  /**
   * One part of a paginated notification.
   *
   * @param title its title, ending in {@code (k/n)}
   * @param text its markdown text (at most 4000 characters)
   */
  public record Page(String title, String text) {}

  /**
   * Cumulative counts over time, in seconds since the sensors started.
   *
   * @param produced distinct DqEvents written to the outbox
   * @param delivered DqEvents in Datadog (simulator), or Datadog events posted (real Datadog)
   * @param deliveredLabel what {@code delivered} counts
   * @param outage the outage's phases
   * @param sensorsStopSeconds when the sensors stopped sending
   * @param endSeconds the end of the run
   */
  public record Timeline(List<Point> produced, List<Point> delivered, String deliveredLabel, List<Band> outage,
      double sensorsStopSeconds, double endSeconds) {}

  /**
   * A count reached at a time.
   *
   * @param seconds since the sensors started
   * @param count the cumulative count
   */
  public record Point(double seconds, int count) {}

  /**
   * A phase of the outage.
   *
   * @param from start, in seconds since the sensors started
   * @param to end
   * @param kind {@code 500} or {@code 429}
   */
  public record Band(double from, double to, String kind) {}

  /**
   * What the outage did.
   *
   * @param fromSeconds when Datadog went down
   * @param toSeconds when it was healthy again
   * @param maxJobLag the most raw records the job was behind while Datadog was down
   * @param dqEventsWritten DqEvents the job wrote while Datadog was down
   * @param retries Datadog posts the forwarder retried while Datadog was down
   * @param caughtUpAfterSeconds how long after recovery every DqEvent was in Datadog, if that happened
   */
  public record OutageEffect(double fromSeconds, double toSeconds, long maxJobLag, long dqEventsWritten,
      long retries, OptionalDouble caughtUpAfterSeconds) {}

  /** Copies the lists. */
  public RunReport {
    situations = List.copyOf(situations);
    titles = List.copyOf(titles);
  }

  /** Every injected situation was found with its exact id. */
  public boolean allInjectedFound() {
    return total.missed() == 0;
  }

  /**
   * The run shows the system working: every injected situation found and nothing else, and (with
   * the simulator) nothing lost.
   */
  public boolean passed() {
    return allInjectedFound() && total.unexpected() == 0 && delivery.lost().orElse(0) == 0;
  }

  /** Computes the figures of {@code run}. */
  public static RunReport of(RunRecord run) {
    Map<String, OutboxWatcher.Written> outbox = run.outbox().events();
    Set<String> known = new LinkedHashSet<>(run.truth().eventIds());
    known.addAll(outbox.keySet());
    Optional<DeliveryLedger> ledger = run.datadog().simulator()
        ? Optional.of(DeliveryLedger.of(run.accepted(), known)) : Optional.empty();

    List<Situation> rows = new ArrayList<>();
    for (EventType type : EventType.values()) {
      rows.add(situation(type, run, outbox, ledger));
    }
    Situation total = new Situation("all", rows.stream().mapToInt(Situation::injected).sum(),
        rows.stream().mapToInt(Situation::found).sum(), rows.stream().mapToInt(Situation::missed).sum(),
        rows.stream().mapToInt(Situation::unexpected).sum(),
        ledger.isPresent() ? OptionalInt.of(rows.stream().mapToInt(r -> r.delivered().orElse(0)).sum())
            : OptionalInt.empty(),
        List.of(), List.of(), List.of(), List.of());
    return new RunReport(run, rows, total, delivery(run, known, ledger), titles(run, ledger),
        paginated(run, ledger), timeline(run, ledger), outageEffect(run));
  }

  private static Situation situation(EventType type, RunRecord run, Map<String, OutboxWatcher.Written> outbox,
      Optional<DeliveryLedger> ledger) {
    Set<String> injected = new TreeSet<>();
    for (ExpectedEvent expected : run.truth().events(type)) {
      injected.add(expected.eventId());
    }
    Set<String> written = new TreeSet<>();
    outbox.forEach((id, w) -> {
      if (w.event().getEventType().name().equals(type.name())) {
        written.add(id);
      }
    });
    List<String> missed = injected.stream().filter(id -> !written.contains(id)).toList();
    List<String> unexpected = written.stream().filter(id -> !injected.contains(id)).toList();
    OptionalInt delivered = ledger.map(l -> OptionalInt.of((int) written.stream().filter(l::delivered).count()))
        .orElse(OptionalInt.empty());
    return new Situation(type.name(), injected.size(), injected.size() - missed.size(), missed.size(),
        unexpected.size(), delivered, List.copyOf(injected), List.copyOf(written), missed, unexpected);
  }

  private static Delivery delivery(RunRecord run, Set<String> known, Optional<DeliveryLedger> ledger) {
    OptionalInt delivered = OptionalInt.empty();
    OptionalInt lost = OptionalInt.empty();
    OptionalInt duplicates = OptionalInt.empty();
    List<String> lostIds = List.of();
    if (ledger.isPresent()) {
      delivered = OptionalInt.of((int) known.stream().filter(ledger.get()::delivered).count());
      lostIds = known.stream()
          .filter(id -> !ledger.get().delivered(id) && !run.outbox().deadLetteredIds().contains(id))
          .sorted().toList();
      lost = OptionalInt.of(lostIds.size());
      duplicates = OptionalInt.of(ledger.get().duplicates());
    }
    long datadogEvents = run.datadog().simulator() ? run.accepted().size() : run.forwarder().posted();
    return new Delivery(run.outbox().events().size(), run.outbox().extraCopies(), delivered, lost, lostIds,
        duplicates, run.outbox().deadLetters(), datadogEvents, run.forwarder().retried(), run.responsesByStatus());
  }

  /** One title per event type, from what Datadog received, or rendered here when that cannot be seen. */
  private static List<Title> titles(RunRecord run, Optional<DeliveryLedger> ledger) {
    Map<String, Title> byType = new LinkedHashMap<>();
    if (ledger.isPresent()) {
      for (DeliveryLedger.Notification notification : ledger.get().notifications()) {
        ReceivedEvent first = notification.pages().get(0);
        String type = first.tags().stream().filter(t -> t.startsWith("event_type:"))
            .map(t -> t.substring("event_type:".length()).toUpperCase(java.util.Locale.ROOT)).findFirst().orElse("");
        byType.putIfAbsent(type, new Title(type, first.title()));
      }
    } else {
      DatadogEventRenderer renderer = renderer();
      for (OutboxWatcher.Written written : run.outbox().events().values()) {
        DqEvent event = written.event();
        byType.computeIfAbsent(event.getEventType().name(), type -> new Title(type,
            renderer.render(new Notification(event.getEventId(), Map.of(), List.of(event), false)).get(0).title()));
      }
    }
    return byType.values().stream().limit(TITLES).toList();
  }

  /**
   * The first notification Datadog received in several parts; when there is none (per-event texts
   * stay well under 4000 characters), this run's DqEvents as one digest, rendered by the
   * forwarder's own renderer and paginated as it would be posted.
   */
  private static Optional<Paginated> paginated(RunRecord run, Optional<DeliveryLedger> ledger) {
    Optional<DeliveryLedger.Notification> posted = ledger.flatMap(DeliveryLedger::firstPaginated);
    if (posted.isPresent()) {
      List<Page> pages = posted.get().pages().stream().map(e -> new Page(e.title(), e.text())).toList();
      return Optional.of(new Paginated(true, "Posted to Datadog in " + pages.size() + " parts ("
          + posted.get().tag() + ")", pages));
    }
    List<DqEvent> events = run.outbox().events().values().stream().map(OutboxWatcher.Written::event).toList();
    if (events.size() < 2) {
      return Optional.empty();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("env", events.get(0).getEnv());
    labels.put("job", events.get(0).getJob());
    String id = UUID.nameUUIDFromBytes(("dqnotify-local-run-digest|" + run.runId()).getBytes(StandardCharsets.UTF_8))
        .toString();
    List<DatadogEvent> rendered = renderer().render(new Notification(id, labels, events, false));
    List<Page> pages = rendered.stream().map(e -> new Page(e.title(), e.text())).toList();
    String why = run.groupMode().equals("per-event")
        ? "in per-event mode each DqEvent is its own notification, far below Datadog's 4000 characters"
        : "no digest of this run was long enough to need a second page";
    return Optional.of(new Paginated(false, "Not posted: " + why + ". This is the run's " + events.size()
        + " DqEvents as one digest, rendered by the forwarder's renderer as group.mode = digest with "
        + "render.overflow = paginate would post it: " + pages.size() + " part(s) of at most 4000 characters.",
        pages));
  }

  private static DatadogEventRenderer renderer() {
    return new DatadogEventRenderer(new RenderSettings(OverflowPolicy.PAGINATE, List.of()));
  }

  private static Timeline timeline(RunRecord run, Optional<DeliveryLedger> ledger) {
    Instant origin = run.sensorsStartedAt();
    List<Point> produced = cumulative(run.outbox().events().values().stream().map(OutboxWatcher.Written::writtenAt)
        .map(t -> seconds(origin, t)).toList());
    List<Point> delivered;
    String label;
    if (ledger.isPresent()) {
      delivered = cumulative(ledger.get().firstDelivered().values().stream().map(t -> seconds(origin, t)).toList());
      label = "delivered to Datadog";
    } else {
      delivered = new ArrayList<>();
      long last = -1;
      for (Snapshot s : run.snapshots()) {
        if (s.posted() != last) {
          delivered.add(new Point(s.elapsed().toMillis() / 1000.0, (int) s.posted()));
          last = s.posted();
        }
      }
      label = "Datadog events posted (forwarder's count)";
    }
    List<Band> bands = new ArrayList<>();
    List<DatadogOutage.Step> steps = run.outage();
    for (int i = 0; i < steps.size(); i++) {
      DatadogOutage.Step step = steps.get(i);
      if (!step.kind().equals("healthy")) {
        double to = i + 1 < steps.size() ? seconds(steps.get(i + 1).at()) : seconds(origin, run.finishedAt());
        bands.add(new Band(seconds(step.at()), to, step.kind()));
      }
    }
    double end = Math.max(seconds(origin, run.finishedAt()),
        Math.max(last(produced), last(delivered)));
    return new Timeline(produced, delivered, label, bands, seconds(run.duration()), end);
  }

  private static Optional<OutageEffect> outageEffect(RunRecord run) {
    Optional<DatadogOutage.Step> down = run.outage().stream().filter(s -> s.kind().equals("500")).findFirst();
    Optional<DatadogOutage.Step> healthy = run.outage().stream().filter(s -> s.kind().equals("healthy")).findFirst();
    if (down.isEmpty() || healthy.isEmpty()) {
      return Optional.empty();
    }
    Duration from = down.get().at();
    Duration to = healthy.get().at();
    List<Snapshot> during = run.snapshots().stream()
        .filter(s -> s.elapsed().compareTo(from) >= 0 && s.elapsed().compareTo(to) <= 0).toList();
    long maxLag = during.stream().mapToLong(s -> s.jobLag().orElse(0)).max().orElse(0);
    long written = run.outbox().events().values().stream()
        .map(w -> Duration.between(run.sensorsStartedAt(), w.writtenAt()))
        .filter(at -> at.compareTo(from) >= 0 && at.compareTo(to) <= 0).count();
    long retries = during.isEmpty() ? 0 : during.get(during.size() - 1).retried() - during.get(0).retried();
    OptionalDouble caughtUp = run.snapshots().stream()
        .filter(s -> s.elapsed().compareTo(to) >= 0 && s.backlog().isPresent() && s.backlog().getAsLong() == 0)
        .findFirst().map(s -> OptionalDouble.of(seconds(s.elapsed().minus(to)))).orElse(OptionalDouble.empty());
    return Optional.of(new OutageEffect(seconds(from), seconds(to), maxLag, written, retries, caughtUp));
  }

  private static List<Point> cumulative(List<Double> times) {
    List<Double> sorted = times.stream().sorted(Comparator.naturalOrder()).toList();
    List<Point> points = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      points.add(new Point(sorted.get(i), i + 1));
    }
    return points;
  }

  private static double last(List<Point> points) {
    return points.isEmpty() ? 0 : points.get(points.size() - 1).seconds();
  }

  private static double seconds(Instant origin, Instant time) {
    return Duration.between(origin, time).toMillis() / 1000.0;
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
