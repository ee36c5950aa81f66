package dev.dqnotify.bench.forwarder;

import dev.dqnotify.bench.BenchArgs;
import dev.dqnotify.bench.ResultWriter;
import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.localstack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The forwarder harness: {@code ForwarderBench [--scenario hot-path|delivery-rate|dedupe-memory|catch-up|all]
 * [--quick] [--out benchmarks/results] [--plots docs/benchmarks]}. Scenarios that need Kafka, the
 * registry and the Datadog simulator share one local stack. See docs/benchmarks.md.
 */
public final class ForwarderBench {

  /** The scenarios, in run order (most important first). */
  public static final List<String> SCENARIOS = List.of("hot-path", "delivery-rate", "dedupe-memory", "catch-up");

  private ForwarderBench() {}

  /** Runs the chosen scenarios; exits non-zero when one fails. */
  public static void main(String[] args) throws Exception {
    BenchArgs parsed = BenchArgs.parseCommandLine("forwarder", args, SCENARIOS);
    run(parsed);
  }

  /** Runs the scenarios of {@code args}, writing each result as soon as it is known. */
  public static void run(BenchArgs args) throws Exception {
    ResultWriter writer = new ResultWriter(args.out());
    LocalStack stack = null;
    try {
      for (String scenario : args.scenarios()) {
        if ((scenario.equals("delivery-rate") || scenario.equals("catch-up")) && stack == null) {
          stack = LocalStack.start(Files.createTempDirectory("dqnotify-bench-"));
        }
        ScenarioResult result = switch (scenario) {
          case "hot-path" -> HotPathScenario.run(args.quick());
          case "delivery-rate" -> DeliveryRateScenario.run(stack, args.quick(), args.plots());
          case "dedupe-memory" -> DedupeMemoryScenario.run(args.quick());
          case "catch-up" -> CatchUpScenario.run(stack, args.quick());
          default -> throw new IllegalArgumentException(scenario);
        };
        Path json = writer.write(result);
        System.out.println("wrote " + json);
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }
}
