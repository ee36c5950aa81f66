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
    EventGrouper<String> grouper = new EventGrouper<>(GroupingSettings.defaults(), clock);

    List<Notification> ready = add(grouper, sample(), false);

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
    EventGrouper<String> grouper = digest(List.of("store_id"), 50);

    assertThat(add(grouper, sample("a", "store-1", "s1"), false)).isEmpty();
    clock.advance(Duration.ofSeconds(4));
    assertThat(add(grouper, sample("b", "store-1", "s2"), false)).isEmpty();
    assertThat(grouper.untilNextDue()).contains(Duration.ofSeconds(6));
    clock.advance(Duration.ofMillis(5_999));
    assertThat(notifications(grouper.due())).isEmpty();

    clock.advance(Duration.ofMillis(1));
    List<Notification> due = notifications(grouper.due());

    assertThat(due)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.events()).extracting(DqEvent::getEventId).containsExactly("a", "b");
              assertThat(n.groupLabels()).containsExactly(Map.entry("store_id", "store-1"));
            });
    assertThat(grouper.pendingEvents()).isZero();
    assertThat(notifications(grouper.due())).isEmpty();
  }

  @Test
  void releasesAGroupAtOnceWhenItReachesMaximumSize() {
    EventGrouper<String> grouper = digest(List.of("store_id"), 3);

    assertThat(add(grouper, sample("a", "store-1", "s1"), false)).isEmpty();
    assertThat(add(grouper, sample("x", "store-2", "s1"), false)).isEmpty();
    assertThat(add(grouper, sample("b", "store-1", "s1"), false)).isEmpty();
    List<Notification> full = add(grouper, sample("c", "store-1", "s1"), false);

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
    EventGrouper<String> grouper = digest(List.of("team", "store_id"), 50);

    add(grouper, sample("a", "store-1", "s1"), false);
    add(grouper, sample("b", "store-1", "s2"), false);
    add(grouper, sample("c", "store-2", "s1"), false);
    List<Notification> drained = notifications(grouper.drain());

    assertThat(drained)
        .extracting(Notification::groupLabels)
        .containsExactly(
            Map.of("team", "climate", "store_id", "store-1"),
            Map.of("team", "climate", "store_id", "store-2"));
    assertThat(drained.get(0).events()).hasSize(2);
  }

  @Test
  void putsEveryEventInOneGroupWhenGroupByIsEmpty() {
    EventGrouper<String> grouper = digest(List.of(), 50);

    add(grouper, sample("a", "store-1", "s1"), false);
    add(grouper, TestEvents.minimal(), false);

    assertThat(notifications(grouper.drain()))
        .singleElement()
        .satisfies(n -> assertThat(n.groupLabels()).isEmpty());
  }

  @Test
  void leavesLabelsWithoutValueOutOfTheGroupLabels() {
    EventGrouper<String> grouper = new EventGrouper<>(GroupingSettings.defaults(), clock);

    Notification n = add(grouper, TestEvents.minimal(), false).get(0);

    assertThat(n.groupLabels()).containsOnlyKeys("team", "env", "job", "event_type");
  }

  @Test
  void keepsBackfillEventsApartFromLiveOnes() {
    EventGrouper<String> grouper = digest(List.of("store_id"), 50);

    add(grouper, sample("a", "store-1", "s1"), false);
    add(grouper, sample("b", "store-1", "s1"), true);

    assertThat(notifications(grouper.drain())).extracting(Notification::backfill).containsExactly(false, true);
  }

  @Test
  void drainReleasesEveryGroupRegardlessOfItsWait() {
    EventGrouper<String> grouper = digest(List.of("store_id"), 50);
    add(grouper, sample("a", "store-1", "s1"), false);
    clock.advance(Duration.ofSeconds(3));
    add(grouper, sample("b", "store-2", "s1"), false);

    assertThat(notifications(grouper.drain())).hasSize(2);
    assertThat(grouper.pendingEvents()).isZero();
    assertThat(grouper.untilNextDue()).isEqualTo(Optional.empty());
  }

  @Test
  void releasesDueGroupsOldestFirstAndKeepsTheRest() {
    EventGrouper<String> grouper = digest(List.of("store_id"), 50);
    add(grouper, sample("a", "store-1", "s1"), false);
    clock.advance(Duration.ofSeconds(2));
    add(grouper, sample("b", "store-2", "s1"), false);
    clock.advance(Duration.ofSeconds(5));
    add(grouper, sample("c", "store-3", "s1"), false);
    clock.advance(Duration.ofSeconds(5));

    List<Notification> due = notifications(grouper.due());

    assertThat(due)
        .extracting(n -> n.groupLabels().get("store_id"))
        .containsExactly("store-1", "store-2");
    assertThat(grouper.pendingEvents()).isEqualTo(1);
    assertThat(grouper.untilNextDue()).contains(Duration.ofSeconds(5));
  }

  @Test
  void givesADigestTheSameIdWhateverTheArrivalOrder() {
    EventGrouper<String> first = digest(List.of("store_id"), 50);
    add(first, sample("a", "store-1", "s1"), false);
    add(first, sample("b", "store-1", "s1"), false);
    EventGrouper<String> second = digest(List.of("store_id"), 50);
    add(second, sample("b", "store-1", "s1"), false);
    add(second, sample("a", "store-1", "s1"), false);
    EventGrouper<String> other = digest(List.of("store_id"), 50);
    add(other, sample("a", "store-1", "s1"), false);

    String id = notifications(first.drain()).get(0).id();

    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(notifications(second.drain()).get(0).id()).isEqualTo(id);
    assertThat(notifications(other.drain()).get(0).id()).isNotEqualTo(id);
  }

  private EventGrouper<String> digest(List<String> groupBy, int max) {
    return new EventGrouper<>(new GroupingSettings(GroupingMode.DIGEST, groupBy, WAIT, max), clock);
  }

  @Test
  void groupsJobDefinedSituationsByTheirOwnTypeName() {
    EventGrouper<String> grouper = digest(List.of("job", "event_type"), 50);
    DqEvent negative = DqEventVersions.jobDefined();
    DqEvent noCustomer = DqEvent.newBuilder(negative).setEventId("other").setSituationType("ORDER_WITHOUT_CUSTOMER")
        .build();

    add(grouper, negative, false);
    add(grouper, noCustomer, false);

    assertThat(notifications(grouper.drain())).extracting(Notification::groupLabels).containsExactlyInAnyOrder(
        Map.of("job", "orders-enrich", "event_type", "PAYMENT_AMOUNT_NEGATIVE"),
        Map.of("job", "orders-enrich", "event_type", "ORDER_WITHOUT_CUSTOMER"));
  }

  /** Adds {@code event} with its id as its source. */
  private static List<Notification> add(EventGrouper<String> grouper, DqEvent event, boolean backfill) {
    return notifications(grouper.add(event, event.getEventId(), backfill));
  }

  /** The notifications released, each checked to carry the source of every event, in event order. */
  private static List<Notification> notifications(List<Grouped<String>> released) {
    released.forEach(grouped -> assertThat(grouped.sources())
        .isEqualTo(grouped.notification().events().stream().map(DqEvent::getEventId).toList()));
    return released.stream().map(Grouped::notification).toList();
  }
}
