package dev.dqnotify.forwarder.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IdWindowTest {

  @Test
  void remembersUuidAndOtherIdsAndForgetsTheOldestFirst() {
    IdWindow window = new IdWindow();
    String uuid = UUID.nameUUIDFromBytes("a".getBytes()).toString();

    assertThat(window.add(uuid, 1)).isTrue();
    assertThat(window.add("not-a-uuid", 2)).isTrue();
    assertThat(window.add(uuid.toUpperCase(), 3)).as("another string, another id").isTrue();
    assertThat(window.add(uuid, 4)).as("already there").isFalse();

    assertThat(window.size()).isEqualTo(3);
    assertThat(window.oldestTime()).isEqualTo(1);
    window.removeOldest();
    assertThat(window.contains(uuid)).isFalse();
    assertThat(window.contains("not-a-uuid")).isTrue();
    assertThat(window.oldestTime()).isEqualTo(2);
  }

  /**
   * Ids whose two halves move together once all started their probe at one slot (the halves were
   * combined before mixing), so every insert scanned every id before it: 32,768 such ids took over
   * 20 s. Random ids keep runs of a few dozen at the table's half load; so must these.
   */
  @Test
  void keepsProbeRunsShortForIdsWhoseHalvesMoveTogether() {
    List<LongFunction<UUID>> shapes = List.of(
        i -> new UUID(i, i),
        i -> new UUID(i, i ^ 0xFF),
        i -> new UUID(i << 32, i << 32),
        i -> new UUID(0, i + 1),
        i -> new UUID(i + 1, 0));
    for (LongFunction<UUID> shape : shapes) {
      IdWindow window = new IdWindow();
      for (long i = 0; i < 100_000; i++) {
        assertThat(window.add(shape.apply(i).toString(), i)).isTrue();
      }
      assertThat(window.longestProbeRun()).as("longest probe run for ids like %s", shape.apply(7))
          .isLessThan(100);
    }
  }

  @Test
  void spreadsIdsWhoseHalvesAreEqualOrPatternedOverTheWholeTable() {
    IdWindow window = new IdWindow();
    for (long i = 0; i < 8; i++) {
      window.add(new UUID(i, 0).toString(), i); // table of 32 slots
    }
    Set<Integer> equalHalves = new HashSet<>();
    Set<Integer> patternedHalves = new HashSet<>();
    for (long i = 0; i < 1_000; i++) {
      equalHalves.add(window.home(i, i));
      patternedHalves.add(window.home(i, i ^ 0x5555));
    }
    assertThat(equalHalves).hasSize(32);
    assertThat(patternedHalves).hasSize(32);
  }

  /** Any sequence of adds and removals behaves like a set with a queue, across resizes and wrap-arounds. */
  @Property(tries = 200)
  void behavesLikeASetInArrivalOrder(@ForAll @IntRange(min = 1, max = 3000) int operations,
      @ForAll @IntRange(min = 0, max = 100) int removalPercent, @ForAll long seed) {
    java.util.Random random = new java.util.Random(seed);
    IdWindow window = new IdWindow();
    Deque<String> order = new ArrayDeque<>();
    Set<String> present = new HashSet<>();
    for (int n = 0; n < operations; n++) {
      if (!order.isEmpty() && random.nextInt(100) < removalPercent) {
        window.removeOldest();
        present.remove(order.removeFirst());
      } else {
        // A small id space makes repeats, and UUIDs and plain strings mix.
        int k = random.nextInt(Math.max(2, operations / 2));
        String id = k % 2 == 0 ? UUID.nameUUIDFromBytes(("id" + k).getBytes()).toString() : "id-" + k;
        boolean added = window.add(id, n);
        assertThat(added).isEqualTo(present.add(id));
        if (added) {
          order.addLast(id);
        }
      }
      assertThat(window.size()).isEqualTo(present.size());
    }
    for (String id : present) {
      assertThat(window.contains(id)).isTrue();
    }
    assertThat(window.contains("never-added")).isFalse();
  }
}
