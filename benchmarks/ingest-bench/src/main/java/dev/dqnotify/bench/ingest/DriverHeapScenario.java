package dev.dqnotify.bench.ingest;

import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.ingest.IngestJob;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Scenario 8: the heap the job keeps against the number of message ids in the dedup horizon. Every
 * message is valid and unique, the horizon (48 h) holds them all, and the job reads them available-now
 * at a fixed size per trigger. The heap in use after full GCs is taken before the run and after it,
 * with the query still referenced, next to the size of the message-id state store in the checkpoint. In {@code local[2]} the driver and the executors share one JVM, so the
 * heap figure bounds the driver's from above; the state store (RocksDB) is off the heap.
 */
final class DriverHeapScenario {

  private static final int PER_TRIGGER = 20_000;
  /** Ids in the horizon to measure, comma-separated (default {@link #FULL}). */
  static final String IDS_PROPERTY = "dqnotify.bench.driver-heap-ids";
  /** Records per trigger (default {@link #PER_TRIGGER}); the job's own default cap is 100,000. */
  static final String PER_TRIGGER_PROPERTY = "dqnotify.bench.driver-heap-per-trigger";
  private static final List<Integer> FULL = List.of(20_000, 150_000, 1_000_000);
  private static final List<Integer> QUICK = List.of(500, 1_000);

  private DriverHeapScenario() {}

  static ScenarioResult run(SparkSession spark, LocalStack stack, Path dir, boolean quick) throws Exception {
    ScenarioResult result = new ScenarioResult("driver-heap", "8. Ingest job: heap against ids in the horizon", quick);
    result.columns("ids in the horizon", "records per trigger", "heap after GC before the run (MiB)",
        "heap after GC at the end, query held (MiB)", "difference (MiB)", "message-id state in the checkpoint (MiB)",
        "wall s");
    StoreFleet fleet = StoreFleet.generate(20, 5);
    int perTrigger = quick ? 200 : Integer.getInteger(PER_TRIGGER_PROPERTY, PER_TRIGGER);
    String sizes = System.getProperty(IDS_PROPERTY);
    List<Integer> idCounts = quick ? QUICK : sizes == null ? FULL
        : Stream.of(sizes.split(",")).map(String::trim).map(Integer::valueOf).toList();
    for (int ids : idCounts) {
      RawInput input = new RawInput(stack, dir.resolve("ids-" + ids), "driver-heap", fleet);
      // Sent in chunks, so the harness does not hold the messages (about 1.3 KB each as a plan).
      long sent = Backlog.send(stack, input.rawTopic(), fleet, ids, n -> FaultPlan.none(), 5);
      long before = heapAfterGc();
      long start = System.nanoTime();
      StreamingQuery query = IngestJob.start(spark, input.config(Map.of("trigger.mode", "AVAILABLE_NOW",
          "detect.duplicate.horizon", "48h", "source.max-offsets-per-trigger", String.valueOf(perTrigger))));
      query.awaitTermination();
      // The query (and with it the job's foreachBatch function and whatever it keeps between
      // batches) is still referenced here: what the driver holds on to is in this figure.
      long after = heapAfterGc();
      String name = query.name();
      double wall = (System.nanoTime() - start) / 1e9;
      Path state = input.dir().resolve("checkpoint-1").resolve("dqnotify-message-ids");
      result.row(sent, perTrigger, before >> 20, after >> 20, (after - before) >> 20,
          Math.round(size(state) / 1e4) / 100.0, Math.round(wall));
      System.out.println("driver-heap: " + name + " " + sent + " ids");
    }
    return result.parameter("sparkMaster", "local[2]")
        .parameter("spark.sql.shuffle.partitions", spark.conf().get("spark.sql.shuffle.partitions"))
        .parameter("rawTopicPartitions", RawInput.PARTITIONS)
        .parameter("detect.duplicate.horizon", "48h (holds every id)")
        .note("Heap: in use after two full GCs, before the run and after it while the query object (and the job's "
            + "foreachBatch function with whatever it keeps between batches) is still referenced. In local mode it "
            + "includes the executors' heap; the message ids are in RocksDB, off the heap.")
        .note("State: the size of <checkpoint>/dqnotify-message-ids (changelogs and snapshots of every retained "
            + "version).");
  }

  private static long size(Path folder) {
    if (!Files.exists(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The heap in use after two full collections. */
  private static long heapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
