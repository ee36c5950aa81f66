package dev.dqnotify.bench.ingest;

import dev.dqnotify.bench.BenchArgs;
import dev.dqnotify.bench.ResultWriter;
import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.ingest.LocalSpark;
import dev.dqnotify.localstack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest harness: {@code IngestBench [--scenario rules-cost|decoupling|latency|driver-heap|backlog-drain|throughput|all] [--quick] [--out
 * benchmarks/results] [--plots docs/benchmarks]}; needs the Java 17 {@code --add-opens} flags
 * (benchmarks/bin/bench adds them). One Spark session and one local stack for all scenarios.
 */
public final class IngestBench {

  /** The scenarios, in run order. */
  public static final List<String> SCENARIOS = List.of("rules-cost", "decoupling", "latency", "driver-heap",
      "backlog-drain", "throughput");

  private IngestBench() {}

  /** Runs the chosen scenarios. */
  public static void main(String[] args) throws Exception {
    run(BenchArgs.parseCommandLine("ingest", args, SCENARIOS));
  }

  /** Runs the scenarios of {@code args}, writing each result as soon as it is known. */
  public static void run(BenchArgs args) throws Exception {
    ResultWriter writer = new ResultWriter(args.out());
    Path work = Files.createTempDirectory("dqnotify-ingest-bench-");
    SparkSession spark = LocalSpark.session("dqnotify-ingest-bench");
    BatchLog log = new BatchLog();
    spark.streams().addListener(log);
    try (LocalStack stack = LocalStack.start(work.resolve("stack"))) {
      for (String scenario : args.scenarios()) {
        Path dir = work.resolve(scenario);
        ScenarioResult result = switch (scenario) {
          case "rules-cost" -> RulesCostScenario.run(spark, log, stack, dir, args.quick());
          case "decoupling" -> DecouplingScenario.run(spark, log, stack, dir, args.quick());
          case "latency" -> LatencyScenario.run(spark, stack, dir, args.plots(), args.quick());
          case "driver-heap" -> DriverHeapScenario.run(spark, stack, dir, args.quick());
          case "backlog-drain" -> BacklogDrainScenario.run(stack, dir, args.quick());
          case "throughput" -> ThroughputScenario.run(spark, log, stack, dir, args.quick());
          default -> throw new IllegalArgumentException(scenario);
        };
        System.out.println("wrote " + writer.write(result));
      }
    } finally {
      spark.streams().removeListener(log);
    }
  }
}
