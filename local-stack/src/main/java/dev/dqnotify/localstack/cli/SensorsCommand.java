package dev.dqnotify.localstack.cli;

import dev.dqnotify.localstack.sensors.EventType;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulatedMessage;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import dev.dqnotify.localstack.sensors.Thresholds;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code local-stack sensors}: sends simulated sensor messages with injected faults to Kafka, and
 * writes the store metadata CSV the ingest job needs and the ground-truth manifest of what it must
 * report.
 */
@Command(
    name = "sensors",
    mixinStandardHelpOptions = true,
    description = {
      "Sends sensor messages of simulated stores to Kafka, with injected faults.",
      "Writes the store metadata CSV for the ingest job first, and at the end the",
      "ground-truth manifest: which records must raise which events. The job must",
      "run with the thresholds printed at the start.",
      "live: event time is the wall clock, paced at --rate.",
      "fast: as fast as Kafka takes it; event time ends now, each sensor sending",
      "once per --interval of event time."
    })
final class SensorsCommand implements Callable<Integer> {

  /** How a run relates event time to the wall clock. */
  enum Mode { LIVE, FAST }

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = "sensor-raw", description = "Topic to write (must exist; default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--stores", defaultValue = "5", description = "Stores in the metadata (default: ${DEFAULT-VALUE}).")
  int stores;

  @Option(names = "--sensors-per-store", defaultValue = "3", description = "Sensors per store (default: ${DEFAULT-VALUE}).")
  int sensorsPerStore;

  @Option(names = "--mode", defaultValue = "LIVE", converter = ModeConverter.class,
      description = "live or fast (default: live).")
  Mode mode;

  @Option(names = "--rate", defaultValue = "50", description = "live: regular messages per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", defaultValue = "2m", converter = DurationConverter.class,
      description = "Event time the run covers (live: also its wall-clock length), e.g. 90s, 2m, 1h (default: 2m).")
  Duration duration;

  @Option(names = "--interval", defaultValue = "60s", converter = DurationConverter.class,
      description = "fast: how often each sensor sends, in event time (default: 60s).")
  Duration interval;

  @Option(names = "--faults", defaultValue = "late=2,duplicate=2,malformed=7,insufficient=2,out-of-range=3,unknown-store=1",
      description = "Events to cause: malformed, insufficient, late, duplicate, out-of-range, unknown-store, silent "
          + "(default: ${DEFAULT-VALUE}).")
  String faults;

  @Option(names = "--stores-csv", defaultValue = "local-run/sensors/stores.csv",
      description = "Where to write the store metadata CSV (default: ${DEFAULT-VALUE}).")
  Path storesCsv;

  @Option(names = "--manifest", defaultValue = "local-run/sensors/ground-truth.json",
      description = "Where to write the ground-truth manifest (default: ${DEFAULT-VALUE}).")
  Path manifest;

  @Option(names = "--lateness", converter = DurationConverter.class, description = "Allowed lateness (default: 10m).")
  Duration lateness;

  @Option(names = "--silence-timeout", converter = DurationConverter.class, description = "Silence timeout (default: 15m).")
  Duration silenceTimeout;

  @Option(names = "--duplicate-horizon", converter = DurationConverter.class, description = "Dedup horizon (default: 1h).")
  Duration duplicateHorizon;

  @Option(names = "--min-points", description = "Fewest readings per message (default: 10).")
  Integer minPoints;

  @Option(names = "--min-points-size-class", split = ",", description = "Per size class, e.g. S=5,L=20.")
  Map<String, Integer> minPointsBySizeClass = new LinkedHashMap<>();

  @Option(names = "--range", split = ",", description = "Metric ranges, e.g. temperature_c=-10..40,open=none.")
  Map<String, String> ranges = new LinkedHashMap<>();

  @Option(names = "--seed", description = "Seed of every random choice (default: random, printed).")
  Long seed;

  @Option(names = "--producer-property", split = ",", description = "Extra producer settings, e.g. linger.ms=20.")
  Map<String, String> producerProperties = new LinkedHashMap<>();

  @Spec CommandLine.Model.CommandSpec spec;

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    long chosenSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    SimulationPlan plan = plan(chosenSeed);
    plan.fleet().writeCsv(storesCsv);
    out.printf("Store metadata (%d stores) written to %s%n", plan.fleet().stores().size(), storesCsv.toAbsolutePath());
    out.printf("Plan: %d messages, event time %s .. %s, one per sensor every %d ms, seed %d%n",
        plan.messages().size(), plan.start(), plan.end(), plan.interval().toMillis(), chosenSeed);
    out.printf("Expected events: %s%n", plan.expectedCounts());
    out.println("Run the ingest job with the same thresholds:");
    plan.thresholds().ingestJobSettings().forEach((key, value) -> out.printf("  --conf %s=%s%n", key, value));
    out.flush();
    GroundTruth truth;
    try (SensorSimulator simulator = SensorSimulator.connect(bootstrapServers, topic, Map.copyOf(producerProperties))) {
      SensorSimulator.Pacer pacer = mode == Mode.LIVE ? SensorSimulator.Pacer.realTime(Clock.systemUTC())
          : SensorSimulator.Pacer.NONE;
      truth = simulator.send(plan.messages(), pacer, new Printer(out));
    }
    truth.write(manifest);
    out.printf("Sent %d messages to %s: %s; %d curated rows expected%n", truth.messagesSent(), topic,
        truth.messagesByArrival(), truth.curatedRows());
    out.printf("Ground truth %s written to %s%n", truth.countsByType(), manifest.toAbsolutePath());
    out.flush();
    return 0;
  }

  private SimulationPlan plan(long chosenSeed) {
    try {
      StoreFleet fleet = StoreFleet.generate(stores, sensorsPerStore);
      SimulationPlan.Builder builder = SimulationPlan.builder(fleet)
          .thresholds(thresholds())
          .faults(FaultPlan.parse(faults))
          .seed(chosenSeed);
      if (mode == Mode.LIVE) {
        builder.live(Instant.now(), rate, duration);
      } else {
        builder.interval(interval).duration(duration).endingAt(Instant.now());
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private Thresholds thresholds() {
    Thresholds t = Thresholds.defaults();
    if (lateness != null) {
      t = t.withAllowedLateness(lateness);
    }
    if (silenceTimeout != null) {
      t = t.withSilenceTimeout(silenceTimeout);
    }
    if (duplicateHorizon != null) {
      t = t.withDuplicateHorizon(duplicateHorizon);
    }
    if (minPoints != null) {
      t = t.withMinPoints(minPoints);
    }
    for (Map.Entry<String, Integer> e : minPointsBySizeClass.entrySet()) {
      String sizeClass = e.getKey().trim().toUpperCase(java.util.Locale.ROOT);
      if (!List.of("S", "M", "L").contains(sizeClass)) {
        throw new IllegalArgumentException("--min-points-size-class " + e.getKey() + " is not S, M or L");
      }
      t = t.withMinPoints(sizeClass, e.getValue());
    }
    Pattern range = Pattern.compile("\\s*(-?[0-9.]+)\\s*\\.\\.\\s*(-?[0-9.]+)\\s*");
    for (Map.Entry<String, String> e : ranges.entrySet()) {
      Matcher m = range.matcher(e.getValue());
      if (e.getValue().trim().equalsIgnoreCase("none")) {
        t = t.withoutRange(e.getKey());
      } else if (m.matches()) {
        t = t.withRange(e.getKey(), Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
      } else {
        throw new IllegalArgumentException("--range " + e.getKey() + "=" + e.getValue() + " is not min..max or none");
      }
    }
    return t;
  }

  /** Prints a progress line every few seconds and at the end. */
  private static final class Printer implements SensorSimulator.Progress {
    private final PrintWriter out;
    private final Map<EventType, Integer> expected = new EnumMap<>(EventType.class);
    private long lastPrint = System.nanoTime();

    Printer(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void acknowledged(int acknowledged, int total, SimulatedMessage message) {
      message.expected().forEach(e -> expected.merge(e.type(), 1, Integer::sum));
      long now = System.nanoTime();
      if (acknowledged == total || now - lastPrint >= PROGRESS_EVERY.toNanos()) {
        lastPrint = now;
        out.printf("  %d/%d sent, event time %s, events so far %s%n", acknowledged, total, message.emittedAt(),
            expected);
        out.flush();
      }
    }
  }

  /** {@code live} or {@code fast}, any case. */
  static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      try {
        return Mode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not live or fast");
      }
    }
  }
}
