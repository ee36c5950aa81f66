package dev.dqnotify.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventClockTest {
  private static final long LATENESS = 10;
  private static final long STALLED = 100;

  @Test
  void isTheSlowestPartitionsHighWaterMarkMinusTheLateness() {
    assertThat(EventClock.advance(ArrivalClassifier.NONE, Map.of("t/0", 500L, "t/1", 450L), STALLED, LATENESS))
        .isEqualTo(440);
  }

  @Test
  void aPartitionFarBehindTheNewestDoesNotHoldTheLineBack() {
    assertThat(EventClock.advance(ArrivalClassifier.NONE, Map.of("t/0", 500L, "t/1", 399L, "t/2", 480L), STALLED,
        LATENESS)).as("t/1 is 101 behind: stalled").isEqualTo(470);
  }

  @Test
  void neverMovesBack() {
    assertThat(EventClock.advance(470, Map.of("t/0", 500L, "t/1", 420L), STALLED, LATENESS)).isEqualTo(470);
  }

  @Test
  void staysUnsetWhileNoPartitionHasAMark() {
    assertThat(EventClock.advance(ArrivalClassifier.NONE, Map.of(), STALLED, LATENESS)).isEqualTo(ArrivalClassifier.NONE);
  }
}
