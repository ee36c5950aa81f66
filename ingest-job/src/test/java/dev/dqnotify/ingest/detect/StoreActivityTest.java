package dev.dqnotify.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dqnotify.ingest.parse.ParsedRecord;
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
  void findsTheSilencesAStoreByStoreWalkOverEveryMessageFinds() {
    Random random = new Random(11);
    StoreSilenceDetector bySpans = new StoreSilenceDetector(DetectionRules.defaults(), Records.stores());
    Reference byMessages = new Reference();
    long base = Records.T0.toEpochMilli();
    int silences = 0;
    for (int batch = 0; batch < 40; batch++) {
      Map<String, long[]> times = new TreeMap<>();
      for (String store : List.of("store-0001", "store-0002", "store-9999")) {
        // Bursts with gaps of 0–40 min, some of them reaching back before the previous batch.
        long start = base + batch * 20 * MIN;
        long[] sent = random.longs(random.nextInt(6), 0, 40 * MIN).map(t -> start + t).toArray();
        Arrays.sort(sent);
        times.put(store, sent);
      }
      List<String> expected = byMessages.advance(times);
      assertThat(bySpans.advance(StoreActivity.of(TIMEOUT, times))).extracting(Situation::eventId)
          .as("batch " + batch).containsExactlyInAnyOrderElementsOf(expected);
      silences += expected.size();
    }
    assertThat(silences).as("silences in the random history").isGreaterThan(5);
  }

  @Test
  void refusesSpansJoinedOverMoreThanTheSilenceTimeout() {
    StoreSilenceDetector detector = new StoreSilenceDetector(DetectionRules.defaults(), Records.stores());
    assertThatThrownBy(() -> detector.advance(new StoreActivity(TIMEOUT + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** STORE_SILENT decided message by message, as the job did before it worked on spans. */
  private static final class Reference {
    private final StoreSilenceDetector ids = new StoreSilenceDetector(DetectionRules.defaults(), Records.stores());
    private final Map<String, long[]> activity = new TreeMap<>();
    private long highWater = Long.MIN_VALUE;

    List<String> advance(Map<String, long[]> batch) {
      List<String> found = new ArrayList<>();
      batch.forEach((store, times) -> {
        if (times.length > 0) {
          highWater = Math.max(highWater, times[times.length - 1]);
        }
        if (Records.stores().find(store).isEmpty()) {
          return;
        }
        long[] state = activity.computeIfAbsent(store, s -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
        for (long time : times) {
          if (state[0] != Long.MIN_VALUE && time - state[0] > TIMEOUT) {
            report(store, state, found);
          }
          state[0] = Math.max(state[0], time);
        }
      });
      long clock = highWater == Long.MIN_VALUE ? Long.MIN_VALUE : highWater - 10 * MIN;
      activity.forEach((store, state) -> {
        if (clock != Long.MIN_VALUE && clock - state[0] > TIMEOUT) {
          report(store, state, found);
        }
      });
      return found;
    }

    private void report(String store, long[] state, List<String> found) {
      if (state[1] != state[0]) {
        state[1] = state[0];
        found.add(Situation.of("STORE_SILENT", "ERROR", store + "@" + state[0]).eventId());
      }
    }
  }
}
