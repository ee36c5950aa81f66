package dev.dqnotify.bench.forwarder;

import dev.dqnotify.bench.Plots;
import dev.dqnotify.bench.ScenarioResult;
import dev.dqnotify.bench.Stats;
import dev.dqnotify.forwarder.Forwarder;
import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2: delivered events/s against the physical bound {@code in-flight / latency}. The
 * outbox is preloaded; for each simulator latency and in-flight limit a forwarder of a new group
 * reads it from the start until enough events arrived for a steady-state estimate. The rate is
 * taken from the simulator's receipt times after the first 10 % (group join, connection set-up,
 * JIT), so start-up does not count against the forwarder. Each point is measured {@code repeats}
 * times and the median reported.
 */
final class DeliveryRateScenario {

  static final double TARGET_FRACTION = 0.9;

  private DeliveryRateScenario() {}

  static ScenarioResult run(LocalStack stack, boolean quick, Path plots) throws InterruptedException {
    List<Integer> latencies = quick ? List.of(20) : List.of(20, 50, 100);
    List<Integer> inFlights = quick ? List.of(1, 4) : List.of(1, 2, 4, 8, 16, 32, 64);
    double seconds = quick ? 0.5 : 4;
    int repeats = quick ? 1 : 2;
    int maxEvents = quick ? 200 : 14_000;
    OutboxFixture outbox = new OutboxFixture(stack, "bench-delivery");
    outbox.preload(maxEvents);
    DatadogSimulator datadog = stack.datadog();

    ScenarioResult result = new ScenarioResult("delivery-rate", "2. Delivery rate vs the physical bound", quick)
        .parameter("eventsPreloaded", maxEvents).parameter("secondsAtBoundPerPoint", seconds)
        .parameter("repeats", repeats).parameter("grouping", "PER_EVENT")
        .columns("latency ms", "in-flight", "bound events/s", "delivered events/s (median)", "fraction of bound",
            "events measured", "ceiling events/s (0 ms)", "fraction of min(bound, ceiling)");
    // What this machine delivers when Datadog answers at once: the forwarder's, the client's and the
    // simulator's own cost per request, which the bare bound in-flight/latency leaves out.
    Map<Integer, Double> ceilings = new HashMap<>();
    for (int inFlight : inFlights) {
      List<Double> rates = new ArrayList<>();
      for (int r = 0; r < repeats; r++) {
        rates.add(measure(outbox, datadog, 0, inFlight, quick ? 60 : 6_000));
      }
      ceilings.put(inFlight, Stats.median(rates));
    }
    List<Plots.Series> series = new ArrayList<>();
    double worst = Double.MAX_VALUE;
    double worstOfReachable = Double.MAX_VALUE;
    for (int latency : latencies) {
      List<Double> x = new ArrayList<>();
      List<Double> measured = new ArrayList<>();
      List<Double> bounds = new ArrayList<>();
      for (int inFlight : inFlights) {
        double bound = inFlight * 1000.0 / latency;
        int events = (int) Math.min(maxEvents, Math.max(quick ? 20 : 60, bound * seconds));
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
          rates.add(measure(outbox, datadog, latency, inFlight, events));
        }
        double rate = Stats.median(rates);
        double fraction = rate / bound;
        double ceiling = ceilings.get(inFlight);
        double ofReachable = rate / Math.min(bound, ceiling);
        worst = Math.min(worst, fraction);
        worstOfReachable = Math.min(worstOfReachable, ofReachable);
        result.row(latency, inFlight, Stats.round(bound, 1), Stats.round(rate, 1), Stats.round(fraction, 3), events,
            Stats.round(ceiling, 1), Stats.round(ofReachable, 3));
        x.add((double) inFlight);
        measured.add(rate);
        bounds.add(bound);
      }
      series.add(new Plots.Series("measured, " + latency + " ms", x, measured, false));
      series.add(new Plots.Series("bound, " + latency + " ms", x, bounds, true));
    }
    series.add(new Plots.Series("ceiling (0 ms latency)", inFlights.stream().map(Integer::doubleValue).toList(),
        inFlights.stream().map(ceilings::get).toList(), true));
    datadog.faults().clear();
    Path plot = Plots.line(plots.resolve("delivery-rate.png"), "Delivered events/s vs in-flight limit",
        "deliver.max-in-flight", "events/s", true, true, series);
    return result.plot(plot.toString())
        .summary("lowest fraction of the bound", Stats.round(worst, 3))
        .summary("lowest fraction of min(bound, ceiling)", Stats.round(worstOfReachable, 3))
        .target("≥ 0.9 of in-flight/latency at every point", quick ? null : worst >= TARGET_FRACTION)
        .note("The simulator answers every request after the latency, on WireMock's Jetty thread pool; the bound "
            + "in-flight/latency ignores the simulator's own limits and the time to validate and record each event.")
        .note("The forwarder runs in the harness JVM; Kafka and the schema registry are child JVMs on the same 2 cores.")
        .note("Ceiling: the same measurement with the simulator answering at once (0 ms), per in-flight limit: what "
            + "the forwarder, the Datadog client, the simulator and Kafka on this machine sustain. Where it is below "
            + "in-flight/latency, the machine, not the latency, bounds the rate.");
  }

  /** One forwarder run; the steady-state events/s by the simulator's receipt times. */
  private static double measure(OutboxFixture outbox, DatadogSimulator datadog, int latency, int inFlight, int events)
      throws InterruptedException {
    datadog.reset();
    if (latency > 0) {
      datadog.faults().latency(Duration.ofMillis(latency));
    }
    Forwarder forwarder = outbox.startForwarder(Map.of("deliver.max-in-flight", String.valueOf(inFlight)));
    try {
      Instant deadline = Instant.now().plusSeconds(60 + (long) (events * latency / 1000.0 / inFlight) * 3);
      while (datadog.acceptedEvents().size() < events) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("only " + datadog.acceptedEvents().size() + " of " + events
              + " events arrived (latency " + latency + " ms, in-flight " + inFlight + ")");
        }
        Thread.sleep(50);
      }
    } finally {
      forwarder.close();
    }
    List<Instant> received = datadog.acceptedEvents().stream().map(ReceivedEvent::receivedAt).sorted()
        .limit(events).toList();
    int from = received.size() / 10;
    double elapsed = Duration.between(received.get(from), received.get(received.size() - 1)).toNanos() / 1e9;
    return (received.size() - 1 - from) / elapsed;
  }
}
