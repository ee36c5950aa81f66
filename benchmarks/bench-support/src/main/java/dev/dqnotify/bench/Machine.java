package dev.dqnotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine a result was measured on, recorded with every result so figures from different
 * machines are never compared unknowingly.
 *
 * @param cores {@code Runtime.availableProcessors()}
 * @param memTotalMib {@code MemTotal} of {@code /proc/meminfo}, MiB (0 when unknown)
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}
 * @param jvm vendor, {@code java.vm.name} and {@code java.vm.version}
 * @param os {@code os.name os.version os.arch}
 * @param gitCommit the working tree's {@code HEAD} (with {@code +dirty} when it has changes), or "unknown"
 * @param recordedAt when this was read (ISO-8601)
 */
public record Machine(int cores, long memTotalMib, String cpuModel, String jvm, String os, String gitCommit,
    String recordedAt) {

  /** Reads the facts of the machine this JVM runs on. */
  public static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        procField(Path.of("/proc/meminfo"), "MemTotal").map(v -> Long.parseLong(v.replaceAll("\\D", "")) / 1024)
            .orElse(0L),
        procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
            + System.getProperty("java.vm.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        readGitCommit(),
        Instant.now().toString());
  }

  /** One line for a Markdown report. */
  public String line() {
    return cores + " cores (" + cpuModel + "), " + memTotalMib + " MiB RAM, " + jvm + ", " + os + ", commit "
        + gitCommit;
  }

  /** The 1-, 5- and 15-minute load averages now (other builds on a shared machine show here). */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The value of the first {@code key: value} line of a {@code /proc} file. */
  static Optional<String> procField(Path file, String key) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String readGitCommit() {
    try {
      String head = run("git", "rev-parse", "--short=12", "HEAD");
      String status = run("git", "status", "--porcelain", "--untracked-files=no");
      return head.isEmpty() ? "unknown" : head + (status.isEmpty() ? "" : "+dirty");
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(process.getInputStream().readAllBytes()).trim();
    return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : "";
  }
}
