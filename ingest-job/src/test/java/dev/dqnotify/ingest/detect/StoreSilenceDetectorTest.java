package dev.dqnotify.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.Records;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSilenceDetectorTest {

  private static final long MIN = 60_000;
  private final DetectionRules rules = DetectionRules.defaults(); // 15 min timeout

  private StoreSilenceDetector detector() {
    return new StoreSilenceDetector(rules, Records.stores());
  }

  private StoreActivity batch(Object... storeAndMinutes) {
    Map<String, long[]> batch = new LinkedHashMap<>();
    for (int i = 0; i < storeAndMinutes.length; i += 2) {
      long[] minutes = (long[]) storeAndMinutes[i + 1];
      long[] times = new long[minutes.length];
      for (int j = 0; j < minutes.length; j++) {
        times[j] = at(minutes[j]);
      }
      batch.put((String) storeAndMinutes[i], times);
    }
    return StoreActivity.of(rules.silenceTimeout().toMillis(), batch);
  }

  private static long at(long minutes) {
    return Records.T0.toEpochMilli() + minutes * MIN;
  }

  private static long[] m(long... minutes) {
    return minutes;
  }

  /** Every minute from {@code from} to {@code to}: a store that keeps sending. */
  private static long[] steady(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).toArray();
  }

  @Test
  void reportsAStoreOnceWhenTheEventTimeLinePassesItsLastMessagePlusTheTimeout() {
    StoreSilenceDetector detector = detector();
    assertThat(detector.advance(batch("store-0001", m(0, 1), "store-0002", m(0, 1)), at(0))).isEmpty();
    assertThat(detector.advance(batch("store-0002", steady(2, 26)), at(16)))
        .as("store-0001 last seen at 1, silent for 15 min exactly: not yet").isEmpty();
    List<Situation> found = detector.advance(batch("store-0002", m(27)), at(17));
    assertThat(found).singleElement().satisfies(s -> {
      assertThat(s.getEventType()).isEqualTo("STORE_SILENT");
      assertThat(s.getSeverity()).isEqualTo("ERROR");
      assertThat(s.getStoreId()).isEqualTo("store-0001");
      assertThat(s.getEventTimeMs()).isEqualTo(at(16));
      assertThat(s.getDetails()).containsEntry("last_seen", "2026-11-25T10:01:00Z").containsEntry("timeout_s", "900");
      assertThat(s.getSummary()).startsWith("store-0001 (Hamburg Altona) has sent nothing for 16m since 2026-11-25T10:01:00Z");
    });
    assertThat(detector.advance(batch("store-0002", steady(28, 50)), at(40))).as("still silent: no second event").isEmpty();
  }

  @Test
  void aStoreThatIsBackAndFallsSilentAgainIsANewSituation() {
    StoreSilenceDetector detector = detector();
    detector.advance(batch("store-0001", m(0), "store-0002", m(0)), at(0));
    List<Situation> first = detector.advance(batch("store-0002", steady(1, 30)), at(20));
    List<Situation> back = detector.advance(batch("store-0001", m(31), "store-0002", m(31)), at(21));
    List<Situation> second = detector.advance(batch("store-0002", steady(32, 60)), at(50));
    assertThat(first).extracting(Situation::getStoreId).containsExactly("store-0001");
    assertThat(back).isEmpty();
    assertThat(second).extracting(Situation::getStoreId).containsExactly("store-0001");
    assertThat(second.get(0).eventId()).isNotEqualTo(first.get(0).eventId());
  }

  @Test
  void waitsForTheLineBeforeReportingAGapThatALaterOnTimeMessageCouldStillFill() {
    StoreSilenceDetector detector = detector();
    assertThat(detector.advance(batch("store-0002", m(0, 31)), at(14)))
        .as("a message sent at 14 may still arrive on time").isEmpty();
    assertThat(detector.advance(batch("store-0002", m(14)), at(14))).isEmpty();
    assertThat(detector.advance(batch(), at(60))).as("14 and 31 are 17 min apart")
        .extracting(s -> s.getDetails().get("last_seen"))
        .containsExactly("2026-11-25T10:14:00Z", "2026-11-25T10:31:00Z");
  }

  @Test
  void findsTheSameSilencesWithTheSameIdsWhenAReplayComesInOneBatch() {
    List<StoreActivity> live = List.of(
        batch("store-0001", m(0, 1), "store-0002", m(0, 1)),
        batch("store-0002", steady(2, 30)),
        batch("store-0001", m(32, 33), "store-0002", steady(31, 33)),
        batch("store-0002", steady(34, 60)));
    long[] lines = {at(0), at(20), at(23), at(50)};
    StoreSilenceDetector liveDetector = detector();
    List<String> liveIds = new ArrayList<>();
    for (int i = 0; i < live.size(); i++) {
      liveDetector.advance(live.get(i), lines[i]).forEach(s -> liveIds.add(s.eventId()));
    }

    List<String> replayIds = new ArrayList<>();
    detector().advance(batch("store-0001", m(0, 1, 32, 33), "store-0002", steady(0, 60)), at(50))
        .forEach(s -> replayIds.add(s.eventId()));

    assertThat(liveIds).hasSize(2);
    assertThat(replayIds).containsExactlyInAnyOrderElementsOf(liveIds);
  }

  @Test
  void findsAGapInAStoresOwnMessages() {
    StoreSilenceDetector detector = detector();
    List<Situation> found = detector.advance(batch("store-0002", m(0, 15, 31)), at(31));
    assertThat(found).as("15 min exactly is no silence; 16 min is").singleElement()
        .satisfies(s -> assertThat(s.getDetails()).containsEntry("last_seen", "2026-11-25T10:15:00Z")
            .containsEntry("silent_for_s", "960"));
  }

  @Test
  void ignoresStoresMissingFromTheMetadata() {
    StoreSilenceDetector detector = detector();
    detector.advance(batch("store-9999", m(0), "store-0002", m(0)), at(0));
    assertThat(detector.advance(batch("store-0002", steady(1, 60)), at(50))).isEmpty();
  }

  @Test
  void continuesFromASnapshotAsIfNeverStopped() {
    StoreSilenceDetector before = detector();
    before.advance(batch("store-0001", m(0), "store-0002", m(0)), at(0));
    StoreSilenceDetector after = detector();
    after.restore(before.snapshot());
    assertThat(after.advance(batch("store-0002", steady(1, 30)), at(20)))
        .extracting(Situation::getStoreId).containsExactly("store-0001");
    assertThat(after.snapshot()).isNotEqualTo(before.snapshot());
  }
}
