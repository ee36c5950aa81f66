package dev.dqnotify.localstack.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dqnotify.localstack.process.Binaries;
import dev.dqnotify.localstack.process.ChildProcess;
import dev.dqnotify.localstack.process.Deadline;
import dev.dqnotify.localstack.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Spark standalone cluster — one master and {@code n} workers, each a child JVM — started
 * from the Spark jars Maven resolved (no Spark distribution needed). Workers start executor JVMs
 * for the applications submitted to {@link #masterUrl()}, as on a real cluster.
 *
 * <p>How it runs without a distribution: a {@code SPARK_HOME} folder under the work directory
 * holds {@code jars/} (links to Spark's jars) and an empty {@code RELEASE} file, which makes
 * Spark's launcher treat it as an installation when a worker builds an executor's command line;
 * workers also need {@code SPARK_SCALA_VERSION}. Each worker offers one core and 1 GiB, so two
 * workers fit a small machine; {@link #submitOptions()} sizes executors to match.
 *
 * <p>Everything runs on this machine, so any local folder is "shared storage" for the driver and
 * the executors; {@link #sharedDirectory()} is the one to put checkpoints and tables in.
 */
public final class SparkCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SparkCluster.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  /** What each worker offers; an executor takes all of it (one per worker). */
  private static final int WORKER_CORES = 1;
  private static final String WORKER_MEMORY = "1g";
  private static final String EXECUTOR_MEMORY = "512m";
  private static final String EXECUTOR_MAIN = "CoarseGrainedExecutorBackend";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path workDir;
  private final Binaries.Spark spark;
  private final int masterPort;
  private final int masterUiPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ChildProcess master;
  private final List<ChildProcess> workers = new ArrayList<>();

  private SparkCluster(Path workDir, Binaries.Spark spark) {
    this.workDir = workDir.toAbsolutePath();
    this.spark = spark;
    int[] ports = FreePorts.distinct(2);
    this.masterPort = ports[0];
    this.masterUiPort = ports[1];
  }

  /** Starts a master and {@code workers} workers under {@code workDir}; returns once all are registered. */
  public static SparkCluster start(Path workDir, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("A Spark cluster needs at least one worker, got " + workers);
    }
    SparkCluster cluster = new SparkCluster(workDir, Binaries.spark());
    try {
      cluster.startAll(workers);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The master's URL for {@code spark-submit --master}, e.g. {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's web UI; {@code /json/} lists workers and applications. */
  public String masterWebUiUrl() {
    return "http://127.0.0.1:" + masterUiPort;
  }

  /** The Spark installation folder the workers use ({@code jars/}, {@code RELEASE}). */
  public Path sparkHome() {
    return workDir.resolve("spark-home");
  }

  /** Spark's classpath as an installation provides it ({@code <spark home>/jars/*}), for a driver JVM. */
  public String classpath() {
    return sparkHome().resolve("jars") + "/*";
  }

  /** The JVM options Spark needs on Java 17, for a driver JVM started by hand. */
  public List<String> java17Options() {
    return spark.java17Options();
  }

  /** A folder the driver and every executor see: checkpoints and tables go here. */
  public Path sharedDirectory() {
    return workDir.resolve("shared");
  }

  /**
   * {@code spark-submit} options that run an application on this cluster: the master, one
   * executor per worker (one core, {@value #EXECUTOR_MEMORY} heap), Java 17 options for the
   * executors and the loopback address for the driver.
   */
  public List<String> submitOptions() {
    return List.of(
        "--master", masterUrl(),
        "--conf", "spark.executor.cores=" + WORKER_CORES,
        "--conf", "spark.executor.memory=" + EXECUTOR_MEMORY,
        "--conf", "spark.cores.max=" + WORKER_CORES * workers.size(),
        "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", spark.java17Options()),
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1");
  }

  /** The executor JVMs running now, on every worker. */
  public List<ProcessHandle> executors() {
    return workers.stream()
        .flatMap(worker -> worker.descendants().stream())
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(EXECUTOR_MAIN)).orElse(true))
        .collect(Collectors.toList());
  }

  /**
   * Kills one running executor at once (SIGKILL), as a lost machine would; its worker starts a new
   * one for the application. Returns the killed executor's process id.
   *
   * @throws IllegalStateException when no executor runs
   */
  public long killExecutor() {
    ProcessHandle executor = executors().stream().findFirst()
        .orElseThrow(() -> new IllegalStateException("No executor runs on the Spark cluster at " + masterUrl()));
    executor.destroyForcibly();
    try {
      executor.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Executor " + executor.pid() + " did not die within 30 s", e);
    }
    log.info("Killed Spark executor (pid {})", executor.pid());
    return executor.pid();
  }

  /** The process ids of the master and the workers (executors: {@link #executors()}). */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    if (master != null) {
      pids.add(master.pid());
    }
    workers.forEach(worker -> pids.add(worker.pid()));
    return pids;
  }

  /** The number of workers the master counts as alive. */
  public int aliveWorkers() {
    JsonNode state = masterState();
    return state == null ? 0 : state.path("aliveworkers").asInt(0);
  }

  /** Stops the workers (and with them their executors), then the master. */
  @Override
  public synchronized void close() {
    workers.forEach(worker -> worker.stop(Duration.ofSeconds(10)));
    workers.clear();
    if (master != null) {
      master.stop(Duration.ofSeconds(10));
      master = null;
    }
  }

  private void startAll(int workerCount) {
    long begin = System.nanoTime();
    writeSparkHome();
    Map<String, String> environment = Map.of(
        "SPARK_HOME", sparkHome().toString(),
        // Without it a worker looks for a source build ("Cannot find any build directories").
        "SPARK_SCALA_VERSION", "2.12",
        "SPARK_LOCAL_IP", "127.0.0.1",
        "JAVA_HOME", System.getProperty("java.home"));
    ChildProcess started = ChildProcess.java("spark-master", workDir.resolve("master"),
        workDir.resolve("master").resolve("master.log"), environment,
        daemon("org.apache.spark.deploy.master.Master",
            "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort)));
    master = started;
    Deadline.await("Spark master at " + masterWebUiUrl() + " answering", READY_TIMEOUT, started::requireAlive,
        () -> masterState() != null);
    for (int i = 0; i < workerCount; i++) {
      Path dir = workDir.resolve("worker-" + i);
      int[] ports = FreePorts.distinct(2);
      workers.add(ChildProcess.java("spark-worker-" + i, dir, dir.resolve("worker.log"), environment,
          daemon("org.apache.spark.deploy.worker.Worker",
              "--host", "127.0.0.1", "--port", String.valueOf(ports[0]), "--webui-port", String.valueOf(ports[1]),
              "--cores", String.valueOf(WORKER_CORES), "--memory", WORKER_MEMORY,
              "--work-dir", dir.resolve("work").toString(), masterUrl())));
    }
    Deadline.await(workerCount + " Spark workers registered at " + masterUrl(), READY_TIMEOUT,
        () -> {
          started.requireAlive();
          workers.forEach(ChildProcess::requireAlive);
        },
        () -> aliveWorkers() >= workerCount);
    try {
      Files.createDirectories(sharedDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    log.info("Spark {} standalone cluster ready at {} with {} workers in {} ms (pids {})", spark.version(),
        masterUrl(), workerCount, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), pids());
  }

  private List<String> daemon(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
    command.addAll(spark.java17Options());
    command.addAll(List.of("-cp", classpath(), mainClass));
    command.addAll(List.of(arguments));
    return command;
  }

  /** {@code <work>/spark-home}: {@code jars/} linking Spark's jars, and an empty {@code RELEASE}. */
  private void writeSparkHome() {
    Path jars = sparkHome().resolve("jars");
    try {
      Files.createDirectories(jars);
      Set<String> names = new HashSet<>();
      for (Path jar : spark.jars()) {
        String name = jar.getFileName().toString();
        if (!names.add(name)) {
          throw new IllegalStateException("Two of Spark's jars are named " + name + "; cannot link both into " + jars);
        }
        Path link = jars.resolve(name);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, jar);
      }
      Path release = sparkHome().resolve("RELEASE");
      if (!Files.exists(release)) {
        Files.createFile(release);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare the Spark home " + sparkHome(), e);
    }
  }

  /** The master's state from its web UI, or null while it does not answer. */
  private JsonNode masterState() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(masterWebUiUrl() + "/json/"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
