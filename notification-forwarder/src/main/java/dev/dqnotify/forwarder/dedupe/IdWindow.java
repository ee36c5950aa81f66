package dev.dqnotify.forwarder.dedupe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The event ids of one partition's dedupe window, in arrival order, in about 60 bytes per id
 * (a {@code LinkedHashMap<String, Instant>} needs about 150): each id is kept as a 128-bit
 * fingerprint — the id's own bits when it is a UUID, as the ingest job's ids are, else the MD5 of
 * its UTF-8 bytes — in an open-addressing table (linear probing, deletion by backward shift), with
 * a ring buffer of fingerprints and record times giving the arrival order for expiry and eviction.
 * A false "seen" needs two different ids with the same 128-bit fingerprint.
 *
 * <p>Not thread-safe, like {@link Deduplicator}.
 */
final class IdWindow {
  private static final int MIN_CAPACITY = 16;

  // Hash table: slot i holds (tableHi[i], tableLo[i]); (0, 0) marks an empty slot.
  private long[] tableHi = new long[MIN_CAPACITY * 2];
  private long[] tableLo = new long[MIN_CAPACITY * 2];
  // Arrival order: a ring buffer of fingerprints and record times, oldest at head.
  private long[] queueHi = new long[MIN_CAPACITY];
  private long[] queueLo = new long[MIN_CAPACITY];
  private long[] queueTime = new long[MIN_CAPACITY];
  private int head;
  private int size;
  private final MessageDigest md5;

  IdWindow() {
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has MD5", e);
    }
  }

  int size() {
    return size;
  }

  boolean contains(String id) {
    long[] key = fingerprint(id);
    return slotOf(key[0], key[1]) >= 0;
  }

  /** Adds {@code id} at the end of the arrival order; returns false (and changes nothing) if present. */
  boolean add(String id, long timeMs) {
    long[] key = fingerprint(id);
    if (slotOf(key[0], key[1]) >= 0) {
      return false;
    }
    if ((size + 1) * 2 > tableHi.length) {
      resizeTable(tableHi.length * 2);
    }
    insert(key[0], key[1]);
    if (size == queueHi.length) {
      growQueue();
    }
    int tail = (head + size) & (queueHi.length - 1);
    queueHi[tail] = key[0];
    queueLo[tail] = key[1];
    queueTime[tail] = timeMs;
    size++;
    return true;
  }

  /** The record time of the oldest id; only when {@link #size()} is positive. */
  long oldestTime() {
    return queueTime[head];
  }

  /** Forgets the oldest id. */
  void removeOldest() {
    delete(queueHi[head], queueLo[head]);
    head = (head + 1) & (queueHi.length - 1);
    size--;
  }

  private long[] fingerprint(String id) {
    long hi;
    long lo;
    UUID uuid = asUuid(id);
    if (uuid != null) {
      hi = uuid.getMostSignificantBits();
      lo = uuid.getLeastSignificantBits();
    } else {
      byte[] digest = md5.digest(id.getBytes(StandardCharsets.UTF_8));
      hi = toLong(digest, 0);
      lo = toLong(digest, 8);
    }
    if (hi == 0 && lo == 0) {
      lo = 1; // (0, 0) marks an empty slot
    }
    return new long[] {hi, lo};
  }

  private static UUID asUuid(String id) {
    if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-') {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(id);
      // Only the canonical lower-case form maps one-to-one to its bits.
      return uuid.toString().equals(id) ? uuid : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long toLong(byte[] bytes, int from) {
    long value = 0;
    for (int i = from; i < from + 8; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }

  /**
   * The slot a fingerprint's probe starts at. Each half goes through a full-avalanche mixer
   * (SplitMix64's finaliser) before they are combined: combining first ({@code hi ^ lo}) sends ids
   * whose halves move together — equal halves, or one half the other with a fixed pattern, as
   * generated ids can be — to one slot, and linear probing then makes every insert a scan of all
   * the others.
   */
  int home(long hi, long lo) {
    return (int) mix(lo ^ mix(hi)) & (tableHi.length - 1);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The longest run of occupied slots in the table: what one lookup may have to probe. */
  int longestProbeRun() {
    int longest = 0;
    int run = 0;
    // Twice round, so a run that wraps past the end is counted whole.
    for (int n = 0; n < tableHi.length * 2; n++) {
      int i = n & (tableHi.length - 1);
      run = tableHi[i] == 0 && tableLo[i] == 0 ? 0 : run + 1;
      longest = Math.max(longest, Math.min(run, tableHi.length));
    }
    return longest;
  }

  private int slotOf(long hi, long lo) {
    int mask = tableHi.length - 1;
    for (int i = home(hi, lo); ; i = (i + 1) & mask) {
      if (tableHi[i] == 0 && tableLo[i] == 0) {
        return -1;
      }
      if (tableHi[i] == hi && tableLo[i] == lo) {
        return i;
      }
    }
  }

  private void insert(long hi, long lo) {
    int mask = tableHi.length - 1;
    int i = home(hi, lo);
    while (tableHi[i] != 0 || tableLo[i] != 0) {
      i = (i + 1) & mask;
    }
    tableHi[i] = hi;
    tableLo[i] = lo;
  }

  /** Removes a key and shifts back the keys of its probe run, so lookups need no tombstones. */
  private void delete(long hi, long lo) {
    int i = slotOf(hi, lo);
    if (i < 0) {
      return;
    }
    int mask = tableHi.length - 1;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (tableHi[j] == 0 && tableLo[j] == 0) {
        break;
      }
      int k = home(tableHi[j], tableLo[j]);
      // Move j back to i unless its home lies cyclically in (i, j].
      boolean homeBetween = i <= j ? (i < k && k <= j) : (i < k || k <= j);
      if (!homeBetween) {
        tableHi[i] = tableHi[j];
        tableLo[i] = tableLo[j];
        i = j;
      }
    }
    tableHi[i] = 0;
    tableLo[i] = 0;
  }

  private void resizeTable(int capacity) {
    tableHi = new long[capacity];
    tableLo = new long[capacity];
    for (int n = 0; n < size; n++) {
      int q = (head + n) & (queueHi.length - 1);
      insert(queueHi[q], queueLo[q]);
    }
  }

  private void growQueue() {
    int capacity = queueHi.length * 2;
    long[] hi = new long[capacity];
    long[] lo = new long[capacity];
    long[] time = new long[capacity];
    for (int n = 0; n < size; n++) {
      int q = (head + n) & (queueHi.length - 1);
      hi[n] = queueHi[q];
      lo[n] = queueLo[q];
      time[n] = queueTime[q];
    }
    queueHi = hi;
    queueLo = lo;
    queueTime = time;
    head = 0;
  }
}
