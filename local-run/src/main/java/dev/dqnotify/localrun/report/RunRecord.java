package dev.dqnotify.localrun.report;

import dev.dqnotify.localrun.faults.DatadogOutage;
import dev.dqnotify.localrun.observe.ForwarderTelemetry;
import dev.dqnotify.localrun.observe.OutboxWatcher;
import dev.dqnotify.localrun.observe.Snapshot;
import dev.dqnotify.localrun.observe.TeamsChannels;
import dev.dqnotify.localstack.datadog.ReceivedEvent;
import dev.dqnotify.localstack.sensors.GroundTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a finished local run observed, from which {@link RunReport} computes its figures.
 *
 * @param runId the run's id (also a tag on every Datadog event it caused)
 * @param sensorsStartedAt when the sensors started; the report's times count from here
 * @param finishedAt when the run stopped
 * @param duration how long the sensors sent
 * @param rate regular messages per second
 * @param seed the seed of the simulation plan
 * @param faultPlan the injected faults, e.g. {@code late=2,malformed=3}
 * @param detectSettings the thresholds the job ran with
 * @param datadog where the forwarder posted
 * @param groupMode the forwarder's {@code group.mode}
 * @param truth what the sensors injected
 * @param outbox what the ingest job wrote, and the dead-letter topic
 * @param accepted the events the Datadog simulator accepted (empty for real Datadog)
 * @param responsesByStatus the simulator's responses by status (empty for real Datadog)
 * @param forwarder the forwarder's own counters at the end
 * @param outage the outage's steps as they happened
 * @param snapshots the live view's snapshots, oldest first
 * @param processes the processes the run started, with their pids
 * @param logs where each part logged
 * @param drained whether every DqEvent was delivered before the drain deadline
 * @param teams what the route monitors sent to Teams (empty for real Datadog)
 */
public record RunRecord(
    String runId,
    Instant sensorsStartedAt,
    Instant finishedAt,
    Duration duration,
    double rate,
    long seed,
    String faultPlan,
    Map<String, String> detectSettings,
    DatadogTarget datadog,
    String groupMode,
    GroundTruth truth,
    OutboxWatcher.State outbox,
    List<ReceivedEvent> accepted,
    Map<Integer, Integer> responsesByStatus,
    ForwarderTelemetry.Counters forwarder,
    List<DatadogOutage.Step> outage,
    List<Snapshot> snapshots,
    List<ProcessInfo> processes,
    Map<String, Path> logs,
    boolean drained,
    Optional<TeamsChannels.Summary> teams) {

  /**
   * Where the forwarder posted.
   *
   * @param simulator true for the local simulator, false for real Datadog
   * @param address the simulator's URL or the Datadog site
   */
  public record DatadogTarget(boolean simulator, String address) {
    /** {@code the Datadog simulator at http://…} or {@code REAL Datadog (datadoghq.com)}. */
    public String describe() {
      return simulator ? "the Datadog simulator at " + address : "REAL Datadog (" + address + ")";
    }
  }

  /**
   * A process the run started.
   *
   * @param name what it is
   * @param pid its process id
   */
  public record ProcessInfo(String name, long pid) {}

  /** Copies the collections. */
  public RunRecord {
    detectSettings = Collections.unmodifiableMap(new LinkedHashMap<>(detectSettings));
    accepted = List.copyOf(accepted);
    responsesByStatus = Map.copyOf(responsesByStatus);
    outage = List.copyOf(outage);
    snapshots = List.copyOf(snapshots);
    processes = List.copyOf(processes);
    logs = Collections.unmodifiableMap(new LinkedHashMap<>(logs));
  }
}
