package dev.dqnotify.localrun.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForwarderTelemetryTest {

  @Test
  void sumsTheCountersOverTheirLabels() {
    String exposition = String.join("\n",
        "# HELP dqnotify_forwarder_events_posted_total Events Datadog accepted",
        "# TYPE dqnotify_forwarder_events_posted_total counter",
        "dqnotify_forwarder_events_posted_total{env=\"local\"} 29.0",
        "dqnotify_forwarder_events_retried_total{env=\"local\"} 14.0",
        "dqnotify_forwarder_events_dead_lettered_total{env=\"local\",stage=\"decode\"} 1.0",
        "dqnotify_forwarder_events_dead_lettered_total{env=\"local\",stage=\"deliver\"} 2.0",
        "dqnotify_forwarder_consumer_lag{partition=\"0\",topic=\"dq-events\"} 3.0",
        "dqnotify_forwarder_consumer_lag{partition=\"1\",topic=\"dq-events\"} 0.0",
        "dqnotify_forwarder_in_flight 0.0",
        "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} NaN",
        "");

    ForwarderTelemetry.Counters counters = ForwarderTelemetry.parse(exposition);

    assertThat(counters).isEqualTo(new ForwarderTelemetry.Counters(true, 29, 14, 3, 3, 0));
    assertThat(counters.idle()).isFalse();
  }

  @Test
  void anUnreachableForwarderKeepsTheLastCountersMarkedUnreachable() {
    ForwarderTelemetry telemetry = new ForwarderTelemetry(dev.dqnotify.localstack.process.FreePorts.next());

    assertThat(telemetry.scrape().reachable()).isFalse();
  }
}
