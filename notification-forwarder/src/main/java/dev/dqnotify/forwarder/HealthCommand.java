package dev.dqnotify.forwarder;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.config.Durations;
import dev.dqnotify.config.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dq-forwarder health}: asks a running forwarder's telemetry endpoint whether it is alive
 * ({@code /health}) or ready ({@code /ready}) and says so in one line. It is the container image's
 * {@code HEALTHCHECK}: it needs nothing in the image but the forwarder's own distribution (no curl,
 * no bash), and it finds the port the way {@code run} does — the same {@code --config},
 * {@code DQNOTIFY_TELEMETRY_HTTP_PORT} and {@code --conf}.
 *
 * <p>Exit codes: 0 the endpoint answered 200; 1 it answered otherwise, timed out or nothing listens;
 * 2 a mistake in the options or the configuration.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Ask the running forwarder (telemetry.http-port on this host) whether it is alive (/health) or "
        + "ready (--ready: /ready); print one line; exit 0 when it is, 1 when not or when nothing answers.")
final class HealthCommand implements Callable<Integer> {

  /** Exit code when the forwarder is not healthy, not ready or not answering. */
  static final int UNHEALTHY = 1;

  @CommandLine.Mixin
  ConfigOptions options;

  @Option(names = "--ready", description = "Check readiness (/ready: consumer in its group, Datadog reachable, key "
      + "accepted) instead of liveness (/health).")
  boolean ready;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Telemetry port to ask; default: telemetry.http-port from the configuration (9464).")
  Integer port;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Host to ask; default: telemetry.bind-address from the configuration, 127.0.0.1 when that is "
          + "every interface (0.0.0.0).")
  String host;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s",
      description = "How long to wait for the answer, e.g. 3s or 500ms (default: ${DEFAULT-VALUE}).")
  String timeout;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Duration wait = Durations.parse(timeout).filter(d -> !d.isZero()).orElse(null);
    if (wait == null) {
      spec.commandLine().getErr().println("dq-forwarder health: --timeout: '" + timeout
          + "' is not a duration; expected e.g. 3s or 500ms");
      return ForwarderMain.CONFIG_ERROR;
    }
    int target;
    String address;
    try {
      Settings settings = Settings.load(ForwarderConfig.SETTINGS, ForwarderConfig.PASS_THROUGH_PREFIXES,
          options.config, System.getenv(), options.overrides);
      target = port != null ? port : settings.get(ForwarderConfig.HTTP_PORT);
      address = host != null ? host : localAddress(settings.get(ForwarderConfig.HTTP_BIND));
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("Configuration error: " + e.getMessage());
      return ForwarderMain.CONFIG_ERROR;
    }
    if (target < 1 || target > 65_535) {
      spec.commandLine().getErr().println("Configuration error: telemetry.http-port is " + target
          + ", which names no port to ask; give the port the forwarder listens on with --port");
      return ForwarderMain.CONFIG_ERROR;
    }
    URI uri = URI.create("http://" + address + ":" + target + (ready ? "/ready" : "/health"));
    String what = ready ? "READY" : "UP";
    try {
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(wait).build().send(
          HttpRequest.newBuilder(uri).timeout(wait).GET().build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body().strip().replaceAll("\\s+", " ");
      if (response.statusCode() == 200) {
        spec.commandLine().getOut().println(what + ": " + uri + " answered 200 " + body);
        return 0;
      }
      spec.commandLine().getOut().println("NOT " + what + ": " + uri + " answered " + response.statusCode() + " "
          + body);
    } catch (HttpTimeoutException e) {
      spec.commandLine().getOut().println("NOT " + what + ": " + uri + " did not answer within " + timeout);
    } catch (IOException e) {
      spec.commandLine().getOut().println("NOT " + what + ": nothing answers at " + uri + " (" + reason(e)
          + "); is the forwarder running, and on this port?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      spec.commandLine().getOut().println("NOT " + what + ": interrupted while asking " + uri);
    }
    return UNHEALTHY;
  }

  /** Where a server bound to {@code bindAddress} answers on this host. */
  private static String localAddress(String bindAddress) {
    String bound = bindAddress.strip();
    if (bound.equals("0.0.0.0") || bound.equals("::") || bound.equals("[::]")) {
      return "127.0.0.1";
    }
    return bound.contains(":") && !bound.startsWith("[") ? "[" + bound + "]" : bound;
  }

  private static String reason(IOException e) {
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : "connection failed";
  }
}
