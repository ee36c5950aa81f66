package dev.dqnotify.faultsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dqnotify.schemas.DqEvent;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A second forwarder joins the group while Datadog fails every event: the first gives up a
 * partition whose events are backing off, and must not post them once Datadog is back, as their
 * new owner does.
 */
@Order(7)
@ExtendWith(FaultStack.Extension.class)
class RebalanceDuringOutageIT {

  private static final int EVENTS = 600;
  private static final String WITHDRAWN = "dqnotify_forwarder_events_withdrawn_total";

  @Test
  void aPartitionRevokedDuringAnOutageIsPostedByItsNewOwnerOnly(FaultStack suite) {
    Random random = new Random(FaultStack.SEED + 7);
    try (Scenario scenario = Scenario.open(suite, "rebalance-during-outage")) {
      List<DqEvent> events = SuiteEvents.events(random, EVENTS);
      Set<String> ids = new LinkedHashSet<>(SuiteEvents.ids(events));
      List<DqEvent> before = events.subList(0, EVENTS / 2);
      // Small fetches, so each poll mixes the partitions and every one has events backing off.
      scenario.withForwarderSetting("kafka.max.partition.fetch.bytes", "2048");
      scenario.produceEvents(before);
      scenario.startForwarder();
      scenario.awaitDelivered(SuiteEvents.ids(before), before.size());
      // Every event post fails; the key check still passes, so the second instance becomes ready.
      // The second half arrives during the outage, on every partition, while the first forwarder reads.
      scenario.datadog().faults().statusForEventsMatching(503, ".");
      scenario.produceEventsOneBatchEach(events.subList(EVENTS / 2, EVENTS));
      await("the first forwarder backing off").atMost(Scenario.DELIVERY_DEADLINE)
          .until(() -> scenario.forwarderCounters().retried() >= 20);

      scenario.startSecondForwarder();
      await("the first forwarder withdrawing the deliveries of the partition it gave up")
          .atMost(Scenario.DELIVERY_DEADLINE).pollInterval(Duration.ofMillis(200))
          .until(() -> scenario.forwarderMetric(WITHDRAWN, "") >= 1);
      await("the second forwarder backing off on what it took over").atMost(Scenario.DELIVERY_DEADLINE)
          .until(() -> scenario.secondForwarderMetric("dqnotify_forwarder_events_retried_total", "") >= 1);
      long withdrawn = Math.round(scenario.forwarderMetric(WITHDRAWN, ""));
      System.out.println("fault-suite: rebalance-during-outage: " + withdrawn + " deliveries withdrawn on revocation");
      scenario.datadog().faults().clear();

      scenario.awaitAllDelivered(ids);
      // docs/forwarder.md: a revocation posts again only the revoked partitions' requests still under
      // way when consume.revoke-grace ends; here every request is answered (503) at once, so none.
      Figures figures = scenario.record("Datadog 503 for every event; a second forwarder joins meanwhile ("
          + withdrawn + " withdrawn)", ids, 0, 0);
      Invariant.assertHolds(figures);
      assertThat(withdrawn).isPositive();
    }
  }
}
