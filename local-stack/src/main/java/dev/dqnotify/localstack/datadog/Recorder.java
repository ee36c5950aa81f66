package dev.dqnotify.localstack.datadog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulator saw: every accepted event and a count of the Datadog API responses it gave.
 * Thread-safe; one lock keeps ids, the event list and the counters consistent with each other.
 */
final class Recorder {

  /**
   * Like Datadog's own, ids are above 2^53, so a client that reads {@code id} as a double (as
   * JavaScript would) gets a wrong id; clients should read {@code id_str}.
   */
  static final long FIRST_ID = 7_000_000_000_000_000_001L;

  private long nextId = FIRST_ID; // never reset, so ids stay unique across clearRecorded()
  private final List<ReceivedEvent> accepted = new ArrayList<>();
  private final Map<Integer, Integer> responsesByStatus = new TreeMap<>();
  private int droppedConnections;

  /** Stores an accepted event under a new id. */
  synchronized ReceivedEvent accept(ReceivedEvent event) {
    ReceivedEvent received = event.withId(nextId++);
    accepted.add(received);
    return received;
  }

  synchronized void countResponse(int status) {
    responsesByStatus.merge(status, 1, Integer::sum);
  }

  synchronized void countDroppedConnection() {
    droppedConnections++;
  }

  synchronized List<ReceivedEvent> acceptedEvents() {
    return List.copyOf(accepted);
  }

  synchronized Stats stats() {
    int answered = responsesByStatus.values().stream().mapToInt(Integer::intValue).sum();
    return new Stats(
        answered + droppedConnections,
        accepted.size(),
        Collections.unmodifiableMap(new TreeMap<>(responsesByStatus)),
        droppedConnections);
  }

  /** Forgets events and counters; ids keep increasing. */
  synchronized void clear() {
    accepted.clear();
    responsesByStatus.clear();
    droppedConnections = 0;
  }

  /**
   * A consistent snapshot of the counters.
   *
   * @param requests Datadog API requests, answered or dropped
   * @param accepted events accepted and still recorded
   * @param responsesByStatus responses given, by HTTP status, in ascending order of status
   * @param droppedConnections requests whose connection a fault dropped
   */
  record Stats(
      int requests,
      int accepted,
      Map<Integer, Integer> responsesByStatus,
      int droppedConnections) {}
}
