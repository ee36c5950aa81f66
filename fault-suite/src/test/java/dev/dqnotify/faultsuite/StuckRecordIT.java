package dev.dqnotify.faultsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dqnotify.schemas.DqEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One record Datadog keeps failing among 5,000: its partition's commit point stays at it, so the
 * partition is paused once {@code consume.max-uncommitted-records} are consumed past it; the others
 * go on. Then the forwarder is SIGKILLed, the fault cleared and the forwarder restarted: what was
 * consumed past the stuck record is posted again, and no more than the pause bound.
 *
 * <p>The limits are small (200 records, 20 s) so the bound is reached in seconds; with the defaults
 * (1,000 records, 5 min) the same pause happens later and bounds at 1,000 plus one poll.
 */
@Order(8)
@ExtendWith(FaultStack.Extension.class)
class StuckRecordIT {

  private static final int EVENTS = 5000;
  /** {@code consume.max-uncommitted-records}. */
  private static final int MAX_UNCOMMITTED = 200;
  /** {@code consume.max-unfinished-age}. */
  private static final Duration MAX_UNFINISHED_AGE = Duration.ofSeconds(20);
  /** {@code max.poll.records}: the smaller of the pending and uncommitted limits (and 500). */
  private static final int POLL = Math.min(Scenario.MAX_PENDING, MAX_UNCOMMITTED);
  /**
   * What the kill may post again, by docs/forwarder.md: on the stuck partition, what was consumed
   * past its commit point (the pause bound: {@link #MAX_UNCOMMITTED} plus one poll); on every
   * partition, what finished since the last commit (the post rate times the commit interval).
   */
  private static final long BOUND = MAX_UNCOMMITTED + POLL
      + Scenario.EVENTS_PER_SECOND * Scenario.COMMIT_INTERVAL.toMillis() / 1000;

  private static final String PREFIX = "dqnotify_forwarder_consumer_";

  @Test
  void aStuckRecordPausesItsPartitionAndAKillThenRepostsNoMoreThanThePauseBound(FaultStack suite) {
    Random random = new Random(FaultStack.SEED + 8);
    try (Scenario scenario = Scenario.open(suite, "stuck-record")) {
      List<DqEvent> events = SuiteEvents.events(random, EVENTS);
      List<String> idList = SuiteEvents.ids(events);
      Set<String> ids = new LinkedHashSet<>(idList);
      int stuckIndex = random.nextInt(300);
      String stuckId = idList.get(stuckIndex);
      scenario.datadog().faults().statusForEventsMatching(503, stuckId);
      List<RecordMetadata> written = scenario.produceEvents(events);
      int stuckPartition = written.get(stuckIndex).partition();
      long stuckOffset = written.get(stuckIndex).offset();
      List<String> flowing = new ArrayList<>();
      List<String> pastTheStuck = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        RecordMetadata at = written.get(i);
        if (at.partition() != stuckPartition || at.offset() < stuckOffset) {
          flowing.add(idList.get(i));
        } else if (at.offset() > stuckOffset) {
          pastTheStuck.add(idList.get(i));
        }
      }
      scenario.withForwarderSetting("consume.max-uncommitted-records", Integer.toString(MAX_UNCOMMITTED))
          .withForwarderSetting("consume.max-unfinished-age", MAX_UNFINISHED_AGE.toSeconds() + "s");
      scenario.startForwarder();

      String stuck = "partition=\"" + stuckPartition + "\"";
      scenario.awaitDelivered(flowing, flowing.size());
      await("the stuck record waiting consume.max-unfinished-age").atMost(Scenario.DELIVERY_DEADLINE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> scenario.forwarderMetric(PREFIX + "oldest_unfinished_seconds", stuck)
              >= MAX_UNFINISHED_AGE.toSeconds());
      double held = scenario.forwarderMetric(PREFIX + "held_at_commit_point_total", "");
      double oldest = scenario.forwarderMetric(PREFIX + "oldest_unfinished_seconds", stuck);
      double committedLag = scenario.forwarderMetric(PREFIX + "committed_lag", stuck);
      int consumedPast = scenario.ledger(pastTheStuck).firstDelivered().size();
      long stuckFor = Math.round(oldest);
      System.out.println("fault-suite: stuck-record: " + stuckId + " at " + stuckPartition + "@" + stuckOffset
          + " stuck " + stuckFor + " s; " + consumedPast + " of the " + pastTheStuck.size()
          + " records after it delivered; committed lag " + committedLag + ", held " + held);
      assertThat(held).as("partitions held at their commit point").isGreaterThanOrEqualTo(1);
      assertThat(consumedPast).as("records delivered past the stuck one").isBetween(MAX_UNCOMMITTED - 1,
          MAX_UNCOMMITTED + POLL);
      // The position's lag counts only what is not read yet; the committed lag also what a restart reads again.
      assertThat(committedLag).as("committed lag of the stuck partition")
          .isGreaterThanOrEqualTo(pastTheStuck.size() - consumedPast + 1.0 + MAX_UNCOMMITTED - 1);
      assertThat(scenario.deliveredCount(List.of(stuckId))).isZero();

      scenario.killForwarder();
      scenario.datadog().faults().clear();
      scenario.startForwarder();
      scenario.awaitAllDelivered(ids);
      Invariant.assertHolds(scenario.record("one record of 5,000 answered 503 for " + stuckFor + " s (paused at "
          + MAX_UNCOMMITTED + " past it), SIGKILL, fault cleared, restart", ids, BOUND, 0));
    }
  }
}
