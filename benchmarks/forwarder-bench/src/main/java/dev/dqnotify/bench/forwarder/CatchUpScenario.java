package dev.dqnotify.bench.forwarder;

import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.bench.Stats;
import dev.dqnotify.forwarder.Forwarder;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: a backlog built up while Datadog was down, and the time to drain it once Datadog is
 * back. The outbox is preloaded with the backlog, the forwarder starts while the simulator answers
 * 503 to everything (so it holds its pending records and backs off as in a real outage), and the
 * clock starts when the simulator answers again (with a 20 ms latency).
 */
final class CatchUpScenario {

  private CatchUpScenario() {}

  static ScenarioResult run(LocalStack stack, boolean quick) throws InterruptedException {
    // Built first: it reads the load average before the run.
    ScenarioResult result = new ScenarioResult("catch-up", "6. Catch-up after an outage", quick);
    int backlog = quick ? 200 : 20_000;
    Duration outage = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(60);
    int latencyMs = 20;
    int inFlight = 16;
    OutboxFixture outbox = new OutboxFixture(stack, "bench-catch-up");
    outbox.preload(backlog);
    DatadogSimulator datadog = stack.datadog();
    datadog.reset();
    datadog.faults().status(503);
    Instant recovered;
    Instant last;
    try (Forwarder forwarder = outbox.startForwarder(Map.of("deliver.max-in-flight", String.valueOf(inFlight)))) {
      Thread.sleep(outage.toMillis());
      datadog.faults().clear();
      datadog.faults().latency(Duration.ofMillis(latencyMs));
      recovered = Instant.now();
      Instant deadline = recovered.plus(Duration.ofMinutes(quick ? 2 : 15));
      while (datadog.acceptedEvents().size() < backlog) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("the backlog did not drain: " + datadog.acceptedEvents().size() + " of "
              + backlog + " delivered");
        }
        Thread.sleep(100);
      }
    }
    List<Instant> received = datadog.acceptedEvents().stream().map(ReceivedEvent::receivedAt).sorted().toList();
    last = received.get(received.size() - 1);
    double firstAfter = Duration.between(recovered, received.get(0)).toMillis() / 1000.0;
    double drain = Duration.between(recovered, last).toMillis() / 1000.0;
    double rate = (received.size() - 1) / (Duration.between(received.get(0), last).toNanos() / 1e9);
    double bound = inFlight * 1000.0 / latencyMs;
    Map<Integer, Integer> statuses = datadog.responsesByStatus();
    datadog.faults().clear();
    return result.parameter("backlog", backlog).parameter("outage", outage).parameter("latencyAfterMs", latencyMs)
        .parameter("maxInFlight", inFlight).parameter("backoff", "forwarder defaults (500 ms doubling to 60 s, 20 % jitter)")
        .columns("backlog events", "outage s", "first delivery after recovery s", "drain time s", "drain events/s",
            "bound events/s", "503 answers during outage")
        .row(backlog, outage.toSeconds(), Stats.round(firstAfter, 2), Stats.round(drain, 1), Stats.round(rate, 1),
            bound, statuses.getOrDefault(503, 0))
        .summary("time to drain after recovery (s)", Stats.round(drain, 1))
        .note("Scaled from the issue's 5-minute outage and 100,000 events to " + outage.toSeconds() + " s and "
            + backlog + " events; the drain time scales with the backlog at the drain rate, plus the wait for the "
            + "backoff in progress when Datadog comes back (at most `deliver.backoff.max`, 60 s).");
  }
}
