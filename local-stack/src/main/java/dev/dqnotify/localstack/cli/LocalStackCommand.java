package dev.dqnotify.localstack.cli;

import dev.dqnotify.config.Settings;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.spark.SparkCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code local-stack}: runs the local stack by hand, for a local run or to explore dqnotify. */
@Command(
    name = "local-stack",
    mixinStandardHelpOptions = true,
    description = "The dqnotify local stack: a real Kafka broker, a real schema registry and a Datadog API simulator.",
    subcommands = {LocalStackCommand.Up.class, SensorsCommand.class, DatadogSimulatorCommand.class})
public final class LocalStackCommand implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  /** Entry point; exits with picocli's exit code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalStackCommand()).execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command, e.g. 'up' or 'sensors'.");
  }

  /** {@code local-stack up}: starts everything, prints the addresses, stops cleanly on Ctrl-C. */
  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Starts Kafka, the schema registry and the Datadog API simulator (and, with --spark-workers, a",
        "Spark standalone cluster), creates the dqnotify topics,",
        "prints their addresses and process ids (also written to <work-dir>/local-stack.env, with the",
        "dq-forwarder's DQNOTIFY_* variables in <work-dir>/forwarder.env and the ingest job's in",
        "<work-dir>/ingest-job.env) and runs until Ctrl-C."
      })
  static final class Up implements Callable<Integer> {

    @Option(
        names = "--work-dir",
        defaultValue = "target/local-stack/up",
        description = "Where data, logs and the env files go (default: ${DEFAULT-VALUE}, under the current directory).")
    Path workDir;

    @Option(
        names = "--topic",
        split = ",",
        defaultValue = "sensor-raw:3,dq-events:3,dq-events-dlq:1",
        description = "Topics to create as name:partitions (default: ${DEFAULT-VALUE}).")
    List<String> topics;

    @Option(
        names = "--spark-workers",
        defaultValue = "0",
        description = {
          "Also start a Spark standalone cluster with this many workers (1 core, 1 GiB each);",
          "0, the default, starts none. Submit with the printed master URL and Spark home."
        })
    int sparkWorkers;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (sparkWorkers < 0) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--spark-workers must be 0 (no cluster) or more, got " + sparkWorkers);
      }
      Map<String, Integer> topicPartitions = parseTopics();
      PrintWriter out = spec.commandLine().getOut();
      out.println("Starting the dqnotify local stack (logs under " + workDir.toAbsolutePath() + ") ...");
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      LocalStack stack = LocalStack.start(workDir);
      SparkCluster spark;
      try {
        spark = sparkWorkers == 0 ? null : SparkCluster.start(workDir.resolve("spark"), sparkWorkers);
      } catch (RuntimeException e) {
        stack.close();
        throw e;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    if (spark != null) {
                      spark.close();
                    }
                    stack.close();
                    stopped.countDown();
                  },
                  "local-stack-stop"));
      topicPartitions.forEach((topic, partitions) -> stack.kafka().createTopics(partitions, topic));
      Map<String, String> addresses = addresses(stack);
      if (spark != null) {
        addresses.put("SPARK_MASTER_URL", spark.masterUrl());
        addresses.put("SPARK_HOME", spark.sparkHome().toString());
        addresses.put("SPARK_SHARED_DIR", spark.sharedDirectory().toString());
      }
      addresses.put("KAFKA_PID", Long.toString(stack.kafka().pid()));
      addresses.put("SCHEMA_REGISTRY_PID", Long.toString(stack.schemaRegistry().pid()));
      if (spark != null) {
        addresses.put("SPARK_PIDS", spark.pids().stream().map(String::valueOf).collect(Collectors.joining(",")));
      }
      writeEnvFile("local-stack.env", "the local stack's addresses and process ids", addresses);
      writeEnvFile("forwarder.env", "dq-forwarder run reads these (set -a; . forwarder.env; set +a)",
          forwarderVariables(addresses));
      writeEnvFile("ingest-job.env", "the ingest job reads these (set -a; . ingest-job.env; set +a)",
          ingestJobVariables(addresses));
      out.println("dqnotify local stack is up:");
      out.printf("  Kafka bootstrap servers        %s%n", addresses.get("KAFKA_BOOTSTRAP_SERVERS"));
      out.printf("  Topics                         %s%n", String.join(", ", topicPartitions.keySet()));
      out.printf("  Schema registry (Confluent API) %s%n", addresses.get("SCHEMA_REGISTRY_URL"));
      out.printf("  Datadog API simulator          %s%n", addresses.get("DATADOG_SIMULATOR_URL"));
      out.printf("  Simulator admin API            %s/__admin/datadog%n", addresses.get("DATADOG_SIMULATOR_URL"));
      out.printf("  Simulator API key file         %s%n", addresses.get("DD_API_KEY_FILE"));
      if (spark != null) {
        out.printf("  Spark master (%d workers)      %s (web UI %s)%n", sparkWorkers, spark.masterUrl(), spark.masterWebUiUrl());
        out.printf("  Spark home (jars/)             %s%n", spark.sparkHome());
        out.printf("  Shared folder (checkpoints)    %s%n", spark.sharedDirectory());
      }
      out.printf("  Process ids                    Kafka %s, registry %s%s (this process: %d)%n",
          addresses.get("KAFKA_PID"), addresses.get("SCHEMA_REGISTRY_PID"),
          spark != null ? ", Spark " + addresses.get("SPARK_PIDS") : "", ProcessHandle.current().pid());
      out.printf("  Addresses and pids as env file %s%n", workDir.resolve("local-stack.env").toAbsolutePath());
      out.printf("  dq-forwarder's DQNOTIFY_* vars %s%n", workDir.resolve("forwarder.env").toAbsolutePath());
      out.printf("  ingest job's DQNOTIFY_* vars   %s%n", workDir.resolve("ingest-job.env").toAbsolutePath());
      out.println("Press Ctrl-C to stop.");
      out.flush();
      stopped.await();
      return 0;
    }

    private Map<String, Integer> parseTopics() {
      Map<String, Integer> parsed = new LinkedHashMap<>();
      for (String topic : topics) {
        String[] parts = topic.split(":", 2);
        try {
          int partitions = parts.length == 2 ? Integer.parseInt(parts[1]) : 1;
          if (parts[0].isBlank() || partitions < 1) {
            throw new NumberFormatException();
          }
          parsed.put(parts[0], partitions);
        } catch (NumberFormatException e) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--topic '" + topic + "' is not name:partitions with partitions >= 1, e.g. dq-events:3");
        }
      }
      return parsed;
    }

    private Map<String, String> addresses(LocalStack stack) throws IOException {
      Path keyFile = workDir.resolve("datadog-simulator-api-key").toAbsolutePath();
      Files.createDirectories(workDir);
      Files.deleteIfExists(keyFile);
      Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(keyFile, LocalStack.SIMULATOR_API_KEY, StandardCharsets.UTF_8);
      Map<String, String> addresses = new LinkedHashMap<>();
      addresses.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers());
      addresses.put("SCHEMA_REGISTRY_URL", stack.schemaRegistry().confluentApiUrl());
      addresses.put("DATADOG_SIMULATOR_URL", stack.datadog().baseUrl());
      addresses.put("DD_API_KEY_FILE", keyFile.toString());
      return addresses;
    }

    /**
     * The forwarder's settings as the {@code DQNOTIFY_*} variables it reads. A file of its own: the
     * forwarder and the job each refuse {@code DQNOTIFY_*} variables of settings they do not have.
     */
    static Map<String, String> forwarderVariables(Map<String, String> addresses) {
      Map<String, String> variables = new LinkedHashMap<>();
      variables.put(Settings.environmentName("consume.bootstrap-servers"), addresses.get("KAFKA_BOOTSTRAP_SERVERS"));
      variables.put(Settings.environmentName("schema-registry.url"), addresses.get("SCHEMA_REGISTRY_URL"));
      variables.put(Settings.environmentName("datadog.site"), addresses.get("DATADOG_SIMULATOR_URL"));
      // The simulator speaks http; never set this for real Datadog.
      variables.put(Settings.environmentName("datadog.allow-plain-http"), "true");
      variables.put(Settings.environmentName("datadog.api-key-file"), addresses.get("DD_API_KEY_FILE"));
      return variables;
    }

    /** The ingest job's settings as the {@code DQNOTIFY_*} variables it reads. */
    static Map<String, String> ingestJobVariables(Map<String, String> addresses) {
      Map<String, String> variables = new LinkedHashMap<>();
      variables.put(Settings.environmentName("source.bootstrap-servers"), addresses.get("KAFKA_BOOTSTRAP_SERVERS"));
      variables.put(Settings.environmentName("schema-registry.url"), addresses.get("SCHEMA_REGISTRY_URL"));
      return variables;
    }

    private void writeEnvFile(String name, String what, Map<String, String> variables) throws IOException {
      StringBuilder env = new StringBuilder("# Written by 'local-stack up': " + what + "; valid while it runs.\n");
      variables.forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
      Files.writeString(workDir.resolve(name), env, StandardCharsets.UTF_8);
    }
  }
}
