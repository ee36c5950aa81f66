package dev.dqnotify.ingest.detect;

import static dev.dqnotify.ingest.detect.Records.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.parse.ParsedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** LATE_DATA and DUPLICATE_MESSAGE: the arrival classifier and the two detectors that describe it. */
class ArrivalDetectorsTest {

  private final DetectionRules rules = DetectionRules.defaults();
  private final ArrivalClassifier classifier = new ArrivalClassifier(rules);
  private final SituationDetector detector = new SituationDetector(rules, Records.stores());

  private List<ParsedRecord> classify(PartitionState state, ParsedRecord... records) {
    List<ParsedRecord> batch = new ArrayList<>(List.of(records));
    classifier.classify(batch, state);
    return batch;
  }

  @Test
  void aMessageExactlyAtTheAllowedLatenessIsOnTimeAndOneMillisecondMoreIsLate() {
    PartitionState state = new PartitionState();
    List<ParsedRecord> batch = classify(state,
        message("a", "store-0001", 20, 10, 0),
        message("b", "store-0001", 10, 10, 1),              // exactly 10 min behind: on time
        message("c", "store-0001", 10 - 1.0 / 60_000, 10, 2)); // 1 ms more: late
    assertThat(batch).extracting(ParsedRecord::getArrival).containsExactly("CLEAN", "CLEAN", "LATE");

    List<Situation> late = detector.detect(batch.get(2));
    assertThat(late).singleElement().satisfies(s -> {
      assertThat(s.getEventType()).isEqualTo("LATE_DATA");
      assertThat(s.getSeverity()).isEqualTo("WARNING");
      assertThat(s.getDetails()).containsEntry("lateness_ms", "1").containsEntry("watermark", "2026-11-25T10:10:00Z");
      assertThat(s.getSummary()).contains("arrived 1ms behind the watermark (allowed lateness 10m)");
    });
  }

  @Test
  void decidesInOffsetOrderWhateverOrderTheBatchArrivesIn() {
    List<ParsedRecord> batch = classify(new PartitionState(),
        message("late", "store-0001", 0, 10, 2),
        message("new", "store-0001", 30, 10, 1));
    assertThat(batch).extracting(ParsedRecord::getMessageId).containsExactly("new", "late");
    assertThat(batch).extracting(ParsedRecord::getArrival).containsExactly("CLEAN", "LATE");
  }

  @Test
  void classifiesTheSameWayHoweverTheStreamIsCutIntoBatches() {
    Supplier<List<ParsedRecord>> stream = () -> List.of(
        message("m1", "store-0001", 0, 10, 0), message("m2", "store-0001", 5, 10, 1),
        message("m1", "store-0001", 0, 10, 2), message("m3", "store-0001", 30, 10, 3),
        message("m4", "store-0001", 12, 10, 4), message("m1", "store-0001", 0, 10, 5),
        message("m5", "store-0001", 25, 10, 6));

    List<String> oneBatch = ids(classify(new PartitionState(), stream.get().toArray(new ParsedRecord[0])));

    PartitionState state = new PartitionState();
    List<ParsedRecord> records = stream.get();
    List<String> manyBatches = new ArrayList<>();
    for (int from = 0; from < records.size(); from += 2) {
      manyBatches.addAll(ids(classify(state, records.subList(from, Math.min(from + 2, records.size()))
          .toArray(new ParsedRecord[0]))));
    }
    assertThat(manyBatches).isEqualTo(oneBatch).containsExactly(
        "CLEAN", "CLEAN", "DUPLICATE_MESSAGE|m1#copy2", "CLEAN", "LATE_DATA|m4", "LATE_DATA|m1", "CLEAN");
  }

  private List<String> ids(List<ParsedRecord> batch) {
    List<String> out = new ArrayList<>();
    for (ParsedRecord record : batch) {
      List<Situation> found = detector.detect(record);
      out.add(record.getArrival().equals("CLEAN") ? "CLEAN"
          : found.get(0).getEventType() + "|" + found.get(0).getIdentity());
    }
    return out;
  }

  @Test
  void reportsEveryRepeatedCopyOnceWithItsCopyNumber() {
    List<ParsedRecord> batch = classify(new PartitionState(),
        message("m1", "store-0001", 0, 10, 0), message("m1", "store-0001", 0, 10, 1),
        message("m1", "store-0001", 0, 10, 2));
    assertThat(batch).extracting(ParsedRecord::getArrival).containsExactly("CLEAN", "DUPLICATE", "DUPLICATE");
    List<Situation> second = detector.detect(batch.get(1));
    List<Situation> third = detector.detect(batch.get(2));
    assertThat(second).singleElement().satisfies(s -> {
      assertThat(s.getEventType()).isEqualTo("DUPLICATE_MESSAGE");
      assertThat(s.getSeverity()).isEqualTo("INFO");
      assertThat(s.getDetails()).containsEntry("copy", "2");
    });
    assertThat(third.get(0).eventId()).isNotEqualTo(second.get(0).eventId());
  }

  @Test
  void forgetsIdsOutsideTheHorizonSoStateStaysBounded() {
    PartitionState state = new PartitionState();
    classify(state, message("old", "store-0001", 0, 10, 0), message("mid", "store-0001", 59, 10, 1));
    assertThat(state.rememberedIds()).isEqualTo(2);
    classify(state, message("new", "store-0001", 61, 10, 2));
    assertThat(state.rememberedIds()).as("'old' is more than 1 h behind the high-water mark").isEqualTo(2);
    assertThat(state.seenView()).containsOnlyKeys("mid", "new");
  }

  @Test
  void passesMalformedRecordsThroughWithoutTouchingTheState() {
    PartitionState state = new PartitionState();
    List<ParsedRecord> batch = classify(state, Records.parse("garbage", 0));
    assertThat(batch.get(0).getArrival()).isEqualTo("MALFORMED");
    assertThat(state.rememberedIds()).isZero();
  }
}
