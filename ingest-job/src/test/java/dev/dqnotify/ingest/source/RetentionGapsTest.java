package dev.dqnotify.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RetentionGapsTest {
  private static final TopicPartition P0 = new TopicPartition("sensor-raw", 0);
  private static final TopicPartition P1 = new TopicPartition("sensor-raw", 1);

  private final RetentionGaps gaps = new RetentionGaps("/cp", "127.0.0.1:9", Map.of());

  @Test
  void findsNothingWhileKafkaStillHoldsThePlannedStart() {
    assertThat(gaps.lost(Map.of(P0, 100L, P1, 50L), Map.of(P0, 100L, P1, 0L), Map.of())).isEmpty();
  }

  @Test
  void reportsTheOffsetsBelowTheFirstOneReadWhenKafkaDeletedThem() {
    assertThat(gaps.lost(Map.of(P0, 100L, P1, 50L), Map.of(P0, 130L, P1, 0L), Map.of(P0, 130L)))
        .containsExactly(new LostRange("sensor-raw", 0, 100, 129));
  }

  @Test
  void doesNotReportRecordsKafkaDeletedAfterTheBatchReadThem() {
    assertThat(gaps.lost(Map.of(P0, 100L), Map.of(P0, 180L), Map.of(P0, 100L))).isEmpty();
    assertThat(gaps.lost(Map.of(P0, 100L), Map.of(P0, 180L), Map.of(P0, 120L)))
        .as("only what was gone before the read").containsExactly(new LostRange("sensor-raw", 0, 100, 119));
  }

  @Test
  void reportsAGapLongerThanTheBatchOnceUpToWhereReadingResumes() {
    // The per-trigger cap counts deleted offsets: batches 1 and 2 both plan inside the gap and read nothing.
    assertThat(gaps.lost(Map.of(P0, 100L), Map.of(P0, 5_000L), Map.of()))
        .containsExactly(new LostRange("sensor-raw", 0, 100, 4_999));
    assertThat(gaps.lost(Map.of(P0, 1_100L), Map.of(P0, 5_000L), Map.of())).as("already reported").isEmpty();
    assertThat(gaps.lost(Map.of(P0, 2_100L), Map.of(P0, 6_000L), Map.of()))
        .as("only what retention deleted since").containsExactly(new LostRange("sensor-raw", 0, 5_000, 5_999));
  }

  @Test
  void reportsPartitionsInOrder() {
    assertThat(gaps.lost(Map.of(P1, 7L, P0, 3L), Map.of(P0, 4L, P1, 9L), Map.of()))
        .containsExactly(new LostRange("sensor-raw", 0, 3, 3), new LostRange("sensor-raw", 1, 7, 8));
  }

  @Test
  void readsSparksKafkaOffsetsJson() {
    assertThat(RetentionGaps.parse("{\"sensor-raw\":{\"1\":17,\"0\":42}}")).isEqualTo(Map.of(P0, 42L, P1, 17L));
    assertThatThrownBy(() -> RetentionGaps.parse("{\"sensor-raw\":{\"x\":1}}"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("offset log");
  }

  @Test
  void countsTheOffsetsOfARangeAndRefusesAnEmptyOne() {
    assertThat(new LostRange("t", 0, 5, 11).count()).isEqualTo(7);
    assertThatThrownBy(() -> new LostRange("t", 0, 5, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
