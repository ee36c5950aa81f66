package dev.dqnotify.bench.forwarder;

import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.bench.Stats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Scenario 1: {@link HotPathBenchmark} under JMH, one thread (records/s per core); the forwarder's real
 * pipeline and the codec alone in the same run, so their ratio is measured side by side. Reports the
 * median over every measurement iteration of every fork.
 */
final class HotPathScenario {

  static final double TARGET_RECORDS_PER_SECOND = 200_000;

  private HotPathScenario() {}

  static ScenarioResult run(boolean quick) throws RunnerException {
    // Quick: no fork (the smoke test's class path is a manifest jar) and a fraction of a second per iteration.
    int forks = quick ? 0 : 2;
    int warmups = quick ? 1 : 3;
    int iterations = quick ? 2 : 5;
    TimeValue time = quick ? TimeValue.milliseconds(200) : TimeValue.seconds(2);
    Options options = new OptionsBuilder()
        .include(HotPathBenchmark.class.getName() + "\\.")
        .forks(forks).warmupIterations(warmups).warmupTime(time).measurementIterations(iterations)
        .measurementTime(time).threads(1)
        .jvmArgsAppend("-Xmx1g", "-XX:+UseParallelGC")
        .shouldFailOnError(true)
        .build();
    // Built first: it reads the load average before the run.
    ScenarioResult result = new ScenarioResult("hot-path", "1. Forwarder hot path (JMH, one thread)", quick)
        .parameter("forks", forks).parameter("warmup", warmups + " × " + time).parameter("measurement",
            iterations + " × " + time).parameter("recordsPerInvocation", HotPathBenchmark.BATCH)
        .parameter("distinctRecords", HotPathBenchmark.RING)
        .columns("benchmark", "grouping", "median records/s", "min", "max", "iterations", "vs codec alone");
    Collection<RunResult> runs = new Runner(options).run();
    Map<String, List<Double>> scores = new LinkedHashMap<>();
    for (RunResult run : runs) {
      String method = run.getParams().getBenchmark().substring(run.getParams().getBenchmark().lastIndexOf('.') + 1);
      String mode = run.getParams().getParam("mode");
      List<Double> all = scores.computeIfAbsent(method.equals("codecOnly") ? "codecOnly|-" : method + "|" + mode,
          k -> new ArrayList<>());
      for (BenchmarkResult fork : run.getBenchmarkResults()) {
        for (IterationResult iteration : fork.getIterationResults()) {
          all.add(iteration.getPrimaryResult().getScore());
        }
      }
    }
    double codec = Stats.median(scores.getOrDefault("codecOnly|-", List.of()));
    double slowest = Double.MAX_VALUE;
    for (Map.Entry<String, List<Double>> entry : scores.entrySet()) {
      String[] key = entry.getKey().split("\\|");
      List<Double> values = entry.getValue();
      double median = Stats.median(values);
      if (key[0].equals("hotPath")) {
        slowest = Math.min(slowest, median);
        result.summary("hot path " + key[1] + " (records/s per core)", Math.round(median));
      }
      result.row(key[0], key[1], Math.round(median), Math.round(Stats.percentile(values, 0)),
          Math.round(Stats.percentile(values, 100)), values.size(), Stats.round(median / codec, 3));
    }
    result.summary("codec alone (records/s per core)", Math.round(codec));
    return result
        .target("hot path ≥ 200,000 records/s per core (both grouping modes)",
            quick ? null : slowest >= TARGET_RECORDS_PER_SECOND)
        .note("hotPath runs the forwarder's NotificationPipeline (decode → filter → dedupe → silences → group → "
            + "render) with offset tickets, the hand-off and Prometheus metrics; its sink accepts every event at once.")
        .note("One benchmark thread; JIT and GC threads share the second core, as they would in the forwarder.")
        .note("The codec alone ran with both `mode` values (the parameter does not affect it); its iterations are "
            + "pooled.");
  }
}
