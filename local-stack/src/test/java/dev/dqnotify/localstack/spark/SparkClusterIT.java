package dev.dqnotify.localstack.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.localstack.process.ChildProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkClusterIT {

  @TempDir Path workDir;

  @Test
  void runsAShuffleOnTwoExecutorsAndLeavesNoProcessBehind() throws Exception {
    List<Long> pids;
    List<Long> executorPids;
    try (SparkCluster cluster = SparkCluster.start(workDir.resolve("cluster"), 2)) {
      assertThat(cluster.aliveWorkers()).isEqualTo(2);
      assertThat(Files.isRegularFile(cluster.sparkHome().resolve("RELEASE"))).isTrue();
      Path jar = compileJob(cluster);

      List<String> arguments = new ArrayList<>(cluster.java17Options());
      arguments.addAll(List.of("-Xmx768m", "-cp", cluster.classpath(), "org.apache.spark.deploy.SparkSubmit"));
      arguments.addAll(cluster.submitOptions());
      // Start the job only once both executors are there, so that both run tasks.
      arguments.addAll(List.of("--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
          "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
          "--conf", "spark.ui.enabled=false",
          "--class", "TwoExecutorsJob", jar.toString()));
      Path log = workDir.resolve("driver.log");
      try (ChildProcess driver = ChildProcess.java("driver", workDir, log, arguments)) {
        executorPids = awaitExecutors(cluster, driver);
        assertThat(driver.awaitExit(Duration.ofMinutes(3))).as(driver.logTail(40)).isZero();
      }
      assertThat(Files.readString(log)).contains("RESULT sum=500500 executors=2");
      pids = cluster.pids();
      assertThat(pids).hasSize(3);
    }
    assertThat(Stream.concat(pids.stream(), executorPids.stream()))
        .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true)));
  }

  /** The executor JVMs the workers started for the driver, seen while it runs. */
  private static List<Long> awaitExecutors(SparkCluster cluster, ChildProcess driver) {
    dev.dqnotify.localstack.process.Deadline.await("two executors running", Duration.ofMinutes(2),
        () -> {}, () -> cluster.executors().size() == 2 || !driver.isAlive());
    return cluster.executors().stream().map(ProcessHandle::pid).collect(Collectors.toList());
  }

  /** Compiles the trivial job against the cluster's jars and packs it as an application jar. */
  private Path compileJob(SparkCluster cluster) throws Exception {
    Path source = workDir.resolve("src").resolve("TwoExecutorsJob.java");
    Files.createDirectories(source.getParent());
    try (InputStream in = getClass().getResourceAsStream("TwoExecutorsJob.java")) {
      Files.write(source, in.readAllBytes());
    }
    Path classes = workDir.resolve("classes");
    Files.createDirectories(classes);
    String jars; // javac, unlike the java launcher, does not expand "jars/*"
    try (Stream<Path> listed = Files.list(cluster.sparkHome().resolve("jars"))) {
      jars = listed.map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int result = javac.run(null, null, null, "-proc:none", "-d", classes.toString(), "-cp", jars, source.toString());
    assertThat(result).as("the trivial job compiles against Spark's jars").isZero();
    Path jar = workDir.resolve("two-executors.jar");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path classFile : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(classFile));
        out.closeEntry();
      }
    }
    return jar;
  }
}
