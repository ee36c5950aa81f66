package dev.dqnotify.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.ingest.parse.ParsedRecord;
import dev.dqnotify.ingest.testing.Records;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StoreActivityTest {

  private static final long MIN = 60_000;
  private static final long TIMEOUT = 15 * MIN; // DetectionRules.defaults()

  private static Map<Long, Long> spans(StoreActivity activity, String store) {
    return activity.spans().get(store);
  }

  @Test
  void joinsTimesAtMostTheToleranceApartAndKeepsLongerGapsBetweenSpans() {
    StoreActivity activity = new StoreActivity(TIMEOUT);
    for (long minute : new long[] {32, 0, 15, 48, 16}) {
      activity.add("store-0001", minute * MIN);
    }
    assertThat(spans(activity, "store-0001"))
        .as("0–16 is one span (a step of exactly 15 min is no silence); 16→32 and 32→48 are 16 min gaps")
        .containsExactly(Map.entry(0L, 16 * MIN), Map.entry(32 * MIN, 32 * MIN), Map.entry(48 * MIN, 48 * MIN));
  }

  @Test
  void givesTheSameSpansWhateverTheOrderAndRepetitionOfItsInput() {
    Random random = new Random(7);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      times.add((long) random.nextInt(24 * 60) * MIN + random.nextInt(60_000));
    }
    StoreActivity sorted = new StoreActivity(TIMEOUT);
    times.stream().sorted().forEach(t -> sorted.add("store-0002", t));

    Collections.shuffle(times, random);
    StoreActivity shuffled = new StoreActivity(TIMEOUT);
    times.forEach(t -> shuffled.add("store-0002", t));
    times.subList(800, 1_200).forEach(t -> shuffled.add("store-0002", t)); // 400 times twice

    assertThat(shuffled).isEqualTo(sorted);
  }

  @Test
  void findsTheSilencesOfTheWholeHistoryHoweverItIsCutIntoBatches() {
    Random random = new Random(11);
    long base = Records.T0.toEpochMilli();
    List<String> stores = List.of("store-0001", "store-0002", "store-9999");
    Map<String, long[]> history = new TreeMap<>();
    for (String store : stores) {
      // Bursts with gaps of 0–40 min.
      history.put(store, random.longs(120, 0, 800 * MIN).map(t -> base + t).sorted().toArray());
    }
    long end = base + 900 * MIN;
    List<String> expected = reference(history, end);

    for (int run = 0; run < 20; run++) {
      StoreSilenceDetector bySpans = new StoreSilenceDetector(DetectionRules.defaults(), Records.stores());
      List<String> found = new ArrayList<>();
      long line = base;
      while (line < end) {
        long next = Math.min(end, line + random.nextInt(60) * MIN + 1);
        Map<String, long[]> batch = new TreeMap<>();
        long from = line;
        history.forEach((store, times) ->
            batch.put(store, Arrays.stream(times).filter(t -> t >= from && t < next).toArray()));
        // Every later message is at least the line: what it settles stays settled.
        bySpans.advance(StoreActivity.of(TIMEOUT, batch), next).forEach(s -> found.add(s.eventId()));
        line = next;
      }
      assertThat(found).as("run " + run).containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(expected).as("silences in the random history").hasSizeGreaterThan(5);
  }

  /** STORE_SILENT over a whole history, message by message: every gap over the timeout, and the end. */
  private static List<String> reference(Map<String, long[]> history, long line) {
    List<String> ids = new ArrayList<>();
    history.forEach((store, times) -> {
      if (Records.stores().find(store).isEmpty()) {
        return;
      }
      for (int i = 0; i < times.length; i++) {
        long next = i + 1 < times.length ? times[i + 1] : line;
        if (next - times[i] > TIMEOUT) {
          ids.add(Situation.of("STORE_SILENT", "ERROR", store + "@" + times[i]).eventId());
        }
      }
    });
    return ids;
  }

  @Test
  void refusesSpansJoinedOverMoreThanTheSilenceTimeout() {
    StoreSilenceDetector detector = new StoreSilenceDetector(DetectionRules.defaults(), Records.stores());
    assertThatThrownBy(() -> detector.advance(new StoreActivity(TIMEOUT + 1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
