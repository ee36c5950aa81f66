package dev.dqnotify.bench.ingest;

import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.bench.Stats;
import dev.dqnotify.ingest.IngestJob;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Scenario 3: the same job over the same preloaded raw data with the detectors on and off
 * ({@code detect.enabled}, everything else identical), available-now, alternating on/off so drift
 * of the machine's load hits both alike. Records/s are rows over the summed {@code triggerExecution}
 * time of the run's micro-batches (query start-up excluded), medians over the repeats.
 *
 * <p>Measured at several batch sizes ({@code source.max-offsets-per-trigger}), each over its own
 * raw topic holding a few batches' worth, because the detectors' cost is part fixed per batch
 * (a shuffle, state commits, the outbox write) and part per record. The target is judged at
 * {@link #JUDGED_AT}, the size the scenario has always used.
 */
final class RulesCostScenario {

  static final double TARGET_COST = 0.10;
  /** The batch size the target is judged at. */
  static final int JUDGED_AT = 10_000;

  /** One batch size: records per trigger, ticks of the 100-sensor fleet to preload, repeats. */
  private record Size(int perTrigger, int ticks, int repeats) {}

  private static final List<Size> FULL = List.of(
      new Size(JUDGED_AT, 600, 4),   // 60,600 messages: 6 full batches and a remainder
      new Size(50_000, 1_500, 3),    // 151,500: 3 full batches
      new Size(100_000, 2_500, 3));  // 252,500: 2 full batches and a half
  private static final List<Size> QUICK = List.of(new Size(100, 25, 1), new Size(200, 25, 1));

  private RulesCostScenario() {}

  static ScenarioResult run(SparkSession spark, BatchLog log, LocalStack stack, Path dir, boolean quick)
      throws Exception {
    // Built first: it reads the load average before the run.
    ScenarioResult result = new ScenarioResult("rules-cost", "3. Ingest job: cost of the rules", quick);
    StoreFleet fleet = quick ? StoreFleet.generate(4, 2) : StoreFleet.generate(20, 5);
    List<Size> sizes = quick ? QUICK : FULL;
    result.columns("records per trigger", "detectors", "raw records", "median records/s (batch time)",
        "all runs records/s", "median records/s (wall, incl. query start)", "cost of the rules");
    Map<Integer, Double> costs = new LinkedHashMap<>();
    boolean warmedUp = false;
    for (Size size : sizes) {
      int messages = fleet.sensors().size() * size.ticks();
      SimulationPlan plan = SimulationPlan.builder(fleet).endingAt(Instant.now()).interval(Duration.ofSeconds(5))
          .ticks(size.ticks()).thresholds(Plans.RULES).faults(Plans.faults(messages)).seed(3).build();
      RawInput input = new RawInput(stack, dir.resolve("per-trigger-" + size.perTrigger()), "rules-cost", plan);
      GroundTruth truth;
      try (SensorSimulator sensors = SensorSimulator.connect(stack.kafka().bootstrapServers(), input.rawTopic(),
          Map.of())) {
        truth = sensors.send(plan.messages());
      }
      long records = truth.messagesSent();

      Map<Boolean, List<Double>> rates = new HashMap<>();
      Map<Boolean, List<Double>> walls = new HashMap<>();
      if (!warmedUp) {
        run(spark, log, input, true, size.perTrigger(), records); // warm-up: JIT, class loading, Kafka connections
        warmedUp = true;
      }
      for (int r = 0; r < size.repeats(); r++) {
        // Alternate which goes first, so a trend in the machine's load does not favour one side.
        for (boolean enabled : r % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
          double[] measured = run(spark, log, input, enabled, size.perTrigger(), records);
          rates.computeIfAbsent(enabled, k -> new ArrayList<>()).add(measured[0]);
          walls.computeIfAbsent(enabled, k -> new ArrayList<>()).add(measured[1]);
        }
      }
      double cost = 1 - Stats.median(rates.get(true)) / Stats.median(rates.get(false));
      costs.put(size.perTrigger(), cost);
      for (boolean enabled : List.of(true, false)) {
        result.row(size.perTrigger(), enabled ? "on" : "off", records, Math.round(Stats.median(rates.get(enabled))),
            rates.get(enabled).stream().map(Math::round).toList(), Math.round(Stats.median(walls.get(enabled))),
            enabled ? Stats.round(cost * 100, 1) + " %" : "-");
      }
      result.parameter("repeats at " + size.perTrigger(), size.repeats());
    }
    result.parameter("situations", "about 1.5 % of messages").parameter("sparkMaster", "local[2]")
        .parameter("spark.sql.shuffle.partitions", spark.conf().get("spark.sql.shuffle.partitions"))
        .parameter("rawTopicPartitions", RawInput.PARTITIONS);
    int judged = quick ? sizes.get(0).perTrigger() : JUDGED_AT;
    costs.forEach((perTrigger, cost) -> result.summary("cost of the rules at " + perTrigger + " records per trigger",
        Stats.round(cost * 100, 1) + " %"));
    return result
        .target("rules cost ≤ 10 % (judged at " + judged + " records per trigger)",
            quick ? null : costs.get(judged) <= TARGET_COST)
        .note("On: the rules' pass over each batch (per-record detectors on the executors, arrival classification "
            + "against the message-id state in Spark's state store), silence detection and the DqEvent writes to the outbox; off: the "
            + "same query and the curated table only.")
        .note("Each batch size reads its own raw topic of a few batches' worth (same fleet, same fault mix); one "
            + "warm-up run (detectors on) precedes the first size.");
  }

  /** One available-now run; {records/s over batch time, records/s over wall time}. */
  private static double[] run(SparkSession spark, BatchLog log, RawInput input, boolean enabled, int perTrigger,
      long records) throws Exception {
    return log.measure(records, () -> IngestJob.start(spark, input.config(Map.of("trigger.mode", "AVAILABLE_NOW",
        "detect.enabled", String.valueOf(enabled), "source.max-offsets-per-trigger", String.valueOf(perTrigger)))));
  }
}
