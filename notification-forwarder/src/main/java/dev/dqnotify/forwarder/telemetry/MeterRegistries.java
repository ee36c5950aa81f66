package dev.dqnotify.forwarder.telemetry;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.micrometer.statsd.StatsdProtocol;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the forwarder's meters go: always the Prometheus registry behind {@code /metrics}, and, when
 * a DogStatsD agent is configured, a StatsD registry in Datadog's flavour, so a Datadog shop needs no
 * Prometheus. Stages register their meters once, in {@link #meters()}; both registries see every
 * meter, with the same names (Prometheus shows {@code dqnotify_forwarder_events_posted_total},
 * DogStatsD sends {@code dqnotify.forwarder.events.posted}) and the same tags ({@code env} from
 * {@code forwarder.env}).
 */
public final class MeterRegistries implements AutoCloseable {

  /**
   * A DogStatsD agent to send to over UDP.
   *
   * @param host the agent's host ({@code DD_AGENT_HOST})
   * @param port its DogStatsD port ({@code DD_DOGSTATSD_PORT}, 8125 by default)
   * @param interval how often gauges (percentiles included) are sampled and sent
   */
  public record DogStatsd(String host, int port, Duration interval) {
    /** Rejects a blank host, a port outside 1–65535 and a non-positive interval. */
    public DogStatsd {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(interval, "interval");
      if (host.isBlank() || port < 1 || port > 65_535 || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("DogStatsD needs a host, a port from 1 to 65535 and a positive interval");
      }
    }
  }

  private static final Logger log = LoggerFactory.getLogger(MeterRegistries.class);

  private final PrometheusMeterRegistry prometheus;
  private final Optional<StatsdMeterRegistry> dogstatsd;
  private final CompositeMeterRegistry meters;

  private MeterRegistries(PrometheusMeterRegistry prometheus, Optional<StatsdMeterRegistry> dogstatsd,
      CompositeMeterRegistry meters) {
    this.prometheus = prometheus;
    this.dogstatsd = dogstatsd;
    this.meters = meters;
  }

  /**
   * The registries of one forwarder process.
   *
   * @param dogstatsd the agent to send to, or empty for Prometheus only
   * @param env tag {@code env=<value>} on every meter, if present
   */
  public static MeterRegistries create(Optional<DogStatsd> dogstatsd, Optional<String> env) {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CompositeMeterRegistry meters = new CompositeMeterRegistry();
    env.ifPresent(e -> meters.config().commonTags("env", e));
    meters.add(prometheus);
    Optional<StatsdMeterRegistry> statsd = dogstatsd.map(MeterRegistries::statsd);
    statsd.ifPresent(registry -> {
      meters.add(registry);
      log.info("Sending metrics to DogStatsD at {}:{} (UDP) besides /metrics", dogstatsd.get().host(),
          dogstatsd.get().port());
    });
    return new MeterRegistries(prometheus, statsd, meters);
  }

  private static StatsdMeterRegistry statsd(DogStatsd agent) {
    StatsdConfig config = new StatsdConfig() {
      @Override
      public String get(String key) {
        return null; // every value below; nothing from system properties
      }

      @Override
      public StatsdFlavor flavor() {
        return StatsdFlavor.DATADOG;
      }

      @Override
      public StatsdProtocol protocol() {
        return StatsdProtocol.UDP;
      }

      @Override
      public String host() {
        return agent.host();
      }

      @Override
      public int port() {
        return agent.port();
      }

      @Override
      public Duration pollingFrequency() {
        return agent.interval();
      }
    };
    return new StatsdMeterRegistry(config, Clock.SYSTEM);
  }

  /** The registry stages register their meters in: every meter reaches each configured backend. */
  public MeterRegistry meters() {
    return meters;
  }

  /** The Prometheus registry behind {@code /metrics}. */
  public PrometheusMeterRegistry prometheus() {
    return prometheus;
  }

  /** Whether meters also go to DogStatsD. */
  public boolean sendsToDogStatsd() {
    return dogstatsd.isPresent();
  }

  /** Flushes what DogStatsD has not been sent yet and stops its sender. */
  @Override
  public void close() {
    dogstatsd.ifPresent(StatsdMeterRegistry::close);
  }
}
