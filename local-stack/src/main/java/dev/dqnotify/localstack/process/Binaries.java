package dev.dqnotify.localstack.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * Where the programs of the local stack are on this machine, as recorded by the build of
 * {@code local-stack-binaries}: the Kafka broker's classpath (jars in the local Maven repository)
 * and the unpacked Apicurio registry.
 */
public final class Binaries {

  private static final String BASE = "/dev/dqnotify/localstack/binaries/";
  private static final String HOW_TO_FIX =
      "Build it first: ./mvnw -q install -DskipTests -pl local-stack-binaries";

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
