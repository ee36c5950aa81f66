package dev.dqnotify.faultsuite;

import static org.awaitility.Awaitility.await;

import dev.dqnotify.localstack.datadog.DatadogSimulator;
import dev.dqnotify.schemas.DqEvent;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Datadog misbehaving while the forwarder delivers: one scenario per kind of fault. */
@Order(2)
@ExtendWith(FaultStack.Extension.class)
class DatadogFaultsIT {

  private static final int EVENTS = 300;

  /** A Datadog fault, injected once a seeded number of events got through. */
  enum DatadogFault {
    /** 503 on every request for a while. */
    SERVER_ERRORS("Datadog 503 for 3 s") {
      @Override
      void inject(Scenario scenario) {
        scenario.datadog().faults().statusFor(503, Duration.ofSeconds(3));
      }
    },
    /** Answers slower than the forwarder's read timeout (2 s) for a while. */
    TIMEOUTS("Datadog answers after 3 s (read timeout 2 s) for 5 s") {
      @Override
      void inject(Scenario scenario) {
        scenario.datadog().faults().latencyFor(Duration.ofSeconds(3), Duration.ofSeconds(5));
      }

      @Override
      long duplicateBound(Scenario scenario) {
        // docs/forwarder.md: a request that times out after Datadog accepted it is posted again,
        // once per timed-out attempt; every such attempt is counted as a retry.
        return scenario.forwarderCounters().retried();
      }
    },
    /** Two bursts of 429 with x-ratelimit-reset, the second once delivery resumed. */
    RATE_LIMIT_BURSTS("two bursts of 40 × 429, reset 1-2 s") {
      @Override
      void inject(Scenario scenario) {
        scenario.datadog().faults().rateLimitNext(40, 2);
      }

      @Override
      void midway(Scenario scenario) {
        scenario.datadog().faults().rateLimitNext(40, 1);
      }
    },
    /** The key is refused (403) until the simulator is given the forwarder's key again. */
    WRONG_KEY("Datadog 403 (key refused) until 10 refusals, then the right key") {
      @Override
      void inject(Scenario scenario) {
        DatadogSimulator datadog = scenario.datadog();
        datadog.setApiKey("fault-suite-some-other-key");
        // "For a while", measured by what the forwarder went through rather than by the clock.
        await("10 requests refused with 403").atMost(Duration.ofSeconds(60))
            .until(() -> datadog.responsesByStatus().getOrDefault(403, 0) >= 10);
        datadog.setApiKey(FaultStack.API_KEY);
      }
    };

    private final String description;

    DatadogFault(String description) {
      this.description = description;
    }

    abstract void inject(Scenario scenario);

    /** A second dose, once delivery has resumed. */
    void midway(Scenario scenario) {}

    /** Retries of requests Datadog never accepted post nothing twice. */
    long duplicateBound(Scenario scenario) {
      return 0;
    }
  }

  @ParameterizedTest
  @EnumSource(DatadogFault.class)
  void everyEventReachesDatadogOnceTheFaultIsOver(DatadogFault fault, FaultStack suite) {
    Random random = new Random(FaultStack.SEED + fault.ordinal());
    try (Scenario scenario = Scenario.open(suite, "datadog-" + fault.name().toLowerCase().replace('_', '-'))) {
      List<DqEvent> events = SuiteEvents.events(random, EVENTS);
      Set<String> ids = new LinkedHashSet<>(SuiteEvents.ids(events));
      scenario.produceEvents(events);
      scenario.startForwarder();
      int before = 20 + random.nextInt(40);
      scenario.awaitDelivered(ids, before);
      fault.inject(scenario);
      scenario.awaitDelivered(ids, Math.min(EVENTS, scenario.deliveredCount(ids) + 30));
      fault.midway(scenario);
      scenario.awaitAllDelivered(ids);
      Invariant.assertHolds(scenario.record(fault.description, ids, fault.duplicateBound(scenario), 0));
    }
  }
}
