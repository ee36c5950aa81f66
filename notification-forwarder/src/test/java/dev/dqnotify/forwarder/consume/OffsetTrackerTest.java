package dev.dqnotify.forwarder.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.localstack.junit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("dq-events", 0);
  private static final TopicPartition P1 = new TopicPartition("dq-events", 1);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
  private final OffsetTracker tracker = new OffsetTracker(clock);

  @BeforeEach
  void assign() {
    tracker.assign(P0);
    tracker.assign(P1);
  }

  @Test
  void countsEverythingConsumedFromTheOldestUnfinishedRecordOnAsUncommitted() {
    OffsetTracker.Ticket stuck = tracker.track(P0, 10);
    clock.advance(Duration.ofMinutes(10));
    for (long offset = 11; offset < 20; offset++) {
      tracker.complete(tracker.track(P0, offset));
    }

    assertThat(tracker.uncommitted(P0)).as("the stuck record and the nine finished after it").isEqualTo(10);
    assertThat(tracker.oldestUnfinishedSince(P0)).hasValue(Instant.parse("2026-12-03T09:00:00Z"));
    assertThat(tracker.uncommitted(P1)).isZero();

    tracker.complete(stuck);
    assertThat(tracker.uncommitted(P0)).isZero();
    assertThat(tracker.oldestUnfinishedSince(P0)).isEmpty();
  }

  @Test
  void offersNothingBeforeAnyRecordIsConsumed() {
    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void commitsOnePastTheNewestRecordWhenEveryRecordIsTerminal() {
    OffsetTracker.Ticket a = tracker.track(P0, 10);
    OffsetTracker.Ticket b = tracker.track(P0, 11);
    tracker.complete(b);
    tracker.complete(a);

    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(12)));
  }

  @Test
  void neverCommitsPastARecordStillInFlight() {
    tracker.complete(tracker.track(P0, 4));
    OffsetTracker.Ticket slow = tracker.track(P0, 5);
    tracker.complete(tracker.track(P0, 6));
    tracker.complete(tracker.track(P0, 7));

    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(5)));

    tracker.complete(slow);
    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(8)));
  }

  @Test
  void offersNothingWhileTheFirstRecordSinceAssignmentIsInFlight() {
    OffsetTracker.Ticket first = tracker.track(P0, 5);
    tracker.complete(tracker.track(P0, 6));

    assertThat(tracker.committable()).as("the group's position is 5 already").isEmpty();
    tracker.complete(first);
    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(7)));
  }

  @Test
  void advancesOffsetPastGapsLeftByCompactionOrTransactionMarkers() {
    tracker.complete(tracker.track(P0, 3));
    OffsetTracker.Ticket afterGap = tracker.track(P0, 9);

    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(9)));
    tracker.complete(afterGap);
    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void tracksEachPartitionOnItsOwn() {
    tracker.track(P0, 0);
    tracker.complete(tracker.track(P1, 0));

    assertThat(tracker.committable()).containsExactly(Map.entry(P1, new OffsetAndMetadata(1)));
    assertThat(tracker.pending()).isEqualTo(1);
    assertThat(tracker.pending(P0)).isEqualTo(1);
    assertThat(tracker.pending(P1)).isZero();
  }

  @Test
  void offersAnOffsetOnlyUntilItIsMarkedCommitted() {
    tracker.complete(tracker.track(P0, 0));
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
    tracker.committed(offsets);

    assertThat(tracker.committable()).isEmpty();
    tracker.complete(tracker.track(P0, 1));
    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
  }

  @Test
  void ignoresCompletionsFromBeforeThePartitionWasRevokedAndAssignedAgain() {
    OffsetTracker.Ticket stale = tracker.track(P0, 4);
    tracker.revoke(List.of(P0));
    tracker.assign(P0);
    OffsetTracker.Ticket current = tracker.track(P0, 4);

    assertThat(tracker.isCurrent(stale)).isFalse();
    assertThat(tracker.complete(stale)).isFalse();
    assertThat(tracker.pending(P0)).isEqualTo(1);
    assertThat(tracker.complete(current)).isTrue();
  }

  @Test
  void forgetsARevokedPartition() {
    tracker.track(P0, 1);
    tracker.revoke(List.of(P0));

    assertThat(tracker.partitions()).containsExactly(P1);
    assertThat(tracker.pending()).isZero();
    assertThat(tracker.committable()).isEmpty();
    assertThatThrownBy(() -> tracker.track(P0, 2)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void forgettingTheNewestTicketLetsTheSameOffsetBeTrackedAgain() {
    tracker.complete(tracker.track(P0, 1));
    OffsetTracker.Ticket retry = tracker.track(P0, 2);
    tracker.forget(retry);

    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    tracker.complete(tracker.track(P0, 2));
    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(3)));
  }

  @Test
  void refusesToForgetATicketThatIsNotTheNewest() {
    OffsetTracker.Ticket older = tracker.track(P0, 1);
    tracker.track(P0, 2);

    assertThatThrownBy(() -> tracker.forget(older)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesOffsetsThatGoBackwards() {
    tracker.track(P0, 5);

    assertThatThrownBy(() -> tracker.track(P0, 5)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void completingTwiceChangesNothing() {
    OffsetTracker.Ticket ticket = tracker.track(P0, 0);
    tracker.track(P0, 1);

    assertThat(tracker.complete(ticket)).isTrue();
    assertThat(tracker.complete(ticket)).isFalse();
    assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
  }

  @Test
  void restrictsCommittableOffsetsToTheGivenPartitions() {
    tracker.complete(tracker.track(P0, 0));
    tracker.complete(tracker.track(P1, 0));

    assertThat(tracker.committable(List.of(P1))).containsOnlyKeys(P1);
  }
}
