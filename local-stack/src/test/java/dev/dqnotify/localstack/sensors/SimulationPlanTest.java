package dev.dqnotify.localstack.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulationPlanTest {

  static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
  static final Thresholds SHRUNK = Thresholds.defaults()
      .withAllowedLateness(Duration.ofSeconds(30))
      .withSilenceTimeout(Duration.ofSeconds(60));
  static final FaultPlan MIX = FaultPlan.parse(
      "late=3,duplicate=3,malformed=8,insufficient=4,out-of-range=5,unknown-store=3,silent=2");

  static SimulationPlan.Builder mixedPlan() {
    return SimulationPlan.builder(StoreFleet.generate(4, 3))
        .start(START).interval(Duration.ofSeconds(5)).ticks(80)
        .thresholds(SHRUNK).faults(MIX).seed(42);
  }

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() {
    List<SimulatedMessage> first = mixedPlan().build().messages();

    assertThat(mixedPlan().build().messages()).isEqualTo(first);
    assertThat(mixedPlan().seed(43).build().messages()).isNotEqualTo(first);
  }

  @Test
  void raisesExactlyTheFaultPlanPerType() {
    SimulationPlan plan = mixedPlan().build();

    Map<EventType, Long> counted = plan.expected().stream()
        .collect(Collectors.groupingBy(ExpectedEvent::type, () -> new EnumMap<>(EventType.class), Collectors.counting()));
    for (EventType type : EventType.values()) {
      assertThat(counted.getOrDefault(type, 0L)).as("%s", type).isEqualTo((long) MIX.count(type));
    }
    assertThat(plan.expectedCounts()).isEqualTo(counted);
  }

  @Test
  void contractRulesReDerivedFromTheBytesFindExactlyTheExpectedEvents() {
    for (SimulationPlan plan : List.of(mixedPlan().build(), mixedPlan().seed(7).build(),
        mixedPlan().thresholds(Thresholds.defaults()).interval(Duration.ofSeconds(60)).ticks(90).build(),
        SimulationPlan.builder(StoreFleet.generate(2, 1)).start(START).interval(Duration.ofSeconds(30)).ticks(40)
            .thresholds(SHRUNK.withMinPoints("S", 3).withMinPoints("L", 20).withRange("temperature_c", 0, 30)
                .withoutRange("weight_g"))
            .faults(FaultPlan.everyTypeOnce()).seed(3).build())) {
      List<List<ContractOracle.Derived>> derived =
          new ContractOracle(plan.fleet(), plan.thresholds()).derive(plan.messages());

      for (SimulatedMessage message : plan.messages()) {
        assertThat(sorted(derived.get(message.sequence())))
            .as("%s", message)
            .isEqualTo(sorted(message.expected().stream().map(ContractOracle::of).toList()));
      }
    }
  }

  @Test
  void normalMessagesCarryEnoughReadingsAllInRange() {
    SimulationPlan plan = SimulationPlan.builder(StoreFleet.generate(3, 5)).start(START)
        .thresholds(SHRUNK.withMinPoints("S", 2).withMinPoints("L", 25).withRange("humidity_pct", 40, 45))
        .interval(Duration.ofSeconds(20)).ticks(30).faults(MIX.with(EventType.STORE_SILENT, 0)).build();
    List<Integer> counts = new ArrayList<>();

    for (SimulatedMessage message : plan.messages()) {
      if (message.kind() != MessageKind.NORMAL) {
        continue;
      }
      ContractOracle.Parsed parsed = ContractOracle.parse(message.value()).orElseThrow();
      int min = plan.thresholds().minPointsFor(plan.fleet().store(parsed.storeId()).orElseThrow().sizeClass());
      assertThat(parsed.readings()).hasSizeGreaterThanOrEqualTo(min).hasSize(message.readings());
      assertThat(parsed.readings()).allSatisfy(r -> plan.thresholds().rangeOf(r.metric())
          .ifPresent(range -> assertThat(range.contains(r.value())).as("%s", r).isTrue()));
      assertThat(message.expected()).isEmpty();
      counts.add(parsed.readings().size() - min);
    }
    assertThat(counts).as("readings above the minimum").contains(0, 1, 2);
  }

  @Test
  void lateMessagesAreOlderThanTheirSensorsNewestMessageByMoreThanTheLateness() {
    SimulationPlan plan = mixedPlan().build();
    Map<String, Instant> newest = new HashMap<>();
    int late = 0;

    for (SimulatedMessage message : plan.messages()) {
      if (message.kind() == MessageKind.LATE) {
        late++;
        assertThat(message.sentAt())
            .isBefore(newest.get(message.key()).minus(SHRUNK.allowedLateness()).minusSeconds(5));
        assertThat(message.expected()).extracting(ExpectedEvent::type).containsExactly(EventType.LATE_DATA);
      } else if (message.sentAt() != null) {
        newest.merge(message.key(), message.sentAt(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    assertThat(late).isEqualTo(3);
  }

  @Test
  void duplicateCopiesFollowTheirOriginalByteForByte() {
    List<SimulatedMessage> messages = mixedPlan().build().messages();

    List<SimulatedMessage> copies = messages.stream().filter(m -> m.kind() == MessageKind.DUPLICATE_COPY).toList();
    assertThat(copies).hasSize(3).allSatisfy(copy -> {
      SimulatedMessage original = messages.get(copy.sequence() - 1);
      assertThat(original.kind()).isEqualTo(MessageKind.NORMAL);
      assertThat(copy.value()).isEqualTo(original.value());
      assertThat(copy.key()).isEqualTo(original.key());
      assertThat(copy.expected()).extracting(ExpectedEvent::identity).containsExactly(copy.messageId() + "#copy2");
    });
  }

  @Test
  void silentStoresStopAndAreRevealedOnlyOnceTimeoutAndLatenessHavePassed() {
    SimulationPlan plan = mixedPlan().build();
    List<SimulatedMessage> messages = plan.messages();
    long timeout = SHRUNK.silenceTimeout().toMillis();
    long lateness = SHRUNK.allowedLateness().toMillis();

    List<ExpectedEvent> silences = plan.expected().stream().filter(e -> e.type() == EventType.STORE_SILENT).toList();
    assertThat(silences).hasSize(2).extracting(ExpectedEvent::storeId).doesNotHaveDuplicates();
    for (ExpectedEvent silence : silences) {
      List<SimulatedMessage> ofStore = messages.stream()
          .filter(m -> silence.storeId().equals(m.storeId()) && m.kind().arrival() != MessageKind.Arrival.LATE
              && m.sentAt() != null)
          .toList();
      Instant lastSeen = ofStore.stream().map(SimulatedMessage::sentAt).max(Comparator.naturalOrder()).orElseThrow();
      assertThat(silence.identity()).isEqualTo(silence.storeId() + "@" + lastSeen.toEpochMilli());
      assertThat(silence.eventTime()).isEqualTo(lastSeen.plusMillis(timeout));

      SimulatedMessage revealer = messages.stream().filter(m -> m.expected().contains(silence)).findFirst().orElseThrow();
      assertThat(revealer.sentAt().toEpochMilli() - lateness - lastSeen.toEpochMilli()).isGreaterThan(timeout);
      Instant newestBefore = messages.subList(0, revealer.sequence()).stream()
          .filter(m -> m.sentAt() != null && m.kind() != MessageKind.LATE)
          .map(SimulatedMessage::sentAt).max(Comparator.naturalOrder()).orElseThrow();
      assertThat(newestBefore.toEpochMilli() - lateness - lastSeen.toEpochMilli()).isLessThanOrEqualTo(timeout);
      assertThat(messages.subList(revealer.sequence(), messages.size()))
          .as("traffic after the silence was revealed").isNotEmpty();
    }
  }

  @Test
  void storesThatKeepSendingAreHeardFromEveryInterval() {
    SimulationPlan plan = mixedPlan().build();
    Map<String, Instant> lastOfStore = new HashMap<>();

    for (SimulatedMessage message : plan.messages()) {
      if (message.kind().arrival() == MessageKind.Arrival.CLEAN && plan.fleet().store(message.storeId()).isPresent()) {
        Instant previous = lastOfStore.put(message.storeId(), message.sentAt());
        if (previous != null) {
          assertThat(Duration.between(previous, message.sentAt())).isLessThanOrEqualTo(plan.interval());
        }
      }
    }
  }

  @Test
  void everyMalformedKindBreaksTheContractAndNamesOnlyTheIdsBeforeTheBreak() {
    SimulationPlan plan = mixedPlan().build();

    List<SimulatedMessage> malformed = plan.messages().stream()
        .filter(m -> m.arrival() == MessageKind.Arrival.MALFORMED).toList();
    assertThat(malformed).extracting(SimulatedMessage::kind).containsAll(MessageKind.MALFORMED_KINDS).hasSize(8);
    for (SimulatedMessage message : malformed) {
      assertThat(ContractOracle.parse(message.value())).as("%s", message).isEmpty();
      ExpectedEvent event = message.expected().get(0);
      assertThat(message.expected()).hasSize(1);
      assertThat(event.type()).isEqualTo(EventType.MALFORMED_RECORD);
      assertThat(event.identity()).as("known once written").isNull();
      String text = new String(message.value(), java.nio.charset.StandardCharsets.UTF_8);
      switch (message.kind()) {
        case EMPTY_VALUE -> assertThat(message.value()).isEmpty();
        case MISSING_STORE_ID -> {
          assertThat(text).doesNotContain("\"store_id\"");
          assertThat(event.messageId()).isEqualTo(message.messageId());
          assertThat(event.storeId()).isNull();
        }
        case STRING_VALUE, NON_UTC_SENT_AT -> assertThat(List.of(event.messageId(), event.storeId(), event.sensorId()))
            .containsExactly(message.messageId(), message.storeId(), message.sensorId());
        default -> assertThat(List.of(String.valueOf(event.messageId()), String.valueOf(event.storeId())))
            .containsOnly("null");
      }
    }
  }

  @Test
  void phasesAreConsecutiveSlicesOfEveryMessage() {
    SimulationPlan plan = mixedPlan().build();

    List<List<SimulatedMessage>> phases = plan.phases(3);

    assertThat(phases).hasSize(3);
    assertThat(phases.stream().flatMap(List::stream).toList()).isEqualTo(plan.messages());
    assertThat(phases).allSatisfy(p -> assertThat(p.size()).isBetween(plan.messages().size() / 3,
        plan.messages().size() / 3 + 1));
  }

  @Test
  void liveTimingSendsAtTheRateFromNow() {
    Instant now = Instant.parse("2026-11-25T10:15:00.123Z");
    SimulationPlan plan = SimulationPlan.builder(StoreFleet.generate(5, 3))
        .live(now, 50, Duration.ofMinutes(2)).faults(FaultPlan.parse("late=1,duplicate=1")).build();

    assertThat(plan.start()).isEqualTo(now);
    assertThat(plan.interval()).isEqualTo(Duration.ofMillis(300));
    assertThat(plan.ticks()).isEqualTo(400);
    List<SimulatedMessage> regular = plan.messages().stream().filter(m -> m.kind() == MessageKind.NORMAL).toList();
    assertThat(Duration.between(regular.get(0).emittedAt(), regular.get(1).emittedAt())).isEqualTo(Duration.ofMillis(20));
    assertThat(plan.end()).isBetween(now.plus(Duration.ofMinutes(2)).minusMillis(300), now.plus(Duration.ofMinutes(2)));
  }

  @Test
  void endingAtPutsTheWholePlanBeforeThatInstant() {
    SimulationPlan plan = mixedPlan().endingAt(START).build();

    assertThat(plan.start()).isEqualTo(START.minusSeconds(5 * 80));
    assertThat(plan.end()).isBefore(START);
  }

  @Test
  void refusesASilenceThePlanIsTooShortToReveal() {
    assertThatThrownBy(() -> mixedPlan().ticks(18).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a silent store needs 21 ticks");
  }

  @Test
  void refusesAnIntervalAboveHalfTheSilenceTimeout() {
    assertThatThrownBy(() -> mixedPlan().interval(Duration.ofSeconds(31)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than half the silence timeout");
  }

  @Test
  void refusesMoreFaultsThanRegularMessages() {
    assertThatThrownBy(() -> mixedPlan().ticks(30).faults(FaultPlan.none().with(EventType.MALFORMED_RECORD, 400))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no slot left for MALFORMED_RECORD");
  }

  @Test
  void refusesAsManySilentStoresAsStores() {
    assertThatThrownBy(() -> mixedPlan().faults(FaultPlan.none().with(EventType.STORE_SILENT, 4)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one must keep sending");
  }

  private static List<ContractOracle.Derived> sorted(List<ContractOracle.Derived> events) {
    return events.stream().sorted(Comparator.comparing(ContractOracle.Derived::toString)).toList();
  }
}
