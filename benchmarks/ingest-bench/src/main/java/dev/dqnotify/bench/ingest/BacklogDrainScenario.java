package dev.dqnotify.bench.ingest;

import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.bench.Stats;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.sensors.StoreFleet;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 9: a backlog of raw messages (contract-shaped, 10–12 readings each, about 2 % with a
 * situation) preloaded once, then worked off available-now by the ingest job with its default
 * per-trigger cap (the setting is not given) and by the bare Spark pipeline (Kafka → from_json →
 * explode → Parquet), each in its own {@code local[2]} JVM with a 1 GB heap ({@code -Xmx1g}; in
 * local mode the driver and the executors share it). Reports the drain time, the batches, the
 * largest heap in use after a collection, and whether the JVM ran out of memory.
 *
 * <p>The backlog size is {@value #SIZE_PROPERTY} (default 5,000,000), so a loaded machine can run a
 * smaller one and say so.
 */
final class BacklogDrainScenario {

  static final String SIZE_PROPERTY = "dqnotify.bench.backlog-messages";
  /** Comma-separated pipelines to drain ({@code job}, {@code bare}); both by default. */
  static final String PIPELINES_PROPERTY = "dqnotify.bench.backlog-pipelines";
  static final String HEAP = "-Xmx1g";
  private static final int FULL = 5_000_000;
  private static final int QUICK = 2_000;

  /** One drain: a label, the child's mode, the per-trigger cap (null: the default). */
  private record Variant(String label, String mode, Integer cap) {}

  private static final List<Variant> VARIANTS = List.of(
      new Variant("ingest job, default cap", "job", null),
      new Variant("bare Spark pipeline, no cap", "bare", null));

  private BacklogDrainScenario() {}

  static ScenarioResult run(LocalStack stack, Path dir, boolean quick) throws Exception {
    ScenarioResult result = new ScenarioResult("backlog-drain", "9. Ingest job: draining a backlog with a 1 GB heap",
        quick);
    result.columns("pipeline", "per-trigger cap", "raw messages", "rows read", "batches", "largest batch",
        "drain s", "messages/s", "heap after GC, peak (MiB)", "heap pool peak (MiB)", "outcome");
    int size = quick ? QUICK : Integer.getInteger(SIZE_PROPERTY, FULL);
    StoreFleet fleet = StoreFleet.generate(20, 5);
    RawInput input = new RawInput(stack, dir, "backlog", fleet);
    long produceStart = System.nanoTime();
    long messages = Backlog.send(stack, input.rawTopic(), fleet, size, Plans::twoPercent, 9);
    double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
    System.out.println("backlog-drain: " + messages + " messages preloaded in " + Math.round(produceSeconds) + " s");
    Duration timeout = quick ? Duration.ofMinutes(10) : Duration.ofHours(2);
    List<String> pipelines = List.of(System.getProperty(PIPELINES_PROPERTY, "job,bare").split(","));
    for (Variant variant : VARIANTS) {
      if (!pipelines.contains(variant.mode())) {
        continue;
      }
      Map<String, String> extra = new LinkedHashMap<>();
      extra.put("trigger.mode", "AVAILABLE_NOW");
      if (variant.cap() != null) {
        extra.put("source.max-offsets-per-trigger", String.valueOf(variant.cap()));
      }
      Map<String, String> settings = input.settings(extra);
      Drain drain = drain(dir, variant, settings, messages, timeout);
      System.out.println("backlog-drain: " + variant.label() + ": " + drain);
      String cap = variant.cap() != null ? String.format("%,d", variant.cap())
          : variant.mode().equals("bare") ? "none (Spark's default)" : "the job's default";
      result.row(variant.label(), cap, messages, drain.rows(), drain.batches(), drain.largestBatch(),
          Stats.round(drain.seconds(), 1), drain.seconds() > 0 ? Math.round(drain.rows() / drain.seconds()) : 0,
          drain.liveSetPeak() >> 20, drain.poolPeak() >> 20, drain.outcome());
      result.summary(variant.label(), drain.outcome() + (drain.seconds() > 0
          ? ", " + Stats.round(drain.seconds(), 1) + " s, " + drain.batches() + " batches, heap after GC peak "
          + (drain.liveSetPeak() >> 20) + " MiB" : ""));
    }
    return result.parameter("backlog", messages + " messages (" + SIZE_PROPERTY + "=" + size + ")")
        .parameter("preload s", Math.round(produceSeconds))
        .parameter("situations", "about 2 % (Plans.twoPercent)")
        .parameter("heap", HEAP + " per drain JVM (driver and executors, local[2])")
        .parameter("rawTopicPartitions", RawInput.PARTITIONS)
        .note("Each drain runs in its own JVM (DrainRun) started with " + HEAP
            + " -XX:+ExitOnOutOfMemoryError; drain s is from starting the query to its end (Spark session start "
            + "excluded). Heap after GC, peak: the largest heap in use right after any garbage collection (after a "
            + "young collection it still holds old-generation garbage and Spark's cached blocks, so it bounds the live "
            + "set from above); heap pool peak: the sum of each heap pool's own peak, garbage included.")
        .note("The job's default cap is whatever its build declares for source.max-offsets-per-trigger (the "
            + "largest batch shows it); the bare pipeline reads the whole backlog in one batch, as Spark does without "
            + "maxOffsetsPerTrigger.");
  }

  /** What one drain JVM reported, or how it failed. */
  private record Drain(String outcome, long batches, long rows, long largestBatch, double seconds, long liveSetPeak,
      long poolPeak) {}

  private static Drain drain(Path dir, Variant variant, Map<String, String> settings, long messages,
      Duration timeout) throws IOException, InterruptedException {
    String name = variant.mode() + (variant.cap() == null ? "-default" : "-" + variant.cap());
    Path resultFile = dir.resolve(name + ".properties");
    Path log = dir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    command.add("-XX:+ExitOnOutOfMemoryError");
    // The harness's own --add-opens flags (Spark on Java 17), nothing else of its JVM.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
            || a.startsWith("-Djdk.reflect"))
        .forEach(command::add);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DrainRun.class.getName());
    command.add(variant.mode());
    command.add(resultFile.toString());
    command.add(String.valueOf(messages));
    settings.forEach((key, value) -> command.add(key + "=" + value));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Thread killer = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(killer);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        return new Drain("timed out after " + timeout.toMinutes() + " min", 0, 0, 0, 0, 0, 0);
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(killer);
    }
    String output = Files.readString(log);
    if (output.contains("OutOfMemoryError")) {
      return new Drain("OutOfMemoryError (exit " + process.exitValue() + ")", 0, 0, 0, 0, 0, 0);
    }
    if (process.exitValue() != 0 || !Files.exists(resultFile)) {
      throw new IllegalStateException(variant.label() + " failed with exit " + process.exitValue() + "; see " + log
          + ":\n" + output.substring(Math.max(0, output.length() - 4000)));
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(resultFile)) {
      p.load(in);
    }
    long rows = Long.parseLong(p.getProperty("rows"));
    return new Drain(rows == messages ? "ok" : "rows read " + rows + " of " + messages,
        Long.parseLong(p.getProperty("batches")), rows, Long.parseLong(p.getProperty("largestBatch")),
        Double.parseDouble(p.getProperty("seconds")), Long.parseLong(p.getProperty("liveSetPeakBytes")),
        Long.parseLong(p.getProperty("poolPeakBytes")));
  }
}
