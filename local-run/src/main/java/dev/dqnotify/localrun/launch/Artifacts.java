package dev.dqnotify.localrun.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What the build produced that the local run starts, found relative to the repository root: the
 * ingest job's spark-app jar and Spark's classpath (a Spark installation stands in for neither), and
 * the forwarder's distribution.
 *
 * @param repoDir the repository root
 * @param ingestAppJar {@code ingest-job/target/dqnotify-ingest-job-<version>-spark-app.jar}
 * @param sparkClasspath the content of {@code ingest-job/target/spark-classpath.txt}
 * @param forwarderLauncher {@code notification-forwarder/target/dist/bin/dq-forwarder}
 * @param sparkJava17Options the JVM options Spark needs on Java 17 (the parent POM's {@code spark.java17.opens})
 */
public record Artifacts(Path repoDir, Path ingestAppJar, String sparkClasspath, Path forwarderLauncher,
    List<String> sparkJava17Options) {

  /** The command that builds everything this class looks for. */
  public static final String BUILD_COMMAND = "./mvnw -q -B install -DskipTests -pl local-run -am";

  /**
   * Finds the artifacts under {@code repoDir}.
   *
   * @throws IllegalStateException naming what is missing, where it was looked for and how to build it
   */
  public static Artifacts locate(Path repoDir) {
    Path root = repoDir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("ingest-job"))) {
      throw new IllegalStateException(root + " is not the dqnotify repository (no pom.xml with ingest-job/ beside it); "
          + "run from the repository root or pass --repo-dir");
    }
    Properties build = buildProperties();
    String version = build.getProperty("version");
    Path appJar = root.resolve("ingest-job/target/dqnotify-ingest-job-" + version + "-spark-app.jar");
    Path classpathFile = root.resolve("ingest-job/target/spark-classpath.txt");
    Path launcher = root.resolve("notification-forwarder/target/dist/bin/dq-forwarder");
    List<String> missing = new ArrayList<>();
    for (Path required : List.of(appJar, classpathFile, launcher)) {
      if (!Files.isRegularFile(required)) {
        missing.add(root.relativize(required).toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("missing build output " + String.join(", ", missing) + " under " + root
          + "; build it first: " + BUILD_COMMAND + " (bin/run-local does)");
    }
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(launcher + " is not executable; rebuild the forwarder: " + BUILD_COMMAND);
    }
    String sparkClasspath = read(classpathFile).trim();
    String firstJar = sparkClasspath.split(java.io.File.pathSeparator, 2)[0];
    if (sparkClasspath.isEmpty() || !Files.isRegularFile(Path.of(firstJar))) {
      throw new IllegalStateException("Spark's jars listed in " + classpathFile + " are missing (" + firstJar
          + "); rebuild: " + BUILD_COMMAND);
    }
    List<String> opens = Arrays.stream(build.getProperty("spark.java17.opens", "").split("\\s+"))
        .filter(option -> !option.isBlank()).toList();
    return new Artifacts(root, appJar, sparkClasspath, launcher, opens);
  }

  /**
   * These artifacts copied into {@code dir}: the spark-app jar and the forwarder's distribution. A
   * JVM reads its jars lazily, so a rebuild during a run (a developer's {@code ./mvnw package})
   * would break the running job or forwarder; the copies stay as they were. Spark's own jars live
   * in the local Maven repository, which a build never rewrites.
   */
  public Artifacts copiedTo(Path dir) {
    try {
      Files.createDirectories(dir);
      Path appJar = dir.resolve(ingestAppJar.getFileName());
      Files.copy(ingestAppJar, appJar, StandardCopyOption.REPLACE_EXISTING);
      Path forwarderDist = forwarderLauncher.getParent().getParent();
      Path copiedDist = dir.resolve("forwarder");
      try (Stream<Path> files = Files.walk(forwarderDist)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path target = copiedDist.resolve(forwarderDist.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      return new Artifacts(repoDir, appJar, sparkClasspath,
          copiedDist.resolve(forwarderDist.relativize(forwarderLauncher).toString()), sparkJava17Options);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not copy the build output to " + dir, e);
    }
  }

  private static Properties buildProperties() {
    Properties properties = new Properties();
    try (InputStream in = Artifacts.class.getResourceAsStream("/dev/dqnotify/localrun/build.properties")) {
      if (in == null) {
        throw new IllegalStateException("build.properties is missing from the local-run classpath; rebuild: "
            + BUILD_COMMAND);
      }
      properties.load(in);
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
  }
}
