package dev.dqnotify.localrun;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dqnotify.localrun.faults.DatadogOutage;
import dev.dqnotify.localrun.launch.Artifacts;
import dev.dqnotify.localrun.launch.Children;
import dev.dqnotify.localrun.launch.ForwarderLauncher;
import dev.dqnotify.localrun.launch.IngestJobLauncher;
import dev.dqnotify.localrun.observe.DeliveryLedger;
import dev.dqnotify.localrun.observe.ForwarderTelemetry;
import dev.dqnotify.localrun.observe.JobProgress;
import dev.dqnotify.localrun.observe.OutboxWatcher;
import dev.dqnotify.localrun.observe.Snapshot;
import dev.dqnotify.localrun.observe.TeamsChannels;
import dev.dqnotify.localrun.report.ReportHtml;
import dev.dqnotify.localrun.report.ReportJson;
import dev.dqnotify.localrun.report.ReportText;
import dev.dqnotify.localrun.report.RunRecord;
import dev.dqnotify.localrun.report.RunReport;
import dev.dqnotify.localrun.view.LiveView;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.process.ChildProcess;
import dev.dqnotify.localstack.process.FreePorts;
import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local run, start to end; the one place where its parts are built and wired. Phases: check
 * the build output → local stack and topics → ingest job and forwarder (waiting for both to be
 * ready) → sensors, live view and the Datadog outage → drain until every DqEvent is in Datadog →
 * stop everything → report. A shutdown hook stops whatever runs when the user presses Ctrl-C.
 */
final class LocalRun {

  private static final String MARKER = ".dqnotify-local-run";
  private static final Duration JOB_START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration FORWARDER_START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration CHILD_GRACE = Duration.ofSeconds(15);
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
  private static final Duration REAL_DATADOG_PAUSE = Duration.ofSeconds(5);

  private final RunSettings settings;
  private final PrintStream out;
  private final boolean terminal;
  private final int width;
  private final Clock clock = Clock.systemUTC();
  private final Path workDir;
  private final String runId;
  private final Map<String, Path> logs = new LinkedHashMap<>();
  private final List<RunRecord.ProcessInfo> processes = Collections.synchronizedList(new ArrayList<>());
  private final Children children = new Children(CHILD_GRACE);
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "local-run-scheduler");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Snapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong sent = new AtomicLong();
  private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();
  private final Deque<long[]> sendRate = new ArrayDeque<>(); // guarded by itself: {nanos, sent}

  private final Object closing = new Object();
  private boolean closed; // guarded by closing
  private volatile boolean finished;
  private volatile boolean stopRequested;
  private volatile Thread runner;
  private volatile String childFailure;
  private volatile LocalStack stack;
  private volatile OutboxWatcher watcher;
  private volatile LiveView view;
  private volatile String phase = "starting";

  LocalRun(RunSettings settings, PrintStream out, boolean terminal, int width) {
    this.settings = settings;
    this.out = out;
    this.terminal = terminal;
    this.width = width;
    this.workDir = settings.workDir().toAbsolutePath().normalize();
    this.runId = LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
  }

  /** Runs to the end, or until Ctrl-C; returns the exit code. */
  int run() {
    Artifacts artifacts;
    Optional<String> realDatadogSite = realDatadogSite();
    long seed = settings.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong(1, 1_000_000));
    StoreFleet fleet = StoreFleet.generate(RunSettings.STORES, RunSettings.SENSORS_PER_STORE);
    try {
      // Laid out once now, so that a fault plan that cannot fit the run fails before anything starts.
      plan(fleet, seed, clock.instant());
      artifacts = Artifacts.locate(settings.repoDir());
      prepareWorkDir();
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      out.println("run-local cannot start: " + e.getMessage());
      return 2;
    }
    Logger log = LoggerFactory.getLogger(LocalRun.class);
    Thread hook = new Thread(this::interrupted, "local-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    runner = Thread.currentThread();
    try {
      int code = runPipeline(artifacts, fleet, seed, realDatadogSite, log);
      finished = true;
      return code;
    } catch (RuntimeException e) {
      log.error("The local run failed", e);
      if (stopRequested) {
        return 130; // Ctrl-C: the shutdown hook reports; this failure is only its consequence.
      }
      finished = true;
      Thread.interrupted(); // a dead child's interrupt has done its work; the stop must be able to wait
      stopEverything();
      out.println();
      out.println("run-local failed: " + (childFailure != null ? childFailure : e.getMessage()));
      out.println("Logs: " + workDir.resolve("logs"));
      return 1;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running; it waits for the stop under way.
      }
    }
  }

  private int runPipeline(Artifacts artifacts, StoreFleet fleet, long seed, Optional<String> realDatadogSite,
      Logger log) {
    boolean simulator = realDatadogSite.isEmpty();
    intro(seed, realDatadogSite);
    if (realDatadogSite.isPresent()) {
      realDatadogWarning(realDatadogSite.get());
    }

    artifacts = artifacts.copiedTo(workDir.resolve("build"));
    announce("Starting the local stack: Kafka, the schema registry, the Datadog simulator ...");
    Path stackDir = workDir.resolve("stack");
    logs.put("kafka", stackDir.resolve("kafka/kafka.log"));
    logs.put("schema-registry", stackDir.resolve("schema-registry/schema-registry.log"));
    stack = LocalStack.start(stackDir);
    addProcess("kafka", stack.kafka().pid());
    addProcess("schema-registry", stack.schemaRegistry().pid());
    stack.kafka().createTopics(3, "sensor-raw", "dq-events");
    stack.kafka().createTopics(1, "dq-events-dlq");
    announce("  Kafka " + stack.kafka().bootstrapServers() + " (topics sensor-raw, dq-events, dq-events-dlq) · "
        + "registry " + stack.schemaRegistry().confluentApiUrl() + " · Datadog simulator " + stack.datadog().baseUrl()
        + (simulator ? "" : " (not used: the forwarder posts to real Datadog)"));
    Optional<Path> routes = Optional.empty();
    if (simulator) {
      routes = Optional.of(TeamsChannels.applyRoutes(stack.datadog().baseUrl(), LocalStack.SIMULATOR_API_KEY,
          workDir.resolve("monitors")));
      announce("  Route monitors applied to the simulator from " + relative(routes.get())
          + " (one Teams channel per team); the simulator evaluates them every minute");
    }

    Path storesCsv = workDir.resolve("sensors/stores.csv");
    fleet.writeCsv(storesCsv);
    IngestJobLauncher.Setup jobSetup = new IngestJobLauncher.Setup(stack.kafka().bootstrapServers(),
        stack.schemaRegistry().confluentApiUrl(), storesCsv, workDir.resolve("ingest-job"),
        settings.thresholds().ingestJobSettings(), Duration.ofSeconds(2));
    logs.put("ingest-job", workDir.resolve("logs/ingest-job.log"));
    ChildProcess job = IngestJobLauncher.start(children, artifacts, jobSetup, Map.of(), logs.get("ingest-job"));
    addProcess("ingest-job", job.pid());

    int telemetryPort = FreePorts.next();
    ForwarderLauncher.Setup forwarderSetup = new ForwarderLauncher.Setup(stack.kafka().bootstrapServers(),
        stack.schemaRegistry().confluentApiUrl(), realDatadogSite.orElse(stack.datadog().baseUrl()),
        simulator ? Optional.of(LocalStack.SIMULATOR_API_KEY) : Optional.empty(), telemetryPort,
        settings.groupMode(), "local_run:" + runId, workDir.resolve("forwarder"));
    logs.put("forwarder", workDir.resolve("logs/forwarder.log"));
    ChildProcess forwarder =
        ForwarderLauncher.start(children, artifacts, forwarderSetup, Map.of(), logs.get("forwarder"));
    addProcess("forwarder", forwarder.pid());
    announce("Started the ingest job under spark-submit (pid " + job.pid() + ") and the forwarder (pid "
        + forwarder.pid() + "); waiting until both are ready (Spark takes 10-30 s) ...");
    ForwarderLauncher.awaitReady(forwarder, telemetryPort, FORWARDER_START_TIMEOUT);
    IngestJobLauncher.awaitQueryStarted(job, JOB_START_TIMEOUT);

    watcher = OutboxWatcher.start(stack.kafka().bootstrapServers(), stack.schemaRegistry().confluentApiUrl(),
        "dq-events", "dq-events-dlq");
    JobProgress jobProgress = new JobProgress(jobSetup.checkpoint(), "sensor-raw");
    ForwarderTelemetry telemetry = new ForwarderTelemetry(telemetryPort);

    Instant sensorsStart = clock.instant();
    SimulationPlan plan = plan(fleet, seed, sensorsStart);
    view = new LiveView(out, terminal, width, simulator ? "Datadog: simulator" : "Datadog: REAL (" 
        + realDatadogSite.get() + ")");
    DatadogOutage outage = new DatadogOutage(settings.outage(), stack.datadog(), this::announce, clock);
    if (simulator) {
      outage.schedule(scheduler, sensorsStart);
    }
    phase = "sending";
    announce("[00:00] Sensors started: " + fleet.sensors().size() + " sensors of " + fleet.stores().size()
        + " stores, " + fmt(settings.rate()) + " messages/s for " + settings.duration().toSeconds() + " s; injecting "
        + plan.faults() + "; the job judges with " + thresholdsText());
    if (simulator) {
      announce("        Datadog outage planned at " + DatadogOutage.clockText(settings.outage().start()) + ": 500s for "
          + settings.outage().serverErrors().toSeconds() + " s, then " + settings.outage().rateLimited() + " × 429");
    }
    scheduler.scheduleAtFixedRate(() -> sample(sensorsStart, jobProgress, telemetry, outage, simulator, false), 0,
        SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);

    GroundTruth truth;
    try (SensorSimulator sensors = SensorSimulator.connect(stack.kafka().bootstrapServers(), "sensor-raw",
        Map.of())) {
      truth = sensors.send(plan.messages(), SensorSimulator.Pacer.realTime(clock), (acknowledged, total, message) -> {
        sent.set(acknowledged);
        message.expected().forEach(e -> injected.computeIfAbsent(e.type().name(), t -> new LongAdder()).increment());
      });
    }
    truth.write(workDir.resolve("sensors/ground-truth.json"));
    phase = "draining";
    announce("[" + DatadogOutage.clockText(Duration.between(sensorsStart, clock.instant())) + "] Sensors done: "
        + truth.messagesSent() + " messages, " + truth.eventIds().size() + " situations injected; waiting until every "
        + "DqEvent is in Datadog (at most " + DRAIN_TIMEOUT.toSeconds() + " s) ...");
    boolean drained = drain(truth, jobProgress, telemetry, simulator);
    outage.end();
    announce("[" + DatadogOutage.clockText(Duration.between(sensorsStart, clock.instant())) + "] "
        + (drained ? "Drained: every DqEvent is where it belongs." : "Drain deadline passed; reporting what there is."));
    scheduler.shutdownNow();
    awaitQuietly(scheduler);
    sample(sensorsStart, jobProgress, telemetry, outage, simulator, true);
    phase = "stopping";
    view.close();

    ForwarderTelemetry.Counters forwarderCounters = telemetry.scrape();
    List<ReceivedEvent> accepted = simulator ? stack.datadog().acceptedEvents() : List.of();
    Map<Integer, Integer> responses = simulator ? stack.datadog().responsesByStatus() : Map.of();
    Optional<TeamsChannels.Summary> teams = routes.map(file -> TeamsChannels.read(stack.datadog().baseUrl(), file));
    OutboxWatcher.State outbox = watcher.state();
    out.println("Stopping the forwarder, the ingest job and the local stack ...");
    stopEverything();
    Instant finishedAt = clock.instant();

    RunRecord record = new RunRecord(runId, sensorsStart, finishedAt, settings.duration(), settings.rate(), seed,
        plan.faults().toString(), settings.thresholds().ingestJobSettings(),
        new RunRecord.DatadogTarget(simulator, simulator ? "http://127.0.0.1:" + stack.datadog().port()
            : realDatadogSite.get()), settings.groupMode(), truth, outbox, accepted, responses, forwarderCounters,
        outage.steps(), List.copyOf(snapshots), List.copyOf(processes), logs, drained, teams);
    RunReport report = RunReport.of(record);
    Path json = workDir.resolve("report.json");
    Path html = workDir.resolve("report.html");
    ReportJson.write(report, json);
    ReportHtml.write(report, html);
    ReportText.lines(report).forEach(out::println);
    out.println();
    out.println("Report: " + html + "   (figures: " + json.getFileName() + ")");
    out.println("Logs:   " + logs.entrySet().stream().map(e -> e.getKey() + " " + relative(e.getValue()))
        .collect(Collectors.joining(" · ")));
    log.info("Local run {} finished: passed={}", runId, report.passed());
    return report.passed() ? 0 : 1;
  }

  private SimulationPlan plan(StoreFleet fleet, long seed, Instant start) {
    return SimulationPlan.builder(fleet)
        .live(start, settings.rate(), settings.duration())
        .thresholds(settings.thresholds())
        .faults(settings.faultPlan())
        .seed(seed)
        .build();
  }

  /**
   * Waits until the job has read every raw message and written every injected situation, and the
   * forwarder has brought every DqEvent to Datadog (or dead-lettered it) — or the deadline passes.
   */
  private boolean drain(GroundTruth truth, JobProgress jobProgress, ForwarderTelemetry telemetry, boolean simulator) {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    // Real Datadog cannot be asked what arrived: the forwarder must be idle for a while (digests wait).
    Duration idleFor = settings.groupMode().equals("digest") ? Duration.ofSeconds(12) : Duration.ofSeconds(2);
    long idleSince = -1;
    while (System.nanoTime() < deadline) {
      OutboxWatcher.State outbox = watcher.state();
      boolean jobDone = jobProgress.current().map(p -> p.recordsProcessed() >= truth.messagesSent()).orElse(false)
          && outbox.events().keySet().containsAll(truth.eventIds());
      if (jobDone && simulator) {
        Set<String> known = new LinkedHashSet<>(outbox.events().keySet());
        DeliveryLedger ledger = DeliveryLedger.of(stack.datadog().acceptedEvents(), known);
        if (known.stream().allMatch(id -> ledger.delivered(id) || outbox.deadLetteredIds().contains(id))) {
          return true;
        }
      } else if (jobDone) {
        if (telemetry.scrape().idle()) {
          idleSince = idleSince < 0 ? System.nanoTime() : idleSince;
          if (System.nanoTime() - idleSince >= idleFor.toNanos()) {
            return true;
          }
        } else {
          idleSince = -1;
        }
      }
      sleep(Duration.ofMillis(500));
    }
    return false;
  }

  /** Records a snapshot; the view shows one every 2 s (and the last one, {@code always}). */
  private void sample(Instant sensorsStart, JobProgress jobProgress, ForwarderTelemetry telemetry,
      DatadogOutage outage, boolean simulator, boolean always) {
    watchProcesses();
    try {
      Snapshot snapshot = snapshot(sensorsStart, jobProgress, telemetry, outage, simulator);
      snapshots.add(snapshot);
      LiveView current = view;
      if (current != null && always) {
        current.last(snapshot);
      } else if (current != null && snapshot.elapsed().toSeconds() % 2 == 0) {
        current.update(snapshot);
      }
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(LocalRun.class).warn("Sampling failed: {}", e.toString(), e);
    }
  }

  private Snapshot snapshot(Instant sensorsStart, JobProgress jobProgress, ForwarderTelemetry telemetry,
      DatadogOutage outage, boolean simulator) {
    Duration elapsed = Duration.between(sensorsStart, clock.instant());
    long messages = sent.get();
    double rate;
    synchronized (sendRate) {
      long now = System.nanoTime();
      sendRate.addLast(new long[] {now, messages});
      while (sendRate.size() > 1 && now - sendRate.peekFirst()[0] > TimeUnit.SECONDS.toNanos(5)) {
        sendRate.removeFirst();
      }
      long[] oldest = sendRate.peekFirst();
      double seconds = (now - oldest[0]) / 1e9;
      rate = seconds > 0.5 ? (messages - oldest[1]) / seconds : 0;
    }
    Map<String, Long> injectedByType = new HashMap<>();
    injected.forEach((type, n) -> injectedByType.put(type, n.sum()));
    OutboxWatcher.State outbox = watcher.state();
    Map<String, Long> found = new HashMap<>();
    outbox.events().values().forEach(w -> found.merge(w.event().getEventType().name(), 1L, Long::sum));
    Optional<JobProgress.Position> position = jobProgress.current();
    ForwarderTelemetry.Counters counters = telemetry.scrape();
    OptionalLong delivered = OptionalLong.empty();
    long posted = counters.posted();
    Map<Integer, Integer> responses = Map.of();
    String status = "real Datadog: faults are not simulated";
    if (simulator) {
      List<ReceivedEvent> accepted = stack.datadog().acceptedEvents();
      delivered = OptionalLong.of(DeliveryLedger.of(accepted, outbox.events().keySet()).firstDelivered().size());
      posted = accepted.size();
      responses = stack.datadog().responsesByStatus();
      status = outage.status();
    }
    return new Snapshot(elapsed, settings.duration(), phase, messages, rate, injectedByType, found,
        outbox.events().size(), position.map(p -> OptionalLong.of(p.recordsProcessed())).orElse(OptionalLong.empty()),
        position.map(p -> OptionalLong.of(p.batchId())).orElse(OptionalLong.empty()), delivered, posted,
        counters.retried(), outbox.deadLetters(), status, responses);
  }

  /**
   * A process of the run that ended by itself ends the run at once, with its reason, instead of a
   * report that only shows what stopped arriving.
   */
  private void watchProcesses() {
    if (childFailure != null || stopRequested || finished
        || !(phase.equals("sending") || phase.equals("draining"))) {
      return;
    }
    String failure = null;
    for (ChildProcess child : children.all()) {
      if (!child.isAlive()) {
        try {
          child.requireAlive();
        } catch (IllegalStateException e) {
          failure = e.getMessage();
        }
        break;
      }
    }
    LocalStack s = stack;
    if (failure == null && s != null && !s.kafka().isRunning()) {
      failure = "the Kafka broker exited; its log: " + logs.get("kafka");
    }
    if (failure == null && s != null && !s.schemaRegistry().isRunning()) {
      failure = "the schema registry exited; its log: " + logs.get("schema-registry");
    }
    if (failure != null) {
      childFailure = failure;
      runner.interrupt();
    }
  }

  /** Ctrl-C (or any other end of the JVM) before the run finished: stop everything, say so. */
  private void interrupted() {
    if (finished) {
      return;
    }
    stopRequested = true;
    phase = "stopping";
    out.println();
    out.println("Stopping everything (Ctrl-C) ...");
    stopEverything();
    out.println("Stopped; nothing of the run is left running. No report for an interrupted run. Logs: "
        + workDir.resolve("logs"));
  }

  /** Stops threads, children and the local stack; the second caller waits for the first. */
  private void stopEverything() {
    synchronized (closing) {
      if (closed) {
        return;
      }
      closed = true;
      scheduler.shutdownNow();
      children.close();
      OutboxWatcher w = watcher;
      if (w != null) {
        w.close();
      }
      LocalStack s = stack;
      if (s != null) {
        s.close();
      }
    }
  }

  private void announce(String line) {
    LiveView current = view;
    if (current != null) {
      current.announce(line);
    } else {
      out.println(line);
    }
  }

  private void intro(long seed, Optional<String> realDatadogSite) {
    out.println("dqnotify local run " + runId + ": " + settings.duration().toSeconds() + " s of sensors, then a "
        + "report (about a minute more for start-up and drain). Ctrl-C stops everything at any time.");
    out.println("  work dir " + relative(workDir) + " · logs " + relative(workDir.resolve("logs")) + " · seed " + seed
        + " · Datadog: " + realDatadogSite.map(site -> "REAL (" + site + ")").orElse("local simulator"));
  }

  private void realDatadogWarning(String site) {
    String bar = "!".repeat(76);
    out.println(bar);
    out.println("!! DD_API_KEY is set: the forwarder posts to REAL DATADOG, site " + site);
    out.println("!! About " + settings.faultPlan().total() + " events will be created in your account, tagged "
        + "local_run:" + runId + ".");
    out.println("!! No Datadog outage is simulated (real Datadog cannot be told to fail).");
    out.println("!! Unset DD_API_KEY to use the local simulator" + (terminal ? "; Ctrl-C within "
        + REAL_DATADOG_PAUSE.toSeconds() + " s to stop." : "."));
    out.println(bar);
    if (terminal) {
      sleep(REAL_DATADOG_PAUSE);
    }
  }

  private static Optional<String> realDatadogSite() {
    String key = System.getenv("DD_API_KEY");
    if (key == null || key.isBlank()) {
      return Optional.empty();
    }
    String site = System.getenv("DD_SITE");
    return Optional.of(site == null || site.isBlank() ? "datadoghq.com" : site.trim());
  }

  private String thresholdsText() {
    return "lateness " + settings.thresholds().allowedLateness().toSeconds() + " s, silence "
        + settings.thresholds().silenceTimeout().toSeconds() + " s";
  }

  private void addProcess(String name, long pid) {
    processes.add(new RunRecord.ProcessInfo(name, pid));
    // For whoever watches from outside (the integration test, a curious user): every pid of the run.
    ObjectMapper json = new ObjectMapper();
    ArrayNode array = json.createArrayNode();
    synchronized (processes) {
      processes.forEach(p -> array.addObject().put("name", p.name()).put("pid", p.pid()));
    }
    try {
      Files.writeString(workDir.resolve("processes.json"), json.writerWithDefaultPrettyPrinter()
          .writeValueAsString(array));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Empties the work directory for a fresh run: a broker's old data or the job's old checkpoint
   * would change what this run finds. Only a directory an earlier run made (it has the marker) is
   * ever emptied.
   */
  private void prepareWorkDir() {
    try {
      if (Files.isDirectory(workDir)) {
        boolean empty;
        try (var entries = Files.list(workDir)) {
          empty = entries.findAny().isEmpty();
        }
        if (!empty && !Files.exists(workDir.resolve(MARKER))) {
          throw new IllegalStateException(workDir + " is not empty and was not made by run-local; choose another "
              + "--work-dir");
        }
        deleteContents(workDir);
      }
      Files.createDirectories(workDir.resolve("logs"));
      Files.writeString(workDir.resolve(MARKER), "Made by bin/run-local; emptied at the start of the next run.\n");
      logs.put("local-run", workDir.resolve("logs/local-run.log"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare " + workDir + ": " + e.getMessage(), e);
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (!d.equals(dir)) {
          Files.delete(d);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static String relative(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath();
    return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static void awaitQuietly(ScheduledExecutorService executor) {
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
