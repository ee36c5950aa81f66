package dev.dqnotify.forwarder.deliver;

import com.datadog.api.client.ApiClient;
import com.datadog.api.client.RetryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The one way dqnotify configures the official client's {@link ApiClient}, for events and
 * monitors alike: any base URL (a Datadog site or the simulator), finite timeouts, the client's own
 * retry off, one request per attempt, kept-alive connections for every request in flight, and no
 * key in the JDK's HTTP debug log. Keys are the
 * caller's ({@code configureApiKeys}).
 */
public final class DatadogApiClients {

  /** ApiClient's second server entry is {@code {protocol}://{name}}: any host, any scheme. */
  private static final int CUSTOM_SERVER_INDEX = 1;

  /**
   * The JDK's HttpURLConnection (Jersey's default connector) logs every request's headers, the
   * key headers included, at FINE. Capped at INFO so that turning all logging up to debug (or
   * bridging java.util.logging into SLF4J at DEBUG) cannot print a key. Held in a field because
   * java.util.logging forgets the level of a logger nobody references.
   */
  private static final java.util.logging.Logger JDK_HTTP_LOG =
      java.util.logging.Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection");

  /**
   * The JDK's HttpURLConnection quietly sends a POST a second time when the connection breaks
   * before the answer: a duplicate Datadog event, and an attempt our backoff and metrics never
   * see. {@code sun.net.http.retryPost=false} turns that off for the process.
   */
  static final String RETRY_POST = "sun.net.http.retryPost";

  /**
   * The JDK keeps at most this many idle connections per host (default 5): with more requests in
   * flight, every further request would open a new connection (a TLS handshake against Datadog).
   * Raised to the most {@code deliver.max-in-flight} allows, unless the operator set it.
   */
  static final String MAX_IDLE_CONNECTIONS = "http.maxConnections";

  static final int MAX_CONNECTIONS = 256;

  static {
    JDK_HTTP_LOG.setLevel(java.util.logging.Level.INFO);
    // Both are read once, when the JDK's HTTP client classes are first used; nothing in the
    // forwarder uses them before this class (the schema registry client is java.net.http).
    System.setProperty(RETRY_POST, "false");
    if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
      System.setProperty(MAX_IDLE_CONNECTIONS, Integer.toString(MAX_CONNECTIONS));
    }
  }

  private DatadogApiClients() {}

  /**
   * A client for {@code baseUrl}.
   *
   * @param baseUrl from {@link DatadogSite#baseUrl(String)}
   * @param connectTimeout how long to wait for a connection, at least 1 ms
   * @param readTimeout how long to wait for an answer, at least 1 ms
   */
  public static ApiClient create(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    ApiClient apiClient = new ApiClient();
    // The body is buffered and written with the headers in one go. (Streamed with a fixed length,
    // the headers would leave first and the body wait for their TCP acknowledgement: a round trip,
    // or a delayed ACK, added to every request.) One attempt stays one request: see RETRY_POST.

    // The client's own retry, off explicitly (it is off by default): its retry blocks the thread for seconds, never retries
    // a broken connection, and would hide every attempt from our metrics and backoff.
    apiClient.setRetry(new RetryConfig(false, 2, 2, 0));
    // The client's timeouts default to 0 = wait forever; a hung connection would hold a thread
    // for good.
    apiClient.setConnectTimeout(millis(connectTimeout, "connectTimeout"));
    apiClient.setReadTimeout(millis(readTimeout, "readTimeout"));
    apiClient.setServerIndex(CUSTOM_SERVER_INDEX);
    apiClient.setServerVariables(serverVariables(baseUrl));
    return apiClient;
  }

  private static Map<String, String> serverVariables(URI baseUrl) {
    URI url = DatadogSite.baseUrl(baseUrl.toString()); // validates and drops a trailing slash
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return Map.of("protocol", url.getScheme(), "name", url.getRawAuthority() + path);
  }

  private static int millis(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms, got " + timeout);
    }
    return (int) timeout.toMillis();
  }
}
