package dev.dqnotify.localrun.observe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The forwarder's own counters, read from its Prometheus {@code /metrics}: what it posted, retried
 * and dead-lettered, as it counts them — the only view there is when it posts to real Datadog.
 */
public final class ForwarderTelemetry {

  /** Events Datadog accepted. */
  static final String POSTED = "dqnotify_forwarder_events_posted_total";
  /** Event posts that failed and were scheduled again. */
  static final String RETRIED = "dqnotify_forwarder_events_retried_total";
  /** Records written to the dead-letter topic (every stage). */
  static final String DEAD_LETTERED = "dqnotify_forwarder_events_dead_lettered_total";
  /** Records between the consumer's position and the end of each partition. */
  static final String CONSUMER_LAG = "dqnotify_forwarder_consumer_lag";
  /** Datadog requests under way. */
  static final String IN_FLIGHT = "dqnotify_forwarder_in_flight";

  /**
   * The counters of one scrape.
   *
   * @param reachable whether {@code /metrics} answered
   * @param posted events Datadog accepted
   * @param retried posts scheduled again after a failure
   * @param deadLettered records dead-lettered
   * @param consumerLag records of the outbox not yet read
   * @param inFlight Datadog requests under way
   */
  public record Counters(boolean reachable, long posted, long retried, long deadLettered, long consumerLag,
      long inFlight) {
    /** Before the first scrape. */
    public static final Counters NONE = new Counters(false, 0, 0, 0, 0, 0);

    /** Nothing left to read or to post. */
    public boolean idle() {
      return reachable && consumerLag == 0 && inFlight == 0;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI metrics;
  private volatile Counters last = Counters.NONE;

  /** Reads the forwarder whose telemetry listens on {@code port}. */
  public ForwarderTelemetry(int port) {
    this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
  }

  /** Scrapes now; when the forwarder does not answer, the last counters, marked unreachable. */
  public Counters scrape() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        last = parse(response.body());
        return last;
      }
    } catch (IOException e) {
      // Not up yet, or gone: fall through.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Counters previous = last;
    return new Counters(false, previous.posted(), previous.retried(), previous.deadLettered(),
        previous.consumerLag(), previous.inFlight());
  }

  /** The counters of a Prometheus text exposition; samples with labels are summed per name. */
  static Counters parse(String exposition) {
    Map<String, Double> sums = new HashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int nameEnd = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
      int valueStart = line.lastIndexOf(' ');
      if (nameEnd <= 0 || valueStart <= nameEnd) {
        continue;
      }
      try {
        sums.merge(line.substring(0, nameEnd), Double.parseDouble(line.substring(valueStart + 1)), Double::sum);
      } catch (NumberFormatException e) {
        // NaN and friends are fine to skip.
      }
    }
    return new Counters(true, count(sums, POSTED), count(sums, RETRIED), count(sums, DEAD_LETTERED),
        count(sums, CONSUMER_LAG), count(sums, IN_FLIGHT));
  }

  private static long count(Map<String, Double> sums, String name) {
    return Math.round(sums.getOrDefault(name, 0.0));
  }
}
