package dev.dqnotify.forwarder.group;

import dev.dqnotify.schemas.DqEventVersions;
import static dev.dqnotify.forwarder.testing.TestEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.forwarder.testing.TestEvents;
import dev.dqnotify.localstack.junit.MutableClock;
import dev.dqnotify.schemas.DqEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventGrouperTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(TestEvents.DETECTED_AT);

  @Test
  void releasesEachEventAtOnceInPerEventMode() {
    EventGrouper grouper = new EventGrouper(GroupingSettings.defaults(), clock);

    List<Notification> ready = grouper.add(sample(), false);

    assertThat(ready)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.id()).isEqualTo("ev-0f1e2d3c4b5a");
              assertThat(n.events()).containsExactly(sample());
              assertThat(n.groupLabels())
                  .containsExactly(
                      Map.entry("team", "climate"),
                      Map.entry("env", "dev"),
                      Map.entry("job", "sensor-ingest"),
                      Map.entry("event_type", "INSUFFICIENT_DATA_POINTS"),
                      Map.entry("store_id", "store-0042"));
              assertThat(n.backfill()).isFalse();
            });
    assertThat(grouper.pendingEvents()).isZero();
    assertThat(grouper.untilNextDue()).isEmpty();
  }

  @Test
  void holdsDigestUntilGroupWaitHasElapsedSinceTheFirstEvent() {
    EventGrouper grouper = digest(List.of("store_id"), 50);

    assertThat(grouper.add(sample("a", "store-1", "s1"), false)).isEmpty();
    clock.advance(Duration.ofSeconds(4));
    assertThat(grouper.add(sample("b", "store-1", "s2"), false)).isEmpty();
    assertThat(grouper.untilNextDue()).contains(Duration.ofSeconds(6));
    clock.advance(Duration.ofMillis(5_999));
    assertThat(grouper.due()).isEmpty();

    clock.advance(Duration.ofMillis(1));
    List<Notification> due = grouper.due();

    assertThat(due)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.events()).extracting(DqEvent::getEventId).containsExactly("a", "b");
              assertThat(n.groupLabels()).containsExactly(Map.entry("store_id", "store-1"));
            });
    assertThat(grouper.pendingEvents()).isZero();
    assertThat(grouper.due()).isEmpty();
  }

  @Test
  void releasesAGroupAtOnceWhenItReachesMaximumSize() {
    EventGrouper grouper = digest(List.of("store_id"), 3);

    assertThat(grouper.add(sample("a", "store-1", "s1"), false)).isEmpty();
    assertThat(grouper.add(sample("x", "store-2", "s1"), false)).isEmpty();
    assertThat(grouper.add(sample("b", "store-1", "s1"), false)).isEmpty();
    List<Notification> full = grouper.add(sample("c", "store-1", "s1"), false);

    assertThat(full)
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.events())
                    .extracting(DqEvent::getEventId)
                    .containsExactly("a", "b", "c"));
    assertThat(grouper.pendingEvents()).isEqualTo(1);
  }

  @Test
  void groupsByTheConfiguredLabelsOnly() {
    EventGrouper grouper = digest(List.of("team", "store_id"), 50);

    grouper.add(sample("a", "store-1", "s1"), false);
    grouper.add(sample("b", "store-1", "s2"), false);
    grouper.add(sample("c", "store-2", "s1"), false);
    List<Notification> drained = grouper.drain();

    assertThat(drained)
        .extracting(Notification::groupLabels)
        .containsExactly(
            Map.of("team", "climate", "store_id", "store-1"),
            Map.of("team", "climate", "store_id", "store-2"));
    assertThat(drained.get(0).events()).hasSize(2);
  }

  @Test
  void putsEveryEventInOneGroupWhenGroupByIsEmpty() {
    EventGrouper grouper = digest(List.of(), 50);

    grouper.add(sample("a", "store-1", "s1"), false);
    grouper.add(TestEvents.minimal(), false);

    assertThat(grouper.drain())
        .singleElement()
        .satisfies(n -> assertThat(n.groupLabels()).isEmpty());
  }

  @Test
  void leavesLabelsWithoutValueOutOfTheGroupLabels() {
    EventGrouper grouper = new EventGrouper(GroupingSettings.defaults(), clock);

    Notification n = grouper.add(TestEvents.minimal(), false).get(0);

    assertThat(n.groupLabels()).containsOnlyKeys("team", "env", "job", "event_type");
  }

  @Test
  void keepsBackfillEventsApartFromLiveOnes() {
    EventGrouper grouper = digest(List.of("store_id"), 50);

    grouper.add(sample("a", "store-1", "s1"), false);
    grouper.add(sample("b", "store-1", "s1"), true);

    assertThat(grouper.drain()).extracting(Notification::backfill).containsExactly(false, true);
  }

  @Test
  void drainReleasesEveryGroupRegardlessOfItsWait() {
    EventGrouper grouper = digest(List.of("store_id"), 50);
    grouper.add(sample("a", "store-1", "s1"), false);
    clock.advance(Duration.ofSeconds(3));
    grouper.add(sample("b", "store-2", "s1"), false);

    assertThat(grouper.drain()).hasSize(2);
    assertThat(grouper.pendingEvents()).isZero();
    assertThat(grouper.untilNextDue()).isEqualTo(Optional.empty());
  }

  @Test
  void releasesDueGroupsOldestFirstAndKeepsTheRest() {
    EventGrouper grouper = digest(List.of("store_id"), 50);
    grouper.add(sample("a", "store-1", "s1"), false);
    clock.advance(Duration.ofSeconds(2));
    grouper.add(sample("b", "store-2", "s1"), false);
    clock.advance(Duration.ofSeconds(5));
    grouper.add(sample("c", "store-3", "s1"), false);
    clock.advance(Duration.ofSeconds(5));

    List<Notification> due = grouper.due();

    assertThat(due)
        .extracting(n -> n.groupLabels().get("store_id"))
        .containsExactly("store-1", "store-2");
    assertThat(grouper.pendingEvents()).isEqualTo(1);
    assertThat(grouper.untilNextDue()).contains(Duration.ofSeconds(5));
  }

  @Test
  void givesADigestTheSameIdWhateverTheArrivalOrder() {
    EventGrouper first = digest(List.of("store_id"), 50);
    first.add(sample("a", "store-1", "s1"), false);
    first.add(sample("b", "store-1", "s1"), false);
    EventGrouper second = digest(List.of("store_id"), 50);
    second.add(sample("b", "store-1", "s1"), false);
    second.add(sample("a", "store-1", "s1"), false);
    EventGrouper other = digest(List.of("store_id"), 50);
    other.add(sample("a", "store-1", "s1"), false);

    String id = first.drain().get(0).id();

    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(second.drain().get(0).id()).isEqualTo(id);
    assertThat(other.drain().get(0).id()).isNotEqualTo(id);
  }

  private EventGrouper digest(List<String> groupBy, int max) {
    return new EventGrouper(new GroupingSettings(GroupingMode.DIGEST, groupBy, WAIT, max), clock);
  }

  @Test
  void groupsJobDefinedSituationsByTheirOwnTypeName() {
    EventGrouper grouper = digest(List.of("job", "event_type"), 50);
    DqEvent negative = DqEventVersions.jobDefined();
    DqEvent noCustomer = DqEvent.newBuilder(negative).setEventId("other").setSituationType("ORDER_WITHOUT_CUSTOMER")
        .build();

    grouper.add(negative, false);
    grouper.add(noCustomer, false);

    assertThat(grouper.drain()).extracting(Notification::groupLabels).containsExactlyInAnyOrder(
        Map.of("job", "orders-enrich", "event_type", "PAYMENT_AMOUNT_NEGATIVE"),
        Map.of("job", "orders-enrich", "event_type", "ORDER_WITHOUT_CUSTOMER"));
  }
}
