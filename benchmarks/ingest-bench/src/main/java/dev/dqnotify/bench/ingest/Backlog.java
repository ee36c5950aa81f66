package dev.dqnotify.bench.ingest;

import dev.dqnotify.localstack.LocalStack;
import dev.dqnotify.localstack.sensors.FaultPlan;
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.sensors.StoreFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Preloads a raw topic with a large number of contract-shaped messages without holding them: the
 * plan is generated and sent in chunks of successive time windows (5 s ticks of the fleet, ending
 * now), each chunk with its own seed and its own simulator, so the harness's memory does not grow
 * with the backlog (a whole plan costs about 1.3 KB per message).
 */
final class Backlog {

  static final int CHUNK = 50_000;
  static final Duration TICK = Duration.ofSeconds(5);
  /** A progress line every this many chunks (500,000 messages). */
  private static final int PROGRESS_EVERY = 10;

  private Backlog() {}

  /**
   * Sends about {@code messages} messages (a whole number of fleet ticks) to {@code topic};
   * {@code faults} gives each chunk's fault plan from its message count. Returns the messages sent.
   */
  static long send(LocalStack stack, String topic, StoreFleet fleet, int messages, IntFunction<FaultPlan> faults,
      long seed) {
    int sensors = fleet.sensors().size();
    int ticksLeft = Math.max(1, messages / sensors);
    int ticksPerChunk = Math.max(1, CHUNK / sensors);
    Instant end = Instant.now();
    Instant chunkStart = end.minus(TICK.multipliedBy(ticksLeft));
    long sent = 0;
    for (int chunk = 0; ticksLeft > 0; chunk++) {
      int ticks = Math.min(ticksPerChunk, ticksLeft);
      ticksLeft -= ticks;
      chunkStart = chunkStart.plus(TICK.multipliedBy(ticks));
      SimulationPlan plan = SimulationPlan.builder(fleet).endingAt(chunkStart).interval(TICK).ticks(ticks)
          .thresholds(Plans.RULES).faults(faults.apply(ticks * sensors)).seed(seed + chunk).build();
      try (SensorSimulator simulator = SensorSimulator.connect(stack.kafka().bootstrapServers(), topic, Map.of())) {
        sent += simulator.send(plan.messages()).messagesSent();
      }
      if ((chunk + 1) % PROGRESS_EVERY == 0 || ticksLeft == 0) {
        System.out.printf("preload %s: %,d of about %,d messages%n", topic, sent, (long) messages);
      }
    }
    return sent;
  }
}
