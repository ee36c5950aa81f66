package dev.dqnotify.faultsuite;

import dev.dqnotify.schemas.DqEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The forwarder SIGKILLed three times mid-delivery, each time restarted. */
@Order(1)
@ExtendWith(FaultStack.Extension.class)
class ForwarderKillIT {

  private static final int EVENTS = 1200;
  private static final int KILLS = 3;

  @Test
  void aForwarderKilledThreeTimesLosesNothingAndRepeatsAtMostWhatWasInFlight(FaultStack suite) {
    Random random = new Random(FaultStack.SEED);
    try (Scenario scenario = Scenario.open(suite, "forwarder-sigkill")) {
      List<DqEvent> events = SuiteEvents.events(random, EVENTS);
      Set<String> ids = new LinkedHashSet<>(SuiteEvents.ids(events));
      scenario.produceEvents(events);
      scenario.startForwarder();
      for (int kill = 0; kill < KILLS; kill++) {
        // A kill at a seeded point of each third of the run: by progress, not by time.
        int third = EVENTS / KILLS;
        int at = kill * third + third / 4 + random.nextInt(third / 2);
        System.out.println("fault-suite: forwarder-sigkill: kill " + (kill + 1) + " after " + at + " delivered");
        scenario.awaitDelivered(ids, at);
        scenario.killForwarder();
        scenario.startForwarder();
      }
      scenario.awaitAllDelivered(ids);
      Invariant.assertHolds(scenario.record("SIGKILL forwarder ×" + KILLS + " (restarted)", ids,
          Scenario.CRASH_BOUND * KILLS, 0));
    }
  }
}
