package dev.dqnotify.forwarder.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
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
