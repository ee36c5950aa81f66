package dev.dqnotify.localstack.kafka;

import dev.dqnotify.localstack.process.Binaries;
import dev.dqnotify.localstack.process.ChildProcess;
import dev.dqnotify.localstack.process.Deadline;
import dev.dqnotify.localstack.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Apache Kafka 4.x broker in KRaft combined mode (broker and controller in one process),
 * running in a child JVM from the jars Maven resolved. Ports are chosen once, so a
 * {@link #stop()} followed by {@link #start()} brings the same broker back with its data — the way
 * fault tests restart a broker mid-run.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path workDir;
  private final int brokerPort;
  private final int controllerPort;
  private final Binaries binaries;
  private final KafkaContainer container;
  private ChildProcess child;

  private KafkaBroker(Path workDir, Binaries binaries) {
    this.workDir = workDir.toAbsolutePath();
    this.binaries = binaries;
    int[] ports = FreePorts.distinct(2); // Kafka refuses two listeners on one port
    this.brokerPort = ports[0];
    this.controllerPort = ports[1];
    this.container = null;
  }

  private KafkaBroker(Path workDir, Binaries binaries, KafkaContainer container) {
    this.workDir = workDir.toAbsolutePath();
    this.binaries = binaries;
    this.brokerPort = -1;
    this.controllerPort = -1;
    this.container = container;
  }

  /**
   * The tests' shared broker: in a container of Testcontainers' Kafka module when
   * {@link BrokerRuntime#select()} chooses one (a Docker engine answers, or it is forced), else as
   * {@link #start(Path)}. A broker in a container is not stopped and started again: tests that do
   * that start their own with {@link #start(Path)}.
   */
  public static KafkaBroker startForTests(Path workDir) {
    return switch (BrokerRuntime.select()) {
      case CHILD_JVM -> start(workDir);
      case CONTAINER -> startContainer(workDir);
    };
  }

  /** The image of a broker in a container: docker-compose.yml's, at the version of the child JVM's broker. */
  public static String containerImage() {
    return containerImage(Binaries.locate());
  }

  private static String containerImage(Binaries binaries) {
    return "apache/kafka:" + binaries.kafkaVersion();
  }

  private static KafkaBroker startContainer(Path workDir) {
    Binaries binaries = Binaries.locate();
    long begin = System.nanoTime();
    KafkaContainer container = new KafkaContainer(DockerImageName.parse(containerImage(binaries)));
    container.start();
    KafkaBroker broker = new KafkaBroker(workDir, binaries, container);
    log.info("Kafka {} ready at {} in {} ms (container {})", binaries.kafkaVersion(), broker.bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), container.getContainerId());
    return broker;
  }

  /** Creates (formats) and starts a broker whose data and log live under {@code workDir}. */
  public static KafkaBroker start(Path workDir) {
    KafkaBroker broker = new KafkaBroker(workDir, Binaries.locate());
    broker.writeConfig();
    broker.format();
    broker.start();
    return broker;
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return container != null ? container.getBootstrapServers() : "127.0.0.1:" + brokerPort;
  }

  /** The broker JVM's process id, or -1 when it is stopped or runs in a container. */
  public long pid() {
    return child == null ? -1 : child.pid();
  }

  /** Whether the broker process runs. */
  public boolean isRunning() {
    return container != null ? container.isRunning() : child != null && child.isAlive();
  }

  /** The broker's log file (of a container: written when it closes). */
  public Path logFile() {
    return workDir.resolve("kafka.log");
  }

  /** Starts the (formatted) broker again after {@link #stop()}; returns once it answers. */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    requireChildJvm("started again");
    long begin = System.nanoTime();
    child =
        ChildProcess.java(
            "kafka",
            workDir,
            logFile(),
            List.of(
                "-Xms128m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + workDir.resolve("log4j2.properties"),
                "-Dkafka.logs.dir=" + workDir.resolve("logs"),
                "-cp",
                binaries.kafkaBrokerClasspath(),
                "kafka.Kafka",
                workDir.resolve("server.properties").toString()));
    try (Admin admin = admin()) {
      Deadline.await(
          "Kafka broker at " + bootstrapServers() + " answering",
          READY_TIMEOUT,
          child::requireAlive,
          () -> answers(admin));
    }
    log.info(
        "Kafka {} ready at {} in {} ms (pid {})",
        binaries.kafkaVersion(),
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
        child.pid());
  }

  /** Stops the broker cleanly (SIGTERM, then SIGKILL after a grace period); data is kept. */
  public synchronized void stop() {
    requireChildJvm("stopped");
    if (child != null) {
      child.stop(Duration.ofSeconds(20));
      child = null;
    }
  }

  /** Kills the broker at once (SIGKILL), as a crash would; data is kept. */
  public synchronized void kill() {
    requireChildJvm("killed");
    if (child != null) {
      child.kill();
      child = null;
    }
  }

  @Override
  public void close() {
    if (container == null) {
      stop();
      return;
    }
    try {
      Files.createDirectories(workDir);
      Files.writeString(logFile(), container.getLogs(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      log.warn("Could not keep the Kafka container's log in {}: {}", logFile(), e.toString());
    }
    container.stop();
  }

  private void requireChildJvm(String what) {
    if (container != null) {
      throw new UnsupportedOperationException("The shared Kafka broker runs in a container and is not " + what
          + " by tests; start a broker of your own with KafkaBroker.start(Path)");
    }
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    return Admin.create(properties);
  }

  /**
   * Creates topics (if absent) and returns once every partition has a leader. Topics are created
   * up front because an idempotent producer writing to a just-created topic can drop records
   * (KAFKA-15591).
   */
  public void createTopics(int partitions, String... topics) {
    createTopics(partitions, Map.of(), topics);
  }

  /** As {@link #createTopics(int, String...)}, with topic configs such as {@code cleanup.policy}. */
  public void createTopics(int partitions, Map<String, String> configs, String... topics) {
    List<NewTopic> requested =
        java.util.Arrays.stream(topics)
            .map(name -> new NewTopic(name, partitions, (short) 1).configs(configs))
            .collect(Collectors.toList());
    try (Admin admin = admin()) {
      for (NewTopic topic : requested) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Could not create topic " + topic.name(), e.getCause());
          }
        }
      }
      Set<String> names = Set.of(topics);
      Deadline.await(
          "leaders for every partition of " + names,
          Duration.ofSeconds(30),
          () -> {},
          () -> allPartitionsLed(admin, names));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not create the topics within 30 s", e);
    }
  }

  private static boolean allPartitionsLed(Admin admin, Collection<String> topics) {
    try {
      Map<String, TopicDescription> descriptions =
          admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
      return descriptions.values().stream()
          .flatMap(d -> d.partitions().stream())
          .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private static boolean answers(Admin admin) {
    try {
      return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private void format() {
    if (Files.exists(workDir.resolve("data").resolve("meta.properties"))) {
      return;
    }
    ChildProcess.runToCompletion(
        "kafka-storage-format",
        workDir,
        workDir.resolve("kafka-format.log"),
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dlog4j2.configurationFile=" + workDir.resolve("log4j2.properties"),
            "-cp",
            binaries.kafkaBrokerClasspath(),
            "kafka.tools.StorageTool",
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            workDir.resolve("server.properties").toString()),
        Duration.ofSeconds(60));
  }

  private void writeConfig() {
    String server =
        String.join(
            "\n",
            "# Written by dqnotify local-stack: a single-node KRaft broker for tests and local runs.",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + workDir.resolve("data"),
            "num.partitions=1",
            // Topics are created up front, as in production (see createTopics).
            "auto.create.topics.enable=false",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "log.flush.interval.messages=9223372036854775807",
            "");
    String log4j =
        String.join(
            "\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = WARN",
            "");
    try {
      Files.createDirectories(workDir);
      Files.writeString(workDir.resolve("server.properties"), server, StandardCharsets.UTF_8);
      Files.writeString(workDir.resolve("log4j2.properties"), log4j, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the Kafka config under " + workDir, e);
    }
  }
}
