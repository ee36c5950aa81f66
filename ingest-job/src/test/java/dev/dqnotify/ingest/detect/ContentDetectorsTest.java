package dev.dqnotify.ingest.detect;

import static dev.dqnotify.ingest.testing.Records.clean;
import static dev.dqnotify.ingest.testing.Records.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The per-record content rules: unknown store, too few points, out of range, malformed. */
class ContentDetectorsTest {

  private final DetectionRules rules = DetectionRules.defaults();

  @Nested
  class InsufficientDataPoints {
    private final InsufficientDataPointsDetector detector = new InsufficientDataPointsDetector(rules, Records.stores());

    @Test
    void acceptsExactlyTheMinimumOfTenPoints() {
      assertThat(detector.detect(message("m1", "store-0001", 0, 10, 0))).isEmpty();
    }

    @Test
    void reportsNinePointsWithExpectedAndActual() {
      List<Situation> found = detector.detect(message("m1", "store-0001", 0, 9, 0));
      assertThat(found).singleElement().satisfies(s -> {
        assertThat(s.getEventType()).isEqualTo("INSUFFICIENT_DATA_POINTS");
        assertThat(s.getSeverity()).isEqualTo("WARNING");
        assertThat(s.getSummary()).isEqualTo("store-0001 store-0001-s1 sent 9 data points, expected at least 10");
        assertThat(s.getDetails()).containsEntry("expected_min", "10").containsEntry("actual", "9")
            .containsEntry("size_class", "L").containsEntry("manufacturer", "Nordlys");
      });
    }

    @Test
    void usesTheMinimumOfTheStoresSizeClass() {
      DetectionRules small = new DetectionRules(10, Map.of("S", 4), rules.allowedLateness(), rules.duplicateHorizon(),
          rules.silenceTimeout(), rules.ranges());
      InsufficientDataPointsDetector bySize = new InsufficientDataPointsDetector(small, Records.stores());
      assertThat(bySize.detect(message("m1", "store-0002", 0, 4, 0))).isEmpty();
      assertThat(bySize.detect(message("m2", "store-0002", 0, 3, 0))).hasSize(1);
      assertThat(bySize.detect(message("m3", "store-0001", 0, 9, 0))).as("size L keeps the default").hasSize(1);
    }
  }

  @Nested
  class OutOfRange {
    private final OutOfRangeDetector detector = new OutOfRangeDetector(rules);

    @Test
    void acceptsValuesExactlyAtEitherLimit() {
      assertThat(detector.detect(message("m1", "store-0001", 0, 1, 0, "temperature_c", 85))).isEmpty();
      assertThat(detector.detect(message("m2", "store-0001", 0, 1, 0, "temperature_c", -40))).isEmpty();
      assertThat(detector.detect(message("m3", "store-0001", 0, 1, 0, "open", 1))).isEmpty();
    }

    @Test
    void reportsEachReadingJustOutsideItsRange() {
      List<Situation> found = detector.detect(message("m1", "store-0001", 0, 2, 0, "temperature_c", 85.01));
      assertThat(found).hasSize(2);
      assertThat(found.get(0).getSummary()).isEqualTo("store-0001 store-0001-s1 temperature_c = 85.01 outside [-40, 85]");
      assertThat(found.get(0).getDetails()).containsEntry("metric", "temperature_c").containsEntry("value", "85.01")
          .containsEntry("range", "[-40, 85]");
      assertThat(found).extracting(Situation::eventId).doesNotHaveDuplicates();
    }

    @Test
    void leavesMetricsWithoutARangeUnchecked() {
      assertThat(detector.detect(message("m1", "store-0001", 0, 1, 0, "co2_ppm", 1e9))).isEmpty();
    }
  }

  @Nested
  class UnknownStore {
    @Test
    void reportsAStoreMissingFromTheMetadata() {
      UnknownStoreDetector detector = new UnknownStoreDetector(Records.stores());
      assertThat(detector.detect(message("m1", "store-0001", 0, 10, 0))).isEmpty();
      assertThat(detector.detect(message("m2", "store-9999", 0, 10, 0))).singleElement().satisfies(s -> {
        assertThat(s.getEventType()).isEqualTo("UNKNOWN_STORE");
        assertThat(s.getSeverity()).isEqualTo("ERROR");
        assertThat(s.getStoreId()).isEqualTo("store-9999");
      });
    }
  }

  @Nested
  class MalformedRecord {
    @Test
    void reportsTheReasonTheExcerptAndTheSourcePosition() {
      List<Situation> found = new MalformedRecordDetector().detect(Records.parse("{not json", 42));
      assertThat(found).singleElement().satisfies(s -> {
        assertThat(s.getEventType()).isEqualTo("MALFORMED_RECORD");
        assertThat(s.getSeverity()).isEqualTo("ERROR");
        assertThat(s.getOffset()).isEqualTo(42L);
        assertThat(s.getDetails().get("reason")).startsWith("value is not JSON");
        assertThat(s.getDetails()).containsEntry("raw_excerpt", "{not json");
        assertThat(s.getEventTimeMs()).isNull();
      });
    }
  }

  @Test
  void aCleanMessageCanRaiseSeveralSituationsAndIdsAreStable() {
    SituationDetector detector = new SituationDetector(rules, Records.stores());
    List<Situation> first = detector.detect(clean(message("m1", "store-9999", 0, 2, 0, "humidity_pct", 101)));
    List<Situation> again = detector.detect(clean(message("m1", "store-9999", 0, 2, 7, "humidity_pct", 101)));
    assertThat(first).extracting(Situation::getEventType)
        .containsExactly("UNKNOWN_STORE", "INSUFFICIENT_DATA_POINTS", "OUT_OF_RANGE", "OUT_OF_RANGE");
    assertThat(again).extracting(Situation::eventId).containsExactlyElementsOf(
        first.stream().map(Situation::eventId).toList());
  }
}
