package dev.dqnotify.forwarder;

import dev.dqnotify.config.ConfigException;
import dev.dqnotify.forwarder.consume.Handoff;
import dev.dqnotify.forwarder.consume.OffsetTracker;
import dev.dqnotify.forwarder.consume.OutboxConsumer;
import dev.dqnotify.forwarder.decode.EventDecoder;
import dev.dqnotify.forwarder.deliver.DatadogEventsClient;
import dev.dqnotify.forwarder.deliver.RetryingDeliverer;
import dev.dqnotify.forwarder.dlq.DeadLetterPublisher;
import dev.dqnotify.forwarder.filter.EventScreen;
import dev.dqnotify.forwarder.filter.Silence;
import dev.dqnotify.forwarder.pipeline.NotificationPipeline;
import dev.dqnotify.forwarder.telemetry.DatadogReadiness;
import dev.dqnotify.forwarder.telemetry.ForwarderMetrics;
import dev.dqnotify.forwarder.telemetry.TelemetryServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running forwarder: the live pipeline (consume → decode → filter → dedupe → group → render →
 * deliver, the dead-letter topic) wired from the shared {@link Stages}, and telemetry. {@link #close()} shuts
 * it down the way SIGTERM does.
 */
public final class Forwarder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
  private static final Duration READINESS_CACHE = Duration.ofSeconds(15);

  private final ForwarderConfig config;
  private final PrometheusMeterRegistry registry;
  private final ForwarderMetrics metrics;
  private final OutboxConsumer consumer;
  private final RetryingDeliverer deliverer;
  private final DeadLetterPublisher deadLetters;
  private final TelemetryServer telemetry;
  private final Stages stages;
  private boolean closed;

  private Forwarder(ForwarderConfig config, OutboxConsumer consumer, RetryingDeliverer deliverer,
      DeadLetterPublisher deadLetters, TelemetryServer telemetry, Stages stages) {
    this.config = config;
    this.registry = stages.prometheus();
    this.metrics = stages.metrics();
    this.consumer = consumer;
    this.deliverer = deliverer;
    this.deadLetters = deadLetters;
    this.telemetry = telemetry;
    this.stages = stages;
  }

  /**
   * Builds every stage and starts consuming.
   *
   * @param environment the process environment, for {@code DD_API_KEY}
   * @throws ConfigException when no Datadog API key is configured
   * @throws StartupException when a topic is missing, or Kafka or the registry does not answer as configured
   */
  public static Forwarder start(ForwarderConfig config, Map<String, String> environment, Clock clock) {
    Preflight.check(config);
    Stages stages = new Stages(config, environment, clock);
    try {
      DatadogEventsClient client = stages.datadogClient();
      MeterRegistry registry = stages.registry();
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      EventDecoder decoder = stages.decoder();
      RetryingDeliverer deliverer = stages.deliverer(OptionalDouble.empty());
      DeadLetterPublisher deadLetters = stages.deadLetterPublisher();
      OffsetTracker tracker = new OffsetTracker(clock);
      Handoff handoff = new Handoff();
      // The live dedupe state remembers every id below the committed offset: all of them are terminal.
      NotificationPipeline pipeline = stages.pipeline(stages.screen(EventScreen.Selection.all()),
          stages.deduplicator(config.dedupeHorizon()), stages.seenIds(record -> decoder.eventId(record.value())),
          deliverer, deadLetters, tracker, handoff, NotificationPipeline.Settings.live(config),
          NotificationPipeline.OutcomeListener.NONE);
      OutboxConsumer consumer = new OutboxConsumer(stages.groupConsumer(), config.topic(), tracker, handoff, pipeline,
          new OutboxConsumer.Settings(config.maxPendingRecords(), config.commitInterval(), config.revokeGrace(),
              config.shutdownDeadline(), config.maxUncommittedRecords(), config.maxUnfinishedAge()), clock,
          stages.metrics());

      DatadogReadiness datadogReadiness = new DatadogReadiness(client.site(), client::validate, deliverer::health, READINESS_CACHE,
          clock);
      TelemetryServer telemetry = TelemetryServer.start(config.httpBindAddress(), config.httpPort(), stages.prometheus()::scrape, consumer::isRunning,
          () -> List.of(consumerCheck(consumer), datadogReadiness.check()));
      stages.closeLater(telemetry);

      consumer.start();
      log.info("dq-forwarder consuming {} as group {}; Datadog at {}; dead letters to {}", config.topic(),
          config.groupId(), config.datadogBaseUrl(), config.deadLetterTopic());
      logSilences(config, clock);
      return new Forwarder(config, consumer, deliverer, deadLetters, telemetry, stages);
    } catch (RuntimeException e) {
      stages.close();
      throw e;
    }
  }

  private static void logSilences(ForwarderConfig config, Clock clock) {
    Instant now = clock.instant();
    for (Silence silence : config.silences()) {
      if (!now.isBefore(silence.end())) {
        log.info("Silence {} ended at {} and has no effect; remove it once its window need not be replayed",
            silence.name(), silence.end());
      } else {
        log.info("Silence {} ({}) {} until {}: {}", silence.name(), silence.describeMatchers(),
            silence.activeAt(now) ? "is active" : "starts at " + silence.start().orElseThrow() + " and lasts",
            silence.end(), silence.comment());
      }
    }
  }

  private static TelemetryServer.Check consumerCheck(OutboxConsumer consumer) {
    if (!consumer.isRunning()) {
      return new TelemetryServer.Check("consumer", false, "the consumer is not running");
    }
    if (!consumer.hasJoined()) {
      return new TelemetryServer.Check("consumer", false, "waiting for the group to assign partitions");
    }
    return new TelemetryServer.Check("consumer", true, consumer.assignedPartitions() + " partition(s) assigned");
  }

  /** Completes when the consumer ended: normally after {@link #close()}, exceptionally if it failed. */
  public CompletableFuture<Void> terminated() {
    return consumer.terminated();
  }

  /** The port of {@code /metrics}, {@code /health} and {@code /ready}. */
  public int telemetryPort() {
    return telemetry.port();
  }

  /** The Prometheus registry, which holds every meter (DogStatsD, when configured, gets the same ones). */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /** How many partitions this instance owns now. */
  public int assignedPartitions() {
    return consumer.assignedPartitions();
  }

  /** The consumer-side metrics. */
  public ForwarderMetrics metrics() {
    return metrics;
  }

  /**
   * Shuts down as on SIGTERM: no new records, work in flight gets {@code shutdown.deadline}, what is
   * terminal is committed, then everything is closed. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumer.stop();
    try {
      consumer.terminated().get(config.shutdownDeadline().plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.error("The consumer did not stop within the shutdown deadline; closing anyway");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("The consumer had failed before shutdown", e);
    }
    // The consumer gave in-flight work its deadline already; whatever is left is abandoned uncommitted.
    deliverer.close(Duration.ZERO);
    deadLetters.close(Duration.ZERO);
    stages.close();
    log.info("dq-forwarder stopped");
  }
}
