package dev.dqnotify.localstack.cli;

import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code local-stack datadog-simulator}: only the Datadog API simulator, as a long-running
 * process — the default Datadog target of docker-compose. Scripted faults over its HTTP admin API
 * ({@code /__admin/datadog/faults}).
 */
@Command(
    name = "datadog-simulator",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Datadog API simulator (Events and Monitors APIs, event monitor evaluation, admin",
      "API for faults and notifications) until stopped.",
      "The accepted API key comes from the environment variable named by --api-key-env, else the",
      "local stack's fixed key; it is never printed."
    })
final class DatadogSimulatorCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on; 0.0.0.0 in a container (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--api-key-env",
      defaultValue = "DD_API_KEY",
      description = "Environment variable holding the key to accept (default: ${DEFAULT-VALUE}).")
  String apiKeyEnv;

  @Option(
      names = "--request-log",
      paramLabel = "FILE",
      description = {
        "Append every Datadog API request to FILE as one JSON line, key values masked",
        "(default: the file named by $DATADOG_SIMULATOR_REQUEST_LOG, else none)."
      })
  Path requestLog;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    String key = System.getenv(apiKeyEnv);
    boolean fromEnvironment = key != null && !key.isBlank();
    DatadogSimulator.Builder builder =
        DatadogSimulator.builder().port(port).bindAddress(bind).apiKey(fromEnvironment ? key : LocalStack.SIMULATOR_API_KEY);
    if (requestLog != null) {
      builder.requestLog(requestLog);
    }
    DatadogSimulator simulator;
    try {
      simulator = builder.start();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      simulator.close();
      stopped.countDown();
    }, "datadog-simulator-stop"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Datadog API simulator listening on " + simulator.baseUrl() + " (API key from "
        + (fromEnvironment ? "$" + apiKeyEnv : "the local stack's fixed key") + "); Ctrl-C stops it.");
    out.flush();
    stopped.await();
    return 0;
  }
}
