package dev.dqnotify.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import dev.dqnotify.ingest.detect.SourceDataLossDetector;
import dev.dqnotify.ingest.source.LostRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobMetricsTest {

  @Test
  void reportsTheOffsetsLostToRetentionAsTheDetectorCountsThem() {
    SourceDataLossDetector dataLoss = new SourceDataLossDetector();
    JobMetrics metrics = new JobMetrics(dataLoss);
    Gauge<?> lost = metrics.metricRegistry().getGauges().get("source_offsets_lost_total");

    assertThat(lost.getValue()).isEqualTo(0L);
    dataLoss.describe(List.of(new LostRange("sensor-raw", 0, 10, 19)));
    assertThat(lost.getValue()).isEqualTo(10L);
    assertThat(metrics.sourceName()).isEqualTo("dqnotify");
  }
}
