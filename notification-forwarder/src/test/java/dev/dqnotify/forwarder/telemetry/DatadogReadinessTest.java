package dev.dqnotify.forwarder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.deliver.DeliveryHealth;
import dev.dqnotify.forwarder.deliver.DeliveryOutcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatadogReadinessTest {

  private static final URI EU = URI.create("https://api.datadoghq.eu");

  @Test
  void aRejectedKeyIsReportedWithTheSiteThatRejectedIt() {
    AtomicInteger validations = new AtomicInteger();
    DatadogReadiness readiness = new DatadogReadiness(EU, () -> {
      validations.incrementAndGet();
      return new DeliveryOutcome.Unauthorized(403);
    }, () -> new DeliveryHealth(true, Optional.empty(), 0), Duration.ofMinutes(1), Clock.systemUTC());

    TelemetryServer.Check check = readiness.check();

    assertThat(check.ok()).isFalse();
    assertThat(check.detail()).isEqualTo("API key rejected by https://api.datadoghq.eu (HTTP 403)");
    assertThat(validations).as("one probe asks Datadog once").hasValue(1);
  }

  @Test
  void aPausedDelivererIsReportedWithItsSiteWithoutAskingDatadog() {
    DatadogReadiness readiness = new DatadogReadiness(EU, () -> {
      throw new AssertionError("not asked");
    }, () -> new DeliveryHealth(false, Optional.empty(), 0), Duration.ofMinutes(1), Clock.systemUTC());

    assertThat(readiness.check().detail()).contains("https://api.datadoghq.eu").contains("rejects the API key");
  }
}
