package dev.dqnotify.ingest;

import static dev.dqnotify.ingest.testing.GroundTruthAssert.assertExactly;
import static dev.dqnotify.ingest.testing.GroundTruthAssert.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.Checkpoint;
import dev.dqnotify.ingest.testing.IngestFixture;
import dev.dqnotify.ingest.testing.OutboxReader;
import dev.dqnotify.ingest.testing.OutboxReader.Keyed;
import dev.dqnotify.ingest.testing.SparkSubmitted;
import dev.dqnotify.ingest.testing.SparkTestSession;
import dev.dqnotify.localstack.junit.LocalStackExtension;
import dev.dqnotify.localstack.kafka.KafkaBroker;
import dev.dqnotify.localstack.process.ChildProcess;
import dev.dqnotify.localstack.process.Deadline;
import dev.dqnotify.localstack.registry.SchemaRegistryServer;
import dev.dqnotify.localstack.sensors.GroundTruth;
import dev.dqnotify.localstack.sensors.SensorSimulator;
import dev.dqnotify.localstack.sensors.SimulationPlan;
import dev.dqnotify.localstack.spark.SparkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shaded job on a real Spark standalone cluster (a master and two workers of the local stack),
 * submitted with {@code SparkSubmit --master spark://…}; checkpoint and table in the cluster's shared
 * folder. The input is the sensor simulator's stream with every kind of situation
 * ({@link IngestEndToEndIT#plan()}, the one local mode is checked on), read in several batches;
 * the outbox must hold exactly the injected situations and the table each clean row once — also
 * when an executor or the driver is killed in the middle of a batch.
 */
@ExtendWith(LocalStackExtension.class)
class ClusterIT {
  /** Records per batch: the stream (about 720 messages) is read in about three batches. */
  private static final String RECORDS_PER_BATCH = "250";
  /** Generous: on a loaded two-core machine a run of three batches has taken over three minutes. */
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

  @Test
  void onTheClusterTheJobFindsExactlyTheInjectedSituationsAndCuratesEachCleanRowOnce(KafkaBroker kafka,
      SchemaRegistryServer registry, SparkCluster cluster) throws Exception {
    try (Run run = new Run(kafka, registry, cluster)) {
      ChildProcess driver = run.submit("driver");

      assertThat(driver.awaitExit(RUN_TIMEOUT)).as(driver.logTail(40)).isZero();
      run.assertExactlyTheInjectedSituationsAndCleanRows();
    }
  }

  @Test
  void anExecutorKilledInTheMiddleOfABatchChangesNoIdAndLosesNothing(KafkaBroker kafka,
      SchemaRegistryServer registry, SparkCluster cluster) throws Exception {
    try (Run run = new Run(kafka, registry, cluster)) {
      ChildProcess driver = run.submit("driver");
      run.awaitALaterBatchRunning(driver);

      cluster.killExecutor();

      assertThat(driver.awaitExit(RUN_TIMEOUT)).as(driver.logTail(40)).isZero();
      run.assertExactlyTheInjectedSituationsAndCleanRows();
    }
  }

  @Test
  void aDriverKilledInTheMiddleOfABatchAndRestartedFromTheCheckpointChangesNoIdAndLosesNothing(KafkaBroker kafka,
      SchemaRegistryServer registry, SparkCluster cluster) throws Exception {
    try (Run run = new Run(kafka, registry, cluster)) {
      ChildProcess first = run.submit("driver-1");
      run.awaitALaterBatchRunning(first);

      first.kill();
      assertThat(run.runningBatch()).as("a batch was interrupted: started, not committed").isPresent();
      ChildProcess second = run.submit("driver-2");

      assertThat(second.awaitExit(RUN_TIMEOUT)).as(second.logTail(40)).isZero();
      assertThat(run.runningBatch()).as("the restart finished the interrupted batch").isEmpty();
      run.assertExactlyTheInjectedSituationsAndCleanRows();
    }
  }

  /** One test's input, topics and folders (in the cluster's shared folder), and its outbox reader. */
  private static final class Run implements AutoCloseable {
    private final SparkCluster cluster;
    private final Path dir;
    private final IngestFixture fixture;
    private final OutboxReader outbox;
    private final GroundTruth truth;
    private final Path config;
    private final List<ChildProcess> drivers = new ArrayList<>();

    Run(KafkaBroker kafka, SchemaRegistryServer registry, SparkCluster cluster) throws Exception {
      this.cluster = cluster;
      this.dir = Files.createDirectories(cluster.sharedDirectory().resolve("cluster-it-" + UUID.randomUUID()));
      SimulationPlan plan = IngestEndToEndIT.plan();
      this.fixture = new IngestFixture(kafka, registry, dir, 3, plan.fleet().csv());
      this.outbox = fixture.outbox();
      try (SensorSimulator sensors = SensorSimulator.connect(kafka.bootstrapServers(), fixture.rawTopic, Map.of())) {
        sensors.send(plan.messages());
        this.truth = sensors.groundTruth();
      }
      Map<String, String> settings = new HashMap<>(IngestEndToEndIT.RULES.ingestJobSettings());
      settings.put("trigger.mode", "available-now");
      settings.put("source.max-offsets-per-trigger", RECORDS_PER_BATCH);
      this.config = SparkSubmitted.writeConfig(dir, "job.conf", fixture.settings("checkpoint", settings));
    }

    ChildProcess submit(String name) {
      ChildProcess driver = SparkSubmitted.start(dir, name, cluster.classpath(), cluster.submitOptions(),
          "--config", config.toString());
      drivers.add(driver);
      return driver;
    }

    /** Waits until a batch after the first is running, on two executors. */
    void awaitALaterBatchRunning(ChildProcess driver) {
      Deadline.await("a batch after the first running on two executors", RUN_TIMEOUT, driver::requireAlive,
          () -> runningBatch().orElse(-1) >= 1 && cluster.executors().size() == 2);
    }

    OptionalLong runningBatch() {
      return Checkpoint.runningBatch(dir.resolve("checkpoint"));
    }

    void assertExactlyTheInjectedSituationsAndCleanRows() {
      assertThat(truth.eventIds()).hasSizeGreaterThan(20);
      outbox.readUntil(read -> ids(read).containsAll(truth.eventIds()), Duration.ofSeconds(60));
      List<Keyed> events = outbox.readFor(Duration.ofSeconds(1));
      assertExactly(truth, events); // by id: a re-run batch may write its events again (at least once)
      assertThat(SparkTestSession.get().read().format("delta").load(fixture.curatedPath().toString()).count())
          .as("each clean row once").isEqualTo(truth.curatedRows());
    }

    @Override
    public void close() {
      drivers.forEach(ChildProcess::kill); // a failed test leaves no driver holding the cluster's cores
      outbox.close();
      fixture.close();
    }
  }
}
