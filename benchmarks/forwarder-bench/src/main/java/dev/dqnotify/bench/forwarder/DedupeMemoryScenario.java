package dev.dqnotify.bench.forwarder;

import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.bench.Stats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 7: resident memory of a child JVM holding the forwarder's {@link
 * dev.dqnotify.forwarder.dedupe.Deduplicator} with up to 1,000,000 ids ({@link DedupeMemoryProbe}),
 * started with the JVM options of {@code bin/dq-forwarder}. RSS and its peak come from {@code
 * /proc/<pid>/status}; a probe with no ids gives the JVM's own share.
 */
final class DedupeMemoryScenario {

  /** The JVM options {@code notification-forwarder/src/dist/bin/dq-forwarder} starts the forwarder with. */
  static final List<String> FORWARDER_JVM_OPTIONS =
      List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

  static final long TARGET_RSS_MIB = 256;

  private DedupeMemoryScenario() {}

  static ScenarioResult run(boolean quick) throws IOException, InterruptedException {
    List<Integer> sizes = quick ? List.of(0, 10_000) : List.of(0, 250_000, 500_000, 1_000_000);
    ScenarioResult result = new ScenarioResult("dedupe-memory", "7. Forwarder dedupe memory", quick)
        .parameter("jvmOptions", String.join(" ", FORWARDER_JVM_OPTIONS))
        .columns("ids in the window", "heap used after GC MiB", "RSS MiB", "peak RSS (VmHWM) MiB",
            "heap bytes per id");
    long baseHeap = 0;
    long rssAtMax = -1;
    for (int ids : sizes) {
      Map<String, Long> m = probe(ids);
      if (ids == 0) {
        baseHeap = m.get("heapUsedBytes");
      }
      double perId = ids == 0 ? 0 : (m.get("heapUsedBytes") - baseHeap) / (double) ids;
      result.row(ids, mib(m.get("heapUsedBytes")), mib(m.get("VmRSS") * 1024), mib(m.get("VmHWM") * 1024),
          Stats.round(perId, 1));
      rssAtMax = m.get("VmRSS") / 1024;
    }
    int largest = sizes.get(sizes.size() - 1);
    return result.summary("RSS with " + largest + " ids (MiB)", rssAtMax)
        .target("≤ 256 MB RSS with 1,000,000 ids", quick ? null : rssAtMax <= TARGET_RSS_MIB)
        .note("The probe holds only the Deduplicator; the running forwarder adds its Kafka clients, the Datadog "
            + "client and buffers of up to `consume.max-pending-records` records on top.");
  }

  private static double mib(long bytes) {
    return Stats.round(bytes / 1024.0 / 1024.0, 1);
  }

  /** Runs the probe with {@code ids}; its {@code heapUsedBytes}, {@code VmRSS} and {@code VmHWM} (kB). */
  private static Map<String, Long> probe(int ids) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(FORWARDER_JVM_OPTIONS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), DedupeMemoryProbe.class.getName(),
        String.valueOf(ids)));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      Map<String, Long> values = new HashMap<>();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("ready")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
      }
      if (line == null) {
        throw new IllegalStateException("the dedupe probe with " + ids + " ids ended early (exit "
            + process.waitFor() + "); out of memory under -Xmx256m?");
      }
      for (String status : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        for (String key : List.of("VmRSS", "VmHWM")) {
          if (status.startsWith(key + ":")) {
            values.put(key, Long.parseLong(status.replaceAll("\\D", "")));
          }
        }
      }
      return values;
    } finally {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
