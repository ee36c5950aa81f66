package dev.dqnotify.forwarder.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's HTTP endpoints, on the JDK's {@link HttpServer} (no web framework for three
 * read-only pages):
 *
 * <ul>
 *   <li>{@code GET /metrics}: every metric in the Prometheus text format.
 *   <li>{@code GET /health}: liveness; 200 while the consumer thread runs, else 503. Restart on 503.
 *   <li>{@code GET /ready}: readiness; 200 when every check passes (consumer in its group, Datadog
 *       reachable and the API key accepted), else 503. The body lists each check.
 * </ul>
 */
public final class TelemetryServer implements AutoCloseable {

  /** One readiness check's result. */
  public record Check(String name, boolean ok, String detail) {}

  private static final Logger log = LoggerFactory.getLogger(TelemetryServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;

  private TelemetryServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on {@code bindAddress} (e.g. {@code 0.0.0.0}: every interface) and {@code port}
   * (0: any free port).
   *
   * @param scrape the Prometheus text of every metric
   * @param alive the liveness answer
   * @param readiness the readiness checks, run on each request
   */
  public static TelemetryServer start(String bindAddress, int port, Supplier<String> scrape, BooleanSupplier alive,
      Supplier<List<Check>> readiness) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on telemetry address " + bindAddress + " port " + port, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "telemetry-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
        scrape.get()));
    server.createContext("/health", exchange -> {
      boolean up = alive.getAsBoolean();
      respond(exchange, up ? 200 : 503, "application/json", JSON.createObjectNode().put("status", up ? "UP" : "DOWN")
          .toString());
    });
    server.createContext("/ready", exchange -> {
      List<Check> checks = readiness.get();
      boolean ready = checks.stream().allMatch(Check::ok);
      ObjectNode body = JSON.createObjectNode().put("status", ready ? "READY" : "NOT_READY");
      ObjectNode byName = body.putObject("checks");
      checks.forEach(c -> byName.putObject(c.name()).put("ok", c.ok()).put("detail", c.detail()));
      respond(exchange, ready ? 200 : 503, "application/json", body.toString());
    });
    server.start();
    TelemetryServer telemetry = new TelemetryServer(server, executor);
    log.info("Telemetry on http://0.0.0.0:{}/ (/metrics, /health, /ready)", telemetry.port());
    return telemetry;
  }

  /** The port served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (RuntimeException e) {
      log.warn("Telemetry request {} failed", exchange.getRequestURI(), e);
      throw e;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
