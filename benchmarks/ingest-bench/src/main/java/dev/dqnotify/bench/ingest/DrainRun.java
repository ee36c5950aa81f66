package dev.dqnotify.bench.ingest;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.dqnotify.ingest.IngestJob;
import dev.dqnotify.ingest.IngestJobConfig;
import dev.dqnotify.ingest.LocalSpark;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * One backlog drain in its own JVM (started by {@link BacklogDrainScenario} with the heap under
 * test): {@code DrainRun job|bare <result.properties> <records> key=value…}. {@code job} runs the ingest job
 * available-now with the given settings; {@code bare} runs the bare Spark pipeline (Kafka →
 * from_json → explode → Parquet by date) over the same topic. Writes the batches, rows, the largest
 * batch, the drain time and the heap: the largest heap in use after any garbage collection (an
 * upper bound of the live set) and the pools' peak use.
 */
public final class DrainRun {

  private DrainRun() {}

  /** Runs one drain; the result file is written only when the query ends normally. */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path resultFile = Path.of(args[1]);
    Map<String, String> settings = new LinkedHashMap<>();
    long records = Long.parseLong(args[2]);
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    AtomicLong liveSetPeak = watchLiveSet();
    SparkSession spark = LocalSpark.session("dqnotify-ingest-bench");
    Batches batches = new Batches();
    spark.streams().addListener(batches);
    long start = System.nanoTime();
    StreamingQuery query = switch (mode) {
      case "job" -> IngestJob.start(spark, IngestJobConfig.load(null, Map.of(), settings));
      case "bare" -> BarePipeline.start(spark, settings);
      default -> throw new IllegalArgumentException("mode job or bare, not " + mode);
    };
    query.awaitTermination();
    double seconds = (System.nanoTime() - start) / 1e9;
    // Progress events reach listeners asynchronously: wait (bounded) for the last one.
    long deadline = System.currentTimeMillis() + 10_000;
    while (batches.rows.get() < records && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    Properties result = new Properties();
    result.setProperty("batches", String.valueOf(batches.batches.get()));
    result.setProperty("rows", String.valueOf(batches.rows.get()));
    result.setProperty("largestBatch", String.valueOf(batches.largest.get()));
    result.setProperty("seconds", String.valueOf(seconds));
    result.setProperty("liveSetPeakBytes", String.valueOf(liveSetPeak.get()));
    result.setProperty("poolPeakBytes", String.valueOf(poolPeaks()));
    result.setProperty("maxHeapBytes", String.valueOf(Runtime.getRuntime().maxMemory()));
    try (var out = Files.newBufferedWriter(resultFile)) {
      result.store(out, "DrainRun " + mode);
    }
    spark.stop();
  }

  /** The largest heap in use right after a collection, over the JVM's life so far. */
  private static AtomicLong watchLiveSet() {
    AtomicLong peak = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
            .filter(e -> isHeap(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
        peak.accumulateAndGet(used, Math::max);
      }, null, null);
    }
    return peak;
  }

  private static boolean isHeap(String pool) {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .anyMatch(p -> p.getName().equals(pool) && p.getType() == MemoryType.HEAP);
  }

  private static long poolPeaks() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getPeakUsage).mapToLong(MemoryUsage::getUsed).sum();
  }

  /** Batches and rows of every query in this JVM (there is one). */
  private static final class Batches extends StreamingQueryListener {
    final AtomicLong batches = new AtomicLong();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong largest = new AtomicLong();

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      long n = event.progress().numInputRows();
      batches.incrementAndGet();
      rows.addAndGet(n);
      largest.accumulateAndGet(n, Math::max);
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
  }
}
