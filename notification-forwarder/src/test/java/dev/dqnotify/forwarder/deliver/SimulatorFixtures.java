package dev.dqnotify.forwarder.deliver;

import dev.dqnotify.config.Secret;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Builds real clients against a {@link DatadogSimulator}, the way the forwarder's assembly does.
 */
final class SimulatorFixtures {

  static final String OUR_KEY = "dd0123456789abcdef0123456789abcd";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private SimulatorFixtures() {}

  static DatadogEventsClient client(
      DatadogSimulator datadog, ApiKeySource keys, Duration readTimeout) {
    return new DatadogEventsClient(
        DatadogSite.baseUrl(datadog.baseUrl()), keys, CONNECT_TIMEOUT, readTimeout);
  }

  static DatadogEventsClient client(DatadogSimulator datadog) {
    return client(datadog, ApiKeySource.of(Secret.of(OUR_KEY)), READ_TIMEOUT);
  }

  /** A URL nothing listens on: a port that was free a moment ago. */
  static URI closedPort() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  /** The notification ids of the accepted events, in order of arrival. */
  static List<String> notificationIds(DatadogSimulator datadog) {
    return datadog.acceptedEvents().stream()
        .map(ReceivedEvent::aggregationKey)
        .map(key -> key.substring("dq-".length()))
        .toList();
  }
}
