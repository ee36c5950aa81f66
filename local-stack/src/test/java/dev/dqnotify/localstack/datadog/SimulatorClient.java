package dev.dqnotify.localstack.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client for the simulator's Datadog and admin endpoints, as another process sees
 * them.
 */
final class SimulatorClient {

  static final String API_KEY = "test-api-key";
  static final String APP_KEY = "test-app-key";
  static final ObjectMapper JSON = new ObjectMapper();

  // One client for all tests: connection reuse is what real clients do, and dropped connections
  // must not spoil it for the next request.
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String baseUrl;

  SimulatorClient(DatadogSimulator simulator) {
    this.baseUrl = simulator.baseUrl();
  }

  /** A minimal valid event body, for a test to add to or spoil. */
  static ObjectNode event() {
    return JSON.createObjectNode().put("title", "Null rate rose").put("text", "orders.customer_id");
  }

  HttpResponse<String> postEvent(JsonNode body) throws IOException {
    return postEvent(body.toString(), API_KEY);
  }

  /** Posts {@code body} as is; a null {@code apiKey} sends no key header at all. */
  HttpResponse<String> postEvent(String body, String apiKey) throws IOException {
    HttpRequest.Builder request =
        request("/api/v1/events")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      request.header("DD-API-KEY", apiKey);
    }
    return send(request.build());
  }

  HttpResponse<String> validate(String apiKey) throws IOException {
    HttpRequest.Builder request = request("/api/v1/validate").GET();
    if (apiKey != null) {
      request.header("DD-API-KEY", apiKey);
    }
    return send(request.build());
  }

  /** Calls the admin API; {@code body} may be null for requests without one. */
  HttpResponse<String> admin(String method, String path, String body) throws IOException {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    return send(
        request(path).header("Content-Type", "application/json").method(method, publisher).build());
  }

  /**
   * Any request to the simulator: {@code body} may be null for none; every header is sent as given,
   * so a test can leave out or spoil a key.
   */
  HttpResponse<String> call(
      String method, String path, java.util.Map<String, String> headers, String body)
      throws IOException {
    HttpRequest.Builder request =
        request(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return send(request.build());
  }

  /** As {@link #call}, but a body goes without a {@code Content-Type} header. */
  HttpResponse<String> callWithoutContentType(
      String method, String path, java.util.Map<String, String> headers, String body)
      throws IOException {
    HttpRequest.Builder request =
        request(path).method(method, HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request.build());
  }

  /** A Monitors API request with both keys; {@code body} may be null for none. */
  HttpResponse<String> monitors(String method, String path, JsonNode body) throws IOException {
    return call(
        method,
        path,
        java.util.Map.of("DD-API-KEY", API_KEY, "DD-APPLICATION-KEY", APP_KEY),
        body == null ? null : body.toString());
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Not JSON: " + response.body(), e);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
  }

  private static HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for " + request.uri(), e);
    }
  }
}
