package dev.dqnotify.forwarder.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.junit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

  private static final TopicPartition P0 = new TopicPartition("dq-events", 0);
  private static final TopicPartition P1 = new TopicPartition("dq-events", 1);
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Deduplicator deduplicator(int maxEntries) {
    return new Deduplicator(Duration.ofHours(24), maxEntries, clock, registry);
  }

  @Test
  void letsTheFirstCopyThroughAndStopsRepeatsWithinTheHorizon() {
    Deduplicator dedupe = deduplicator(100);

    assertThat(dedupe.firstSeen(P0, "ev-1", START)).isTrue();
    clock.advance(Duration.ofHours(23));
    assertThat(dedupe.firstSeen(P0, "ev-1", clock.instant())).isFalse();
    assertThat(dedupe.firstSeen(P0, "ev-2", clock.instant())).isTrue();
  }

  @Test
  void letsARepeatThroughOnceTheFirstCopyIsOlderThanTheHorizon() {
    Deduplicator dedupe = deduplicator(100);
    dedupe.firstSeen(P0, "ev-1", START);

    clock.advance(Duration.ofHours(24).plusMillis(1));

    assertThat(dedupe.firstSeen(P0, "ev-1", clock.instant())).isTrue();
    assertThat(dedupe.size()).isEqualTo(1);
  }

  @Test
  void aStreamOfRepeatsDoesNotKeepAnIdAliveBeyondTheHorizon() {
    Deduplicator dedupe = deduplicator(100);
    dedupe.firstSeen(P0, "ev-1", START);
    clock.advance(Duration.ofHours(20));
    assertThat(dedupe.firstSeen(P0, "ev-1", clock.instant())).isFalse();

    clock.advance(Duration.ofHours(5));

    assertThat(dedupe.firstSeen(P0, "ev-1", clock.instant())).isTrue();
  }

  @Test
  void expiresIdsOlderThanTheHorizonAndMeasuresItsSize() {
    Deduplicator dedupe = deduplicator(100);
    dedupe.firstSeen(P0, "ev-1", START);
    dedupe.firstSeen(P1, "ev-2", START.plus(Duration.ofHours(2)));
    assertThat(registry.get("dqnotify.forwarder.dedupe.entries").gauge().value()).isEqualTo(2);

    clock.advance(Duration.ofHours(25));
    dedupe.expire();

    assertThat(dedupe.size()).isEqualTo(1);
    assertThat(registry.get("dqnotify.forwarder.dedupe.entries").gauge().value()).isEqualTo(1);
  }

  @Test
  void forgetsTheOldestIdsWhenFullAndCountsThem() {
    Deduplicator dedupe = deduplicator(3);
    for (int i = 0; i < 5; i++) {
      dedupe.firstSeen(i % 2 == 0 ? P0 : P1, "ev-" + i, START.plusSeconds(i));
    }

    assertThat(dedupe.size()).isEqualTo(3);
    assertThat(registry.get("dqnotify.forwarder.dedupe.evicted").counter().count()).isEqualTo(2);
    assertThat(dedupe.firstSeen(P0, "ev-0", clock.instant())).as("evicted, so new again").isTrue();
    assertThat(dedupe.firstSeen(P0, "ev-4", clock.instant())).as("kept").isFalse();
  }

  @Test
  void restoresIdsReadBackFromThePartitionSkippingThoseBeyondTheHorizon() {
    Deduplicator dedupe = deduplicator(100);
    clock.advance(Duration.ofHours(30));

    dedupe.restore(P0, new java.util.ArrayDeque<>(List.of(
        new Deduplicator.Seen("too-old", START),
        new Deduplicator.Seen("ev-1", START.plus(Duration.ofHours(10))),
        new Deduplicator.Seen("ev-2", START.plus(Duration.ofHours(29))))));

    assertThat(dedupe.size()).isEqualTo(2);
    assertThat(dedupe.firstSeen(P0, "ev-1", clock.instant())).isFalse();
    assertThat(dedupe.firstSeen(P0, "ev-2", clock.instant())).isFalse();
    assertThat(dedupe.firstSeen(P0, "too-old", clock.instant())).isTrue();
  }

  @Test
  void forgetsAPartitionThatMovedToAnotherInstance() {
    Deduplicator dedupe = deduplicator(100);
    dedupe.firstSeen(P0, "ev-1", START);
    dedupe.firstSeen(P1, "ev-2", START);

    dedupe.forget(List.of(P0));

    assertThat(dedupe.size()).isEqualTo(1);
    assertThat(dedupe.firstSeen(P0, "ev-1", START)).isTrue();
    assertThat(dedupe.firstSeen(P1, "ev-2", START)).isFalse();
  }

  @Test
  void theHorizonStartsTheHorizonBeforeNow() {
    assertThat(deduplicator(1).horizonStart()).isEqualTo(START.minus(Duration.ofHours(24)));
  }
}
