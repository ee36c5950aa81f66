package dev.dqnotify.forwarder.deliver;

import com.datadog.api.client.ApiClient;
import com.datadog.api.client.RetryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;

/**
 * The one way dqnotify configures the official client's {@link ApiClient}, for events and
 * monitors alike: any base URL (a Datadog site or the simulator), finite timeouts, the client's own
 * retry off, one request per attempt, and no key in the JDK's HTTP debug log. Keys are the
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

  static {
    JDK_HTTP_LOG.setLevel(java.util.logging.Level.INFO);
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
    // One attempt must be one request: see FixedLengthBody for the JDK's hidden POST retry.
    apiClient.setClientConfig(
        apiClient
            .getDefaultClientConfig()
            .connectorProvider(new HttpUrlConnectorProvider().useFixedLengthStreaming()));
    apiClient.getHttpClient().register(new FixedLengthBody(apiClient.getJSON().getMapper()));
    // Off explicitly (it is off by default): its retry blocks the thread for seconds, never retries
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
