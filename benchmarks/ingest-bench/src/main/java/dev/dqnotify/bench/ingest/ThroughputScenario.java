package dev.dqnotify.bench.ingest;

import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.bench.Stats;
import dev.dqnotify.ingest.IngestJob;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Scenario 10: records/s of the ingest job with the rules on, with them off, and of the bare Spark
 * pipeline ({@link BarePipeline}) over the same preloaded input at one batch size (100,000 records
 * per trigger), for two inputs: every message valid and unique, and about 2 % with a situation. The
 * three pipelines run in one Spark session in rotating order, so load drift hits them alike; records/s
 * = rows ÷ summed {@code triggerExecution} time, median over the repeats.
 */
final class ThroughputScenario {

  private static final int PER_TRIGGER = 100_000;
  /** Messages per input (a few batches), settable because a loaded machine may need fewer. */
  static final String SIZE_PROPERTY = "dqnotify.bench.throughput-messages";
  private static final int FULL = 300_000;
  private static final int REPEATS = 2;

  private record Input(String label, IntFunction<FaultPlan> faults) {}

  private static final List<Input> INPUTS = List.of(
      new Input("every message valid and unique", n -> FaultPlan.none()),
      new Input("about 2 % situations", Plans::twoPercent));
  private static final List<String> PIPELINES = List.of("rules on", "rules off", "bare Spark");

  private ThroughputScenario() {}

  static ScenarioResult run(SparkSession spark, BatchLog log, LocalStack stack, Path dir, boolean quick)
      throws Exception {
    ScenarioResult result = new ScenarioResult("throughput",
        "10. Ingest job: records/s with the rules on and off and a bare Spark pipeline", quick);
    result.columns("input", "pipeline", "records per trigger", "raw records", "median records/s (batch time)",
        "all runs records/s", "median records/s (wall, incl. query start)", "vs bare Spark");
    int perTrigger = quick ? 500 : PER_TRIGGER;
    int size = quick ? 1_000 : Integer.getInteger(SIZE_PROPERTY, FULL);
    int repeats = quick ? 1 : REPEATS;
    StoreFleet fleet = StoreFleet.generate(20, 5);
    boolean warmedUp = quick; // the smoke run measures nothing: no warm-up
    for (Input in : INPUTS) {
      RawInput input = new RawInput(stack, dir.resolve(in.label().replace(' ', '-')), "throughput", fleet);
      long records = Backlog.send(stack, input.rawTopic(), fleet, size, in.faults(), 10);
      if (!warmedUp) {
        measure(spark, log, input, "rules on", perTrigger, records); // JIT, class loading, Kafka connections
        warmedUp = true;
      }
      Map<String, List<double[]>> runs = new LinkedHashMap<>();
      for (int r = 0; r < repeats; r++) {
        for (int i = 0; i < PIPELINES.size(); i++) {
          // Rotate the order, so a trend in the machine's load does not favour one pipeline.
          String pipeline = PIPELINES.get((i + r) % PIPELINES.size());
          runs.computeIfAbsent(pipeline, k -> new ArrayList<>()).add(measure(spark, log, input, pipeline, perTrigger,
              records));
        }
      }
      double bare = Stats.median(runs.get("bare Spark").stream().map(m -> m[0]).toList());
      for (String pipeline : PIPELINES) {
        List<Double> rates = runs.get(pipeline).stream().map(m -> m[0]).toList();
        double median = Stats.median(rates);
        result.row(in.label(), pipeline, perTrigger, records, Math.round(median),
            rates.stream().map(Math::round).toList(),
            Math.round(Stats.median(runs.get(pipeline).stream().map(m -> m[1]).toList())),
            Stats.round(median / bare, 2));
        result.summary(in.label() + ", " + pipeline + " (records/s)", Math.round(median));
      }
    }
    return result.parameter("records per trigger", perTrigger).parameter("repeats", repeats)
        .parameter("sparkMaster", "local[2]")
        .parameter("spark.sql.shuffle.partitions", spark.conf().get("spark.sql.shuffle.partitions"))
        .parameter("rawTopicPartitions", RawInput.PARTITIONS)
        .note("Rules on: the whole job (parse, detectors with the message-id state in Spark's state store, DqEvents "
            + "to the outbox, the curated table); rules off: the same job with detect.enabled=false; bare Spark: Kafka → "
            + "from_json → explode → Parquet by date, no validation, enrichment or outbox.")
        .note("One warm-up run (rules on) precedes the first input; the order of the three pipelines rotates per "
            + "repeat.");
  }

  private static double[] measure(SparkSession spark, BatchLog log, RawInput input, String pipeline, int perTrigger,
      long records) throws Exception {
    Map<String, String> extra = Map.of("trigger.mode", "AVAILABLE_NOW", "source.max-offsets-per-trigger",
        String.valueOf(perTrigger), "detect.enabled", String.valueOf(!pipeline.equals("rules off")));
    return log.measure(records, () -> pipeline.equals("bare Spark")
        ? BarePipeline.start(spark, input.settings(extra))
        : IngestJob.start(spark, input.config(extra)));
  }
}
