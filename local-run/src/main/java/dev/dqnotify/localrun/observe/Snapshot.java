package dev.dqnotify.localrun.observe;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The whole pipeline at one moment, as the live view shows it and the report's timeline keeps it.
 *
 * @param elapsed time since the sensors started
 * @param runLength how long the sensors send
 * @param phase what the run is doing: {@code sending}, {@code draining}
 * @param messagesSent raw messages written to {@code sensor-raw} so far
 * @param messagesPerSecond the recent send rate
 * @param injected situations injected so far, by event type
 * @param found distinct DqEvents in the outbox, by event type
 * @param outboxEvents distinct DqEvents in the outbox
 * @param jobProcessed raw records the ingest job has processed (empty before its first batch)
 * @param jobBatch the job's newest committed batch
 * @param delivered DqEvents that reached Datadog (empty when that cannot be seen: real Datadog)
 * @param posted Datadog events the forwarder posted
 * @param retried posts the forwarder scheduled again
 * @param deadLettered records on the dead-letter topic
 * @param datadogStatus what Datadog does now
 * @param responses the simulator's responses by HTTP status (empty for real Datadog)
 */
public record Snapshot(
    Duration elapsed,
    Duration runLength,
    String phase,
    long messagesSent,
    double messagesPerSecond,
    Map<String, Long> injected,
    Map<String, Long> found,
    long outboxEvents,
    OptionalLong jobProcessed,
    OptionalLong jobBatch,
    OptionalLong delivered,
    long posted,
    long retried,
    long deadLettered,
    String datadogStatus,
    Map<Integer, Integer> responses) {

  /** Copies the maps. */
  public Snapshot {
    injected = Map.copyOf(injected);
    found = Map.copyOf(found);
    responses = Map.copyOf(responses);
  }

  /** Raw records written but not yet processed by the job; empty before its first batch. */
  public OptionalLong jobLag() {
    return jobProcessed.isPresent() ? OptionalLong.of(Math.max(0, messagesSent - jobProcessed.getAsLong()))
        : OptionalLong.empty();
  }

  /** DqEvents in the outbox not yet in Datadog, when that can be seen. */
  public OptionalLong backlog() {
    return delivered.isPresent() ? OptionalLong.of(Math.max(0, outboxEvents - delivered.getAsLong()))
        : OptionalLong.empty();
  }
}
