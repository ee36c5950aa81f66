package dev.dqnotify.forwarder.deliver;

import dev.dqnotify.forwarder.render.DatadogEvent;
import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything notable in delivery, each as one method that writes the log line and moves the metric
 * together, so logs and metrics never disagree. Meter names use Micrometer's dotted form; the
 * Prometheus registry exposes them as {@code dqnotify_forwarder_datadog_requests_total{outcome}},
 * {@code dqnotify_forwarder_datadog_latency_seconds}, {@code
 * dqnotify_forwarder_events_posted_total}; the latency is a histogram with percentiles (see {@link
 * ForwarderMetrics#PERCENTILES}), {@code dqnotify_forwarder_events_retried_total}, {@code
 * dqnotify_forwarder_events_rejected_total}, {@code dqnotify_forwarder_events_withdrawn_total}, {@code
 * dqnotify_forwarder_in_flight} and {@code
 * dqnotify_forwarder_datadog_key_accepted}.
 *
 * <p>No method takes the API key, so none can log it.
 */
public final class DeliveryTelemetry {

  static final String REQUESTS = "dqnotify.forwarder.datadog.requests";
  static final String LATENCY = "dqnotify.forwarder.datadog.latency";
  static final String POSTED = "dqnotify.forwarder.events.posted";
  static final String RETRIED = "dqnotify.forwarder.events.retried";
  static final String REJECTED = "dqnotify.forwarder.events.rejected";
  static final String IN_FLIGHT = "dqnotify.forwarder.in_flight";
  static final String KEY_ACCEPTED = "dqnotify.forwarder.datadog.key_accepted";
  static final String WITHDRAWN = "dqnotify.forwarder.events.withdrawn";

  private static final Logger log = LoggerFactory.getLogger(RetryingDeliverer.class);

  private final Counter requestsDelivered;
  private final Counter requestsRetryable;
  private final Counter requestsRejected;
  private final Counter requestsUnauthorized;
  private final Timer latency;
  private final Counter posted;
  private final Counter retried;
  private final Counter rejected;
  private final Counter withdrawn;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger keyAccepted = new AtomicInteger(1);

  /** Registers the delivery meters in {@code registry}. */
  public DeliveryTelemetry(MeterRegistry registry) {
    requestsDelivered = requests(registry, "delivered");
    requestsRetryable = requests(registry, "retryable");
    requestsRejected = requests(registry, "rejected");
    requestsUnauthorized = requests(registry, "unauthorized");
    latency =
        Timer.builder(LATENCY)
            .description("Time Datadog took to answer an event post, or to fail it")
            .publishPercentiles(ForwarderMetrics.PERCENTILES)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    posted = counter(registry, POSTED, "Events Datadog accepted");
    retried = counter(registry, RETRIED, "Event posts that failed and were scheduled again");
    rejected = counter(registry, REJECTED, "Events Datadog refused for good (dead-lettered)");
    withdrawn = counter(registry, WITHDRAWN,
        "Events given up before Datadog accepted them, as their partition was revoked");
    Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
        .description("Requests to Datadog under way")
        .register(registry);
    Gauge.builder(KEY_ACCEPTED, keyAccepted, AtomicInteger::get)
        .description("1 while Datadog accepts the API key, 0 while delivery is paused for it")
        .register(registry);
  }

  /** Runs one post, timing it. */
  DeliveryOutcome timePost(Supplier<DeliveryOutcome> post) {
    return latency.record(post);
  }

  void inFlight(int requests) {
    inFlight.set(requests);
  }

  void delivered(DatadogEvent event, String datadogEventId, int attempts) {
    requestsDelivered.increment();
    posted.increment();
    log.debug(
        "Delivered {} to Datadog as event {} after {} attempt(s)",
        describe(event),
        datadogEventId,
        attempts);
  }

  void retrying(DatadogEvent event, int attempt, DeliveryOutcome.Retryable outcome, Duration wait) {
    requestsRetryable.increment();
    retried.increment();
    log.warn(
        "Datadog did not take {} on attempt {}: {}; next attempt in {}",
        describe(event),
        attempt,
        outcome.reason(),
        human(wait));
  }

  /** A post that threw instead of returning an outcome: a bug, but the event is kept. */
  void unexpectedFailure(DatadogEvent event, RuntimeException failure) {
    log.warn("Posting {} failed unexpectedly; it will be retried", describe(event), failure);
  }

  void rejected(DatadogEvent event, int attempt, DeliveryOutcome.Rejected outcome) {
    requestsRejected.increment();
    rejected.increment();
    log.warn(
        "Datadog rejected {} with HTTP {} on attempt {}; it goes to the dead-letter topic: {}",
        describe(event),
        outcome.status(),
        attempt,
        outcome.bodyExcerpt());
  }

  /** An event given up before Datadog accepted it: its partition went to another member. */
  void withdrawn(DatadogEvent event, int attempts) {
    withdrawn.increment();
    log.debug("Withdrew {} after {} attempt(s): its partition was revoked; its new owner delivers it",
        describe(event), attempts);
  }

  /** The one operator-facing line of a pause: logged once when delivery stops for the key. */
  void keyRejected(int status, String keyOrigin, URI site, Duration probeInterval) {
    requestsUnauthorized.increment();
    keyAccepted.set(0);
    log.error(
        "Datadog rejected the API key ({}) from {} at {}: fix DD_API_KEY / key file; delivery paused,"
            + " nothing is dropped. A key works only on its own organisation's site: check"
            + " datadog.site / DD_SITE too. Checking the key again every {}.",
        status,
        keyOrigin,
        site,
        human(probeInterval));
  }

  /** A request answered 401/403 while the pause was already known: counted, not shouted. */
  void unauthorizedAgain(DatadogEvent event, int status) {
    requestsUnauthorized.increment();
    log.debug("Datadog answered {} for {} while the API key is rejected", status, describe(event));
  }

  void keyStillRejected(DeliveryOutcome probe) {
    log.debug("Datadog API key check: still not accepted ({})", probe);
  }

  void keyAcceptedAgain(Duration pausedFor) {
    keyAccepted.set(1);
    log.info(
        "Datadog accepts the API key again; delivery resumed after {} paused", human(pausedFor));
  }

  void abandonedOnClose(int events, Duration deadline) {
    if (events > 0) {
      log.warn(
          "Closing with {} event(s) not delivered within {}; they stay uncommitted and will be"
              + " read again",
          events,
          human(deadline));
    }
  }

  /** "250 ms", "1.5 s", "120 s": readable at a glance, exact enough for an operator. */
  static String human(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    return (millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0))
        + " s";
  }

  private static String describe(DatadogEvent event) {
    return "notification " + event.notificationId() + " part " + event.part() + "/" + event.parts();
  }

  private static Counter requests(MeterRegistry registry, String outcome) {
    return Counter.builder(REQUESTS)
        .description("Event posts to Datadog, by how they ended")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }
}
