package dev.dqnotify.localstack.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where the programs of the local stack are on this machine, as recorded by the build of
 * {@code local-stack-binaries}: the Kafka broker's classpath (jars in the local Maven repository)
 * and the unpacked Apicurio registry.
 */
public final class Binaries {

  private static final String BASE = "/dev/dqnotify/localstack/binaries/";
  private static final String HOW_TO_FIX =
      "Build it first: ./mvnw -q install -DskipTests -pl local-stack-binaries";
  private static final String HOW_TO_FIX_SPARK =
      "Build it first: ./mvnw -q package -DskipTests -pl local-stack -am";

  private final String kafkaBrokerClasspath;
  private final Path apicurioRunnerJar;
  private final String kafkaVersion;

  private Binaries(String kafkaBrokerClasspath, Path apicurioRunnerJar, String kafkaVersion) {
    this.kafkaBrokerClasspath = kafkaBrokerClasspath;
    this.apicurioRunnerJar = apicurioRunnerJar;
    this.kafkaVersion = kafkaVersion;
  }

  /** Reads the locations the build recorded; fails with what to do when they are missing. */
  public static Binaries locate() {
    Properties properties = new Properties();
    try (InputStream in = Binaries.class.getResourceAsStream(BASE + "binaries.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "The local-stack binaries are not on the classpath. " + HOW_TO_FIX);
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String classpath = readResource(BASE + "kafka-broker.classpath").trim();
    Path runner = Paths.get(properties.getProperty("apicurio.runner.jar"));
    if (!Files.isRegularFile(runner)) {
      throw new IllegalStateException(
          "The Apicurio registry is not unpacked at " + runner + ". " + HOW_TO_FIX);
    }
    String firstJar = classpath.split(java.io.File.pathSeparator, 2)[0];
    if (classpath.isEmpty() || !Files.isRegularFile(Paths.get(firstJar))) {
      throw new IllegalStateException(
          "The Kafka broker's jars are missing (" + firstJar + "). " + HOW_TO_FIX);
    }
    return new Binaries(classpath, runner, properties.getProperty("kafka.version"));
  }

  /**
   * What a Spark installation provides, as recorded by the build of
   * {@code local-stack-spark-binaries}: Spark's jars (Maven Central's, at the job's versions), its
   * version and the JVM options Spark needs on Java 17.
   */
  public record Spark(String version, List<Path> jars, List<String> java17Options) {}

  /** Reads Spark's recorded location; fails with what to do when it is missing. */
  public static Spark spark() {
    Properties properties = new Properties();
    try (InputStream in = Binaries.class.getResourceAsStream(BASE + "spark.properties")) {
      if (in == null) {
        throw new IllegalStateException("The local-stack Spark binaries are not on the classpath. " + HOW_TO_FIX_SPARK);
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> jars = Arrays.stream(readResource(BASE + "spark.classpath").trim().split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(Paths::get)
        .collect(Collectors.toList());
    Optional<Path> missing = jars.stream().filter(jar -> !Files.isRegularFile(jar)).findFirst();
    if (jars.isEmpty() || missing.isPresent()) {
      throw new IllegalStateException(
          "Spark's jars are missing (" + missing.map(Path::toString).orElse("none recorded") + "). " + HOW_TO_FIX_SPARK);
    }
    List<String> options = Arrays.stream(properties.getProperty("java17.options", "").trim().split("\\s+"))
        .filter(option -> !option.isBlank())
        .collect(Collectors.toList());
    return new Spark(properties.getProperty("spark.version"), List.copyOf(jars), List.copyOf(options));
  }

  /** The Kafka broker's classpath, Scala 2.13 included. */
  public String kafkaBrokerClasspath() {
    return kafkaBrokerClasspath;
  }

  /** The Apicurio registry's Quarkus runner jar (its {@code lib/} folder lies beside it). */
  public Path apicurioRunnerJar() {
    return apicurioRunnerJar;
  }

  /** The Apache Kafka version of the broker. */
  public String kafkaVersion() {
    return kafkaVersion;
  }

  private static String readResource(String name) {
    try (InputStream in = Binaries.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + name + " is missing. " + HOW_TO_FIX);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
