package dev.dqnotify.forwarder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.group.Notification;
import dev.dqnotify.forwarder.testing.TestEvents;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeterRegistriesTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Test
  void sendsEveryMeterToDogStatsdAsDatadogLinesWithTagsBesidesPrometheus() throws Exception {
    try (DatagramSocket agent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      agent.setSoTimeout(200);
      MeterRegistries.DogStatsd dogstatsd = new MeterRegistries.DogStatsd("127.0.0.1", agent.getLocalPort(),
          Duration.ofMillis(200));
      List<String> lines = new ArrayList<>();
      try (MeterRegistries registries = MeterRegistries.create(Optional.of(dogstatsd), Optional.of("prod"))) {
        Clock fiveSecondsAfterDetection = Clock.fixed(TestEvents.DETECTED_AT.plusSeconds(5), ZoneOffset.UTC);
        ForwarderMetrics metrics = new ForwarderMetrics(registries.meters(), fiveSecondsAfterDetection);
        // The sender connects in the background; a gauge's first sample shows it is up.
        Instant connected = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(connected) && !has(lines, "dqnotify.forwarder.consumer.paused:0|g|")) {
          lines.addAll(receive(agent));
        }

        metrics.consumed();
        metrics.delivered(new Notification("n-1", Map.of(), List.of(TestEvents.sample()), false));

        List<String> expected = List.of(
            "dqnotify\\.forwarder\\.events\\.consumed:1\\|c\\|#statistic:count,env:prod",
            "dqnotify\\.forwarder\\.events\\.delivered:1\\|c\\|#statistic:count,env:prod,event_type:[a-z_]+",
            // a distribution: Datadog computes percentiles across every instance
            "dqnotify\\.forwarder\\.end_to_end\\.latency:5000\\|d\\|#env:prod",
            // the process's own percentiles, accurate to a few percent
            "dqnotify\\.forwarder\\.end_to_end\\.latency\\.percentile:(4[89]|5[01])\\d\\d(\\.\\d+)?\\|g\\|"
                + "#statistic:value,env:prod,phi:0\\.95");
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline) && !expected.stream().allMatch(regex -> matches(lines, regex))) {
          lines.addAll(receive(agent));
        }
        assertThat(expected).as("DogStatsD lines expected among %s", lines.subList(0, Math.min(40, lines.size())))
            .allMatch(regex -> matches(lines, regex));

        String scrape = registries.prometheus().scrape();
        assertThat(scrape)
            .contains("dqnotify_forwarder_events_consumed_total{env=\"prod\"} 1.0")
            // Prometheus percentiles come from the buckets (histogram_quantile), across instances
            .contains("# TYPE dqnotify_forwarder_end_to_end_latency_seconds histogram")
            .containsPattern("end_to_end_latency_seconds_bucket\\{env=\"prod\",le=\"4\\.[0-9]+\"} 0\n")
            .containsPattern("end_to_end_latency_seconds_bucket\\{env=\"prod\",le=\"5\\.[0-9]+\"} 1\n");
        assertThat(registries.sendsToDogStatsd()).isTrue();
      }
    }
  }

  @Test
  void sendsNothingAnywhereButPrometheusWithoutAnAgent() {
    try (MeterRegistries registries = MeterRegistries.create(Optional.empty(), Optional.empty())) {
      new ForwarderMetrics(registries.meters()).consumed();

      assertThat(registries.sendsToDogStatsd()).isFalse();
      assertThat(registries.prometheus().scrape()).contains("dqnotify_forwarder_events_consumed_total 1.0");
    }
  }

  private static boolean matches(List<String> lines, String regex) {
    return lines.stream().anyMatch(line -> line.matches(regex));
  }

  private static boolean has(List<String> lines, String prefix) {
    return lines.stream().anyMatch(line -> line.startsWith(prefix));
  }

  private static List<String> receive(DatagramSocket socket) throws Exception {
    byte[] buffer = new byte[65_536];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      return List.of();
    }
    return Arrays.asList(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).split("\n"));
  }
}
