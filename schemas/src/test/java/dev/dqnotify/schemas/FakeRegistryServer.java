package dev.dqnotify.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A stand-in for a Confluent-API schema registry on 127.0.0.1 (JDK HttpServer), under the base path
 * {@code /apis/ccompat/v7} as Apicurio serves it. Keeps subjects, ids and compatibility levels in
 * memory, records every request, and can be scripted to answer a method and path with a fixed
 * status and body, or never to answer.
 */
public final class FakeRegistryServer implements AutoCloseable {

  /** The base path every URL of this server lives under. */
  public static final String BASE_PATH = "/apis/ccompat/v7";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
  private static final Pattern IDS = Pattern.compile("/schemas/ids/(-?\\d+)");
  private static final Pattern CONFIG = Pattern.compile("/config/([^/]+)");

  /** One request as the server saw it; {@code rawPath} is below {@link #BASE_PATH}. */
  public record Request(
      String method, String rawPath, String contentType, String authorization, String body) {}

  private record Scripted(int status, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final CountDownLatch released = new CountDownLatch(1);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Scripted> scripted = new HashMap<>();
  private final Map<String, Boolean> hanging = new HashMap<>();
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, Integer> idsBySubjectSchema = new HashMap<>();
  private final Map<String, String> compatibility = new HashMap<>();
  private int nextId = 1;

  private FakeRegistryServer(HttpServer server) {
    this.server = server;
  }

  /** Starts the server on a free loopback port. */
  public static FakeRegistryServer start() {
    try {
      return started(
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the server with TLS on a free loopback port: {@code tls} holds its certificate and whom
   * it trusts; {@code needClientAuth} asks every client for a certificate (mutual TLS).
   */
  public static FakeRegistryServer startHttps(SSLContext tls, boolean needClientAuth) {
    try {
      HttpsServer https =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      https.setHttpsConfigurator(
          new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters parameters = tls.getDefaultSSLParameters();
              parameters.setNeedClientAuth(needClientAuth);
              params.setSSLParameters(parameters);
            }
          });
      return started(https);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FakeRegistryServer started(HttpServer http) {
    FakeRegistryServer fake = new FakeRegistryServer(http);
    http.createContext("/", fake::handle);
    // Own threads: a hanging handler must not block the dispatcher, or stop() would hang.
    http.setExecutor(fake.executor);
    http.start();
    return fake;
  }

  private String scheme() {
    return server instanceof HttpsServer ? "https" : "http";
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
  public String url() {
    return scheme() + "://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
  }

  /** The base URL with {@code userInfo} ({@code user:password}) in it. */
  public String urlWithUserInfo(String userInfo) {
    return scheme() + "://" + userInfo + "@127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
  }

  /** Every request so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The next registered schema gets {@code id}, and later ones count up from it. */
  public synchronized void nextId(int id) {
    nextId = id;
  }

  /** From now on answers {@code method rawPath} with {@code status} and {@code body}. */
  public synchronized void answer(String method, String rawPath, int status, String body) {
    scripted.put(method + ' ' + rawPath, new Scripted(status, body));
  }

  /** From now on never answers {@code method rawPath} (until {@link #close()}). */
  public synchronized void hang(String method, String rawPath) {
    hanging.put(method + ' ' + rawPath, true);
  }

  /** Puts {@code schemaJson} under {@code id} as if another client had registered it. */
  public synchronized void storeSchema(int id, String schemaJson) {
    schemasById.put(id, schemaJson);
    idsBySchema.put(schemaJson, id);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String rawPath = exchange.getRequestURI().getRawPath();
      if (rawPath.startsWith(BASE_PATH)) {
        rawPath = rawPath.substring(BASE_PATH.length());
      } else {
        rawPath = "(outside the base path) " + rawPath;
      }
      String method = exchange.getRequestMethod();
      requests.add(
          new Request(
              method,
              rawPath,
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Authorization"),
              body));
      boolean hang;
      Scripted answer;
      synchronized (this) {
        hang = hanging.containsKey(method + ' ' + rawPath);
        answer = hang ? null : scripted.get(method + ' ' + rawPath);
        if (!hang && answer == null) {
          answer = respond(method, rawPath, body);
        }
      }
      if (hang) {
        released.await(30, TimeUnit.SECONDS);
        return;
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // The registry's behaviour, as far as dqnotify uses it.
  private Scripted respond(String method, String rawPath, String body) throws IOException {
    Matcher m;
    if (method.equals("POST") && (m = VERSIONS.matcher(rawPath)).matches()) {
      String subject = decode(m.group(1));
      String schema = schemaOf(body);
      int id = idsBySchema.computeIfAbsent(schema, s -> nextId++);
      schemasById.put(id, schema);
      idsBySubjectSchema.put(subject + '\n' + schema, id);
      return new Scripted(200, "{\"id\":" + id + "}");
    }
    if (method.equals("POST") && (m = SUBJECT.matcher(rawPath)).matches()) {
      String subject = decode(m.group(1));
      Integer id = idsBySubjectSchema.get(subject + '\n' + schemaOf(body));
      return id == null
          ? error(404, 40403, "Schema not found")
          : new Scripted(
              200,
              JSON.createObjectNode()
                  .put("subject", subject)
                  .put("version", 1)
                  .put("id", id)
                  .put("schema", schemaOf(body))
                  .toString());
    }
    if (method.equals("GET") && (m = IDS.matcher(rawPath)).matches()) {
      String schema = schemasById.get(Integer.parseInt(m.group(1)));
      return schema == null
          ? error(404, 40403, "Schema " + m.group(1) + " not found")
          : new Scripted(200, JSON.createObjectNode().put("schema", schema).toString());
    }
    if (method.equals("GET") && (m = CONFIG.matcher(rawPath)).matches()) {
      String level = compatibility.get(decode(m.group(1)));
      return level == null
          ? error(404, 40401, "Subject '" + decode(m.group(1)) + "' not found.")
          : new Scripted(200, "{\"compatibilityLevel\":\"" + level + "\"}");
    }
    if (method.equals("PUT") && (m = CONFIG.matcher(rawPath)).matches()) {
      String level = JSON.readTree(body).path("compatibility").asText();
      compatibility.put(decode(m.group(1)), level);
      return new Scripted(200, "{\"compatibility\":\"" + level + "\"}");
    }
    return error(404, 404, "HTTP 404 Not Found");
  }

  private static String schemaOf(String body) throws IOException {
    JsonNode schema = JSON.readTree(body).get("schema");
    if (schema == null) {
      throw new IOException("no schema in " + body);
    }
    return schema.asText();
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static Scripted error(int status, int code, String message) {
    return new Scripted(
        status, JSON.createObjectNode().put("error_code", code).put("message", message).toString());
  }
}
