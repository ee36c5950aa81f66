package dev.dqnotify.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.source.LostRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SourceDataLossDetectorTest {

  private final SourceDataLossDetector detector = new SourceDataLossDetector();

  @Test
  void describesALostRangeAsOneErrorWithItsPartitionAndOffsets() {
    Situation lost = detector.describe(List.of(new LostRange("sensor-raw", 2, 1200, 1499))).get(0);

    assertThat(lost.getEventType()).isEqualTo("SOURCE_DATA_LOST");
    assertThat(lost.getSeverity()).isEqualTo("ERROR");
    assertThat(lost.getStoreId()).isNull();
    assertThat(lost.getTopic()).isEqualTo("sensor-raw");
    assertThat(lost.getPartition()).isEqualTo(2);
    assertThat(lost.getOffset()).isEqualTo(1200L);
    assertThat(lost.getDetails()).containsExactly(
        java.util.Map.entry("topic", "sensor-raw"), java.util.Map.entry("partition", "2"),
        java.util.Map.entry("first_lost_offset", "1200"), java.util.Map.entry("last_lost_offset", "1499"),
        java.util.Map.entry("lost_offsets", "300"));
    assertThat(lost.getSummary())
        .isEqualTo("sensor-raw partition 2: 300 records (offsets 1200..1499) were deleted by Kafka before the job read them");
  }

  @Test
  void namesTheEventAfterThePartitionAndTheFirstLostOffsetOnly() {
    String id = detector.describe(List.of(new LostRange("sensor-raw", 2, 1200, 1499))).get(0).eventId();
    String rerun = new SourceDataLossDetector().describe(List.of(new LostRange("sensor-raw", 2, 1200, 1600))).get(0)
        .eventId();

    assertThat(rerun).as("a re-run after more was deleted keeps the id").isEqualTo(id);
    assertThat(id).isEqualTo(UUID.nameUUIDFromBytes("SOURCE_DATA_LOST|sensor-raw/2@1200".getBytes(StandardCharsets.UTF_8))
        .toString());
  }

  @Test
  void countsTheLostOffsetsSinceStart() {
    detector.describe(List.of(new LostRange("t", 0, 0, 9), new LostRange("t", 1, 5, 5)));
    detector.describe(List.of(new LostRange("t", 0, 20, 29)));
    assertThat(detector.offsetsLostTotal()).isEqualTo(21);
  }
}
