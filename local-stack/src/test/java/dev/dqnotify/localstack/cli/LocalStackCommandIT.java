package dev.dqnotify.localstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code local-stack up} as a user would, in its own JVM, and stops it as Ctrl-C would. */
class LocalStackCommandIT {

  @TempDir Path workDir;

  @Test
  void upPrintsTheAddressesWithASparkClusterAndSigtermLeavesNoProcessBehind() throws Exception {
    Process cli = new ProcessBuilder(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dlogback.configurationFile=logback-local-stack.xml",
            "-cp", cliClasspath(),
            LocalStackCommand.class.getName(), "up", "--work-dir", workDir.toString(),
            "--topic", "sensor-raw:2,dq-events:2", "--spark-workers", "1")
        .redirectErrorStream(true)
        .start();
    List<String> output = new ArrayList<>();
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
        try {
          for (String line; (line = reader.readLine()) != null; ) {
            synchronized (output) {
              output.add(line);
            }
            if (line.startsWith("Press Ctrl-C")) {
              return true;
            }
          }
          return false;
        } catch (java.io.IOException e) {
          return false;
        }
      });
      assertThat(ready.get(180, TimeUnit.SECONDS)).as("CLI output: %s", output).isTrue();

      Properties env = new Properties();
      try (var in = Files.newBufferedReader(workDir.resolve("local-stack.env"))) {
        env.load(in);
      }
      assertThat(env.getProperty("KAFKA_BOOTSTRAP_SERVERS")).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(env.getProperty("SCHEMA_REGISTRY_URL")).endsWith("/apis/ccompat/v7");
      assertThat(env.getProperty("DATADOG_SIMULATOR_URL")).startsWith("http://127.0.0.1:");
      assertThat(env.getProperty("SPARK_MASTER_URL")).matches("spark://127\\.0\\.0\\.1:\\d+");
      assertThat(Path.of(env.getProperty("SPARK_HOME")).resolve("RELEASE")).exists();
      assertThat(String.join("\n", output)).contains(env.getProperty("KAFKA_BOOTSTRAP_SERVERS"))
          .doesNotContain(dev.dqnotify.localstack.LocalStack.SIMULATOR_API_KEY);

      List<ProcessHandle> children = cli.descendants().toList();
      assertThat(children).as("Kafka, registry, Spark master and worker child JVMs").hasSizeGreaterThanOrEqualTo(4);
      List<String> written = new ArrayList<>(List.of(env.getProperty("KAFKA_PID"), env.getProperty("SCHEMA_REGISTRY_PID")));
      written.addAll(List.of(env.getProperty("SPARK_PIDS").split(",")));
      assertThat(written).as("the pids in local-stack.env are the CLI's child processes").hasSizeGreaterThanOrEqualTo(4)
          .allSatisfy(pid -> assertThat(children).anyMatch(child -> Long.toString(child.pid()).equals(pid)));
      assertThat(String.join("\n", output)).contains("Process ids").contains("Kafka " + env.getProperty("KAFKA_PID"));

      Properties forwarder = new Properties();
      try (var in = Files.newBufferedReader(workDir.resolve("forwarder.env"))) {
        forwarder.load(in);
      }
      assertThat(forwarder).containsOnlyKeys("DQNOTIFY_CONSUME_BOOTSTRAP_SERVERS", "DQNOTIFY_SCHEMA_REGISTRY_URL",
          "DQNOTIFY_DATADOG_SITE", "DQNOTIFY_DATADOG_ALLOW_PLAIN_HTTP", "DQNOTIFY_DATADOG_API_KEY_FILE");
      assertThat(forwarder.getProperty("DQNOTIFY_CONSUME_BOOTSTRAP_SERVERS"))
          .isEqualTo(env.getProperty("KAFKA_BOOTSTRAP_SERVERS"));
      assertThat(Files.readString(Path.of(forwarder.getProperty("DQNOTIFY_DATADOG_API_KEY_FILE"))))
          .isEqualTo(dev.dqnotify.localstack.LocalStack.SIMULATOR_API_KEY);
      Properties job = new Properties();
      try (var in = Files.newBufferedReader(workDir.resolve("ingest-job.env"))) {
        job.load(in);
      }
      assertThat(job).containsOnlyKeys("DQNOTIFY_SOURCE_BOOTSTRAP_SERVERS", "DQNOTIFY_SCHEMA_REGISTRY_URL");

      cli.destroy(); // SIGTERM, what Ctrl-C's SIGINT also triggers: the JVM's shutdown hooks
      assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
      for (ProcessHandle child : children) {
        child.onExit().get(30, TimeUnit.SECONDS);
        assertThat(child.isAlive()).as("child %d", child.pid()).isFalse();
      }
    } finally {
      cli.descendants().forEach(ProcessHandle::destroyForcibly);
      cli.destroyForcibly();
    }
  }

  /** The module's classes plus its runtime dependencies, as the bin/local-stack launcher uses them. */
  private static String cliClasspath() throws java.io.IOException {
    Path target = Paths.get("target");
    String dependencies = Files.readString(target.resolve("runtime.classpath")).trim();
    return target.resolve("classes").toAbsolutePath() + File.pathSeparator + dependencies;
  }
}
