package dev.dqnotify.bench.ingest;

import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.bench.Stats;
import dev.dqnotify.ingest.IngestJob;
import dev.dqnotify.ingest.IngestJobConfig;
import dev.dqnotify.ingest.detect.ArrivalClassifier;
import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.reference.StoreDirectory;
import dev.dqnotify.ingest.source.KafkaSource;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Scenario 4: the job at a steady input rate (sensor simulator, real-time pacing) with a 2 s
 * processing-time trigger, while the Datadog simulator answers 503 to everything for the outage;
 * micro-batch durations during the outage against normal ones. Run twice: the ingest job with the
 * outbox (the forwarder running beside it as in production, when its distribution is built), and
 * the direct-call baseline ({@link DirectDatadogBatch}).
 */
final class DecouplingScenario {

  static final double TARGET_RATIO = 1.05;

  private DecouplingScenario() {}

  static ScenarioResult run(SparkSession spark, BatchLog log, LocalStack stack, Path dir, boolean quick)
      throws Exception {
    Duration warmUp = Duration.ofSeconds(quick ? 3 : 15);
    Duration normal = Duration.ofSeconds(quick ? 4 : 60);
    Duration outage = Duration.ofSeconds(quick ? 4 : 60);
    Duration after = Duration.ofSeconds(quick ? 2 : 15);
    double rate = quick ? 40 : 100;
    ScenarioResult result = new ScenarioResult("decoupling", "4. Decoupling: micro-batches during a Datadog outage",
        quick)
        .parameter("inputMessagesPerSecond", rate).parameter("trigger", "ProcessingTime 2 s")
        .parameter("normal", normal).parameter("outage", outage + " of 503")
        .parameter("baselineRetries", DirectDatadogBatch.ATTEMPTS + " attempts, " + DirectDatadogBatch.FIRST_BACKOFF
            + " doubling")
        .columns("design", "phase", "batches", "p50 ms", "p95 ms", "max ms");
    Optional<Path> forwarder = ForwarderProcess.distribution();
    Map<String, Double> ratios = new LinkedHashMap<>();
    for (String design : List.of("dqnotify (outbox)", "direct calls (baseline)")) {
      boolean outbox = design.startsWith("dqnotify");
      StoreFleet fleet = StoreFleet.generate(5, 4);
      Duration total = normal.plus(outage).plus(after);
      // Event time starts once the query is up, so the first batches are not a backlog.
      Instant t0 = Instant.now().plus(warmUp);
      int messages = (int) (rate * total.toSeconds());
      SimulationPlan plan = SimulationPlan.builder(fleet).live(t0, rate, total).thresholds(Plans.RULES)
          .faults(Plans.faults(messages)).seed(outbox ? 11 : 12).build();
      RawInput input = new RawInput(stack, dir.resolve(outbox ? "outbox" : "direct"), "decoupling", plan);
      IngestJobConfig config = input.config(Map.of("trigger.mode", "PROCESSING_TIME", "trigger.interval", "2s"));
      stack.datadog().reset();
      ForwarderProcess child = outbox && forwarder.isPresent()
          ? ForwarderProcess.start(forwarder.get(), forwarderSettings(stack, input), LocalStack.SIMULATOR_API_KEY,
              dir.resolve("forwarder.log"))
          : null;
      StreamingQuery query = outbox ? IngestJob.start(spark, config) : startDirect(spark, config,
          stack.datadog().baseUrl());
      try (SensorSimulator sensors = SensorSimulator.connect(stack.kafka().bootstrapServers(), input.rawTopic(),
          Map.of())) {
        CompletableFuture<?> sending = CompletableFuture.runAsync(() ->
            sensors.send(plan.messages(), SensorSimulator.Pacer.realTime(Clock.systemUTC()),
                SensorSimulator.Progress.NONE));
        sleepUntil(t0.plus(normal));
        stack.datadog().faults().statusFor(503, outage);
        sending.join();
        Thread.sleep(2_000);
      } finally {
        query.stop();
        if (child != null) {
          child.close();
        }
      }
      Instant outageStart = t0.plus(normal);
      Instant outageEnd = outageStart.plus(outage);
      List<BatchLog.Batch> batches = log.of(query.runId());
      List<Long> before = durations(batches, t0, outageStart);
      List<Long> during = durations(batches, outageStart, outageEnd);
      List<Long> later = durations(batches, outageEnd, outageEnd.plus(after).plusSeconds(2));
      for (var phase : List.of(Map.entry("normal", before), Map.entry("outage", during), Map.entry("after", later))) {
        List<Long> d = phase.getValue();
        result.row(design, phase.getKey(), d.size(), Math.round(Stats.median(d)), Math.round(Stats.percentile(d, 95)),
            d.isEmpty() ? "-" : d.stream().mapToLong(Long::longValue).max().getAsLong());
      }
      double p50 = Stats.median(during) / Stats.median(before);
      double p95 = Stats.percentile(during, 95) / Stats.percentile(before, 95);
      ratios.put(design, Math.max(p50, p95));
      result.summary(design + ": outage/normal p50", Stats.round(p50, 3))
          .summary(design + ": outage/normal p95", Stats.round(p95, 3));
      if (!outbox) {
        result.summary("baseline: events delivered / given up (lost)", DirectDatadogBatch.DELIVERED.get() + " / "
            + DirectDatadogBatch.GIVEN_UP.get());
      } else {
        result.summary("forwarder beside the job", child != null ? "running (child process)" : "not built, not running");
      }
    }
    double dq = ratios.get("dqnotify (outbox)");
    return result.target("dqnotify: outage/normal ≤ 1.05 (p50 and p95)", quick ? null : dq <= TARGET_RATIO)
        .note("Batches are assigned to a phase by their start time; the first " + warmUp.toSeconds()
            + " s (query start) are excluded. 503 answers fail fast; a Datadog that hangs would cost the baseline "
            + "its full timeouts instead.")
        .note("Scaled from the issue's steady run: " + normal.toSeconds() + " s normal, " + outage.toSeconds()
            + " s outage.");
  }

  /** The ingest job's source and arrival classification, then the baseline's foreachBatch. */
  private static StreamingQuery startDirect(SparkSession spark, IngestJobConfig config, String datadogUrl)
      throws Exception {
    StoreDirectory stores = StoreDirectory.load(config.storeMetadata());
    Dataset<ParsedRecord> classified = KafkaSource.read(spark, config)
        .map((MapFunction<ParsedRecord, ParsedRecord>) ArrivalClassifier::withoutState, Encoders.bean(ParsedRecord.class));
    return classified.writeStream().queryName("direct-baseline").outputMode(OutputMode.Append())
        .option("checkpointLocation", config.checkpointPath())
        .foreachBatch(new DirectDatadogBatch(config, stores, datadogUrl, LocalStack.SIMULATOR_API_KEY))
        .trigger(Trigger.ProcessingTime(config.triggerInterval().toMillis()))
        .start();
  }

  private static Map<String, String> forwarderSettings(LocalStack stack, RawInput input) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("consume.bootstrap-servers", stack.kafka().bootstrapServers());
    settings.put("consume.topic", input.outboxTopic());
    settings.put("consume.group-id", "bench-" + input.outboxTopic());
    settings.put("dlq.topic", input.outboxTopic());
    settings.put("schema-registry.url", stack.schemaRegistry().confluentApiUrl());
    settings.put("datadog.site", stack.datadog().baseUrl());
    settings.put("datadog.allow-plain-http", "true"); // the simulator speaks http
    settings.put("telemetry.http-port", "0");
    return settings;
  }

  private static List<Long> durations(List<BatchLog.Batch> batches, Instant from, Instant to) {
    return batches.stream().filter(b -> !b.startedAt().isBefore(from) && b.startedAt().isBefore(to))
        .map(BatchLog.Batch::durationMs).toList();
  }

  private static void sleepUntil(Instant at) throws InterruptedException {
    long millis = Duration.between(Instant.now(), at).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
