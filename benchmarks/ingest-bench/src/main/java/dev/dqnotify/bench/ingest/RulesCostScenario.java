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
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Scenario 3: the same job over the same preloaded raw data with the detectors on and off
 * ({@code detect.enabled}, everything else identical), available-now, alternating on/off so drift
 * of the machine's load hits both alike. Records/s are rows over the summed {@code triggerExecution}
 * time of the run's micro-batches (query start-up excluded), medians over the repeats.
 */
final class RulesCostScenario {

  static final double TARGET_COST = 0.10;

  private RulesCostScenario() {}

  static ScenarioResult run(SparkSession spark, BatchLog log, LocalStack stack, Path dir, boolean quick)
      throws Exception {
    // Built first: it reads the load average before the run.
    ScenarioResult result = new ScenarioResult("rules-cost", "3. Ingest job: cost of the rules", quick);
    int repeats = quick ? 1 : 4;
    int ticks = quick ? 25 : 600;
    StoreFleet fleet = quick ? StoreFleet.generate(4, 2) : StoreFleet.generate(20, 5);
    int messages = fleet.sensors().size() * ticks;
    SimulationPlan plan = SimulationPlan.builder(fleet).endingAt(Instant.now()).interval(Duration.ofSeconds(5))
        .ticks(ticks).thresholds(Plans.RULES).faults(Plans.faults(messages)).seed(3).build();
    RawInput input = new RawInput(stack, dir, "rules-cost", plan);
    GroundTruth truth;
    try (SensorSimulator sensors = SensorSimulator.connect(stack.kafka().bootstrapServers(), input.rawTopic(),
        Map.of())) {
      truth = sensors.send(plan.messages());
    }
    long records = truth.messagesSent();
    int perTrigger = quick ? 100 : 10_000;

    Map<Boolean, List<Double>> rates = new HashMap<>();
    Map<Boolean, List<Double>> walls = new HashMap<>();
    run(spark, log, input, true, perTrigger, records); // warm-up: JIT, class loading, Kafka connections
    for (int r = 0; r < repeats; r++) {
      // Alternate which goes first, so a trend in the machine's load does not favour one side.
      for (boolean enabled : r % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
        double[] measured = run(spark, log, input, enabled, perTrigger, records);
        rates.computeIfAbsent(enabled, k -> new ArrayList<>()).add(measured[0]);
        walls.computeIfAbsent(enabled, k -> new ArrayList<>()).add(measured[1]);
      }
    }
    double on = Stats.median(rates.get(true));
    double off = Stats.median(rates.get(false));
    double cost = 1 - on / off;
    result.parameter("rawRecords", records).parameter("situations", truth.events().size())
        .parameter("maxOffsetsPerTrigger", perTrigger).parameter("repeats", repeats)
        .parameter("sparkMaster", "local[2]")
        .columns("detectors", "median records/s (batch time)", "all runs records/s", "median records/s (wall, incl. "
            + "query start)");
    for (boolean enabled : List.of(true, false)) {
      result.row(enabled ? "on" : "off", Math.round(Stats.median(rates.get(enabled))),
          rates.get(enabled).stream().map(Math::round).toList(), Math.round(Stats.median(walls.get(enabled))));
    }
    return result.summary("on/off throughput ratio", Stats.round(on / off, 3))
        .summary("cost of the rules", Stats.round(cost * 100, 1) + " %")
        .target("rules cost ≤ 10 %", quick ? null : cost <= TARGET_COST)
        .note("On: per-partition arrival state (flatMapGroupsWithState), the situation detectors, silence detection and "
            + "the DqEvent writes to the outbox; off: a stateless map and the curated Parquet only.");
  }

  /** One available-now run; {records/s over batch time, records/s over wall time}. */
  private static double[] run(SparkSession spark, BatchLog log, RawInput input, boolean enabled, int perTrigger,
      long records) throws Exception {
    long start = System.nanoTime();
    StreamingQuery query = IngestJob.start(spark, input.config(Map.of("trigger.mode", "AVAILABLE_NOW",
        "detect.enabled", String.valueOf(enabled), "source.max-offsets-per-trigger", String.valueOf(perTrigger))));
    query.awaitTermination();
    double wall = (System.nanoTime() - start) / 1e9;
    // Progress events reach listeners asynchronously: wait until the run's rows are all reported.
    long deadline = System.currentTimeMillis() + 10_000;
    List<BatchLog.Batch> batches = log.of(query.runId());
    while (batches.stream().mapToLong(BatchLog.Batch::rows).sum() < records && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      batches = log.of(query.runId());
    }
    long rows = batches.stream().mapToLong(BatchLog.Batch::rows).sum();
    long busyMs = batches.stream().mapToLong(BatchLog.Batch::durationMs).sum();
    return new double[] {rows * 1000.0 / busyMs, rows / wall};
  }
}
