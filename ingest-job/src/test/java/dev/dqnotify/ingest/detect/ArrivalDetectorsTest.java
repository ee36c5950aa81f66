package dev.dqnotify.ingest.detect;

import static dev.dqnotify.ingest.testing.Records.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.testing.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LATE_DATA and DUPLICATE_MESSAGE: the two halves of the arrival decision and the detectors that describe it. */
class ArrivalDetectorsTest {
  private static final long HOUR = 3_600_000;

  private final DetectionRules rules = DetectionRules.defaults();
  private final SituationDetector detector = new SituationDetector(rules, Records.stores());

  private static List<String> arrivals(ArrivalClassifier classifier, ParsedRecord... records) {
    List<String> out = new ArrayList<>();
    for (ParsedRecord record : records) {
      out.add(classifier.classify(record).getArrival());
    }
    return out;
  }

  @Test
  void aMessageExactlyAtTheAllowedLatenessIsOnTimeAndOneMillisecondMoreIsLate() {
    ArrivalClassifier classifier = new ArrivalClassifier(rules, Map.of());
    ParsedRecord late = message("c", "store-0001", 10 - 1.0 / 60_000, 10, 2);
    assertThat(arrivals(classifier,
        message("a", "store-0001", 20, 10, 0),
        message("b", "store-0001", 10, 10, 1),              // exactly 10 min behind: on time
        late))                                             // 1 ms more: late
        .containsExactly("CLEAN", "CLEAN", "LATE");

    assertThat(detector.detect(late)).singleElement().satisfies(s -> {
      assertThat(s.getEventType()).isEqualTo("LATE_DATA");
      assertThat(s.getSeverity()).isEqualTo("WARNING");
      assertThat(s.getDetails()).containsEntry("lateness_ms", "1").containsEntry("behind_newest_ms", "600001")
          .containsEntry("watermark", "2026-11-25T10:10:00Z");
      assertThat(s.getSummary()).contains("arrived 10m and 1ms behind the newest event time (10m allowed)");
    });
  }

  @Test
  void theLateDataSummarySaysHowFarBehindTheNewestEventTimeItArrivedBesideTheAllowance() {
    ArrivalClassifier classifier = new ArrivalClassifier(rules, Map.of());
    ParsedRecord late = message("late", "store-0001", 4, 10, 1);
    assertThat(arrivals(classifier, message("newest", "store-0001", 20, 10, 0), late)).containsExactly("CLEAN", "LATE");

    assertThat(detector.detect(late)).singleElement().satisfies(s -> {
      assertThat(s.getSummary()).startsWith("store-0001 ")
          .contains(" arrived 16m behind the newest event time (10m allowed); sent at 2026-11-25T10:04:00Z");
      assertThat(s.getDetails()).containsEntry("behind_newest_ms", "960000").containsEntry("lateness_ms", "360000");
    });
  }

  @Test
  void judgesLatenessAgainstTheRecordsOwnPartitionOnly() {
    ArrivalClassifier classifier = new ArrivalClassifier(rules, Map.of("sensor-raw/1", Records.T0.toEpochMilli() + HOUR));
    assertThat(arrivals(classifier, message("old", "store-0001", 0, 10, 0)))
        .as("partition 0 has seen nothing newer; partition 1's progress does not make it late").containsExactly("CLEAN");
    assertThat(classifier.highWater()).containsEntry("sensor-raw/0", Records.T0.toEpochMilli());
  }

  @Test
  void continuesFromTheHighWaterMarksOfEarlierBatchesAsIfTheStreamWereOneBatch() {
    ParsedRecord[] stream = {message("m1", "store-0001", 30, 10, 0), message("m2", "store-0001", 12, 10, 1),
        message("m3", "store-0001", 25, 10, 2), message("m4", "store-0001", 5, 10, 3)};
    List<String> whole = arrivals(new ArrivalClassifier(rules, Map.of()), copies(stream));

    ArrivalClassifier first = new ArrivalClassifier(rules, Map.of());
    List<String> cut = new ArrayList<>(arrivals(first, copies(stream)[0], copies(stream)[1]));
    ArrivalClassifier second = new ArrivalClassifier(rules, first.highWater());
    cut.addAll(arrivals(second, copies(stream)[2], copies(stream)[3]));

    assertThat(cut).isEqualTo(whole).containsExactly("CLEAN", "LATE", "CLEAN", "LATE");
  }

  private static ParsedRecord[] copies(ParsedRecord[] records) {
    ParsedRecord[] fresh = new ParsedRecord[records.length];
    for (int i = 0; i < records.length; i++) {
      fresh[i] = message(records[i].getMessageId(), "store-0001",
          (records[i].getSentAtMs() - Records.T0.toEpochMilli()) / 60_000.0, 10, records[i].getOffset());
    }
    return fresh;
  }

  @Test
  void refusesRecordsOfAPartitionOutOfOffsetOrder() {
    ArrivalClassifier classifier = new ArrivalClassifier(rules, Map.of());
    classifier.classify(message("b", "store-0001", 0, 10, 5));
    assertThatThrownBy(() -> classifier.classify(message("a", "store-0001", 0, 10, 4)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of offset order");
  }

  @Test
  void passesMalformedRecordsThroughWithoutMovingTheHighWaterMark() {
    ArrivalClassifier classifier = new ArrivalClassifier(rules, Map.of());
    assertThat(classifier.classify(Records.parse("garbage", 0)).getArrival()).isEqualTo("MALFORMED");
    assertThat(classifier.highWater()).isEmpty();
  }

  @Test
  void countsCopiesWithinTheHorizonOfTheFirstCopysEventTimeOnEitherSide() {
    SeenId first = SeenId.next(null, 0, HOUR);
    SeenId second = SeenId.next(first, HOUR, HOUR);           // exactly one horizon later: a copy
    SeenId earlier = SeenId.next(second, -HOUR, HOUR);        // one horizon earlier: a copy too
    assertThat(List.of(first.duplicate(), second.duplicate(), earlier.duplicate())).containsExactly(false, true, true);
    assertThat(earlier.copies()).isEqualTo(3);

    SeenId outside = SeenId.next(earlier, HOUR + 1, HOUR);
    assertThat(outside).as("beyond the horizon: a new first copy").isEqualTo(new SeenId(HOUR + 1, 1));
  }

  @Test
  void describesEveryRepeatedCopyWithItsCopyNumberSoTheSecondAndThirdAreTwoSituations() {
    ParsedRecord second = duplicate(message("m1", "store-0001", 0, 10, 1), 2);
    ParsedRecord third = duplicate(message("m1", "store-0001", 0, 10, 2), 3);
    List<Situation> two = detector.detect(second);
    assertThat(two).singleElement().satisfies(s -> {
      assertThat(s.getEventType()).isEqualTo("DUPLICATE_MESSAGE");
      assertThat(s.getSeverity()).isEqualTo("INFO");
      assertThat(s.getIdentity()).isEqualTo("m1#copy2");
      assertThat(s.getDetails()).containsEntry("copy", "2");
    });
    assertThat(detector.detect(third).get(0).eventId()).isNotEqualTo(two.get(0).eventId());
  }

  private static ParsedRecord duplicate(ParsedRecord record, int copy) {
    record.setArrival(Arrival.DUPLICATE.name());
    record.setCopyNumber(copy);
    return record;
  }
}
