package dev.dqnotify.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dqnotify.ingest.testing.SparkSubmitted;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What the spark-app jar brings next to a Spark installation (docs/ingest-job.md, "Kafka client"):
 * the Kafka connector with exactly the kafka-clients Spark's connector declares, unrelocated, and
 * nothing of Spark's own classpath; notify-spark's outbox, which the job writes through.
 * {@code SparkSubmitIT} and {@code ClusterIT} run it there.
 */
class AppJarIT {
  private static final Path REPOSITORY = Path.of(System.getProperty("dqnotify.maven.repository", "missing"));
  private static final String SPARK_VERSION = System.getProperty("dqnotify.spark.version", "missing");

  @Test
  void theJarBringsTheKafkaClientsVersionSparksConnectorIsBuiltAgainstUnrelocated() throws Exception {
    try (JarFile jar = new JarFile(SparkSubmitted.APP_JAR.toFile())) {
      // kafka-clients is built with Gradle: its version is in kafka/kafka-version.properties, not META-INF/maven.
      assertThat(jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith("kafka-version.properties")))
          .as("one kafka-clients").containsExactly("kafka/kafka-version.properties");
      assertThat(version(jar, "kafka/kafka-version.properties")).as("kafka-clients in the jar vs Spark "
          + SPARK_VERSION + "'s kafka.version").isEqualTo(sparksKafkaVersion());
      assertThat(jar.getEntry("org/apache/kafka/clients/consumer/KafkaConsumer.class")).isNotNull();
      assertThat(jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith("/KafkaConsumer.class")))
          .as("one Kafka consumer, at its own name").containsExactly("org/apache/kafka/clients/consumer/KafkaConsumer.class");
      assertThat(jar.getEntry("org/apache/spark/sql/kafka010/KafkaSourceProvider.class")).isNotNull();
    }
  }

  @Test
  void theJarLeavesSparksOwnClasspathToTheInstallation() throws Exception {
    try (JarFile jar = new JarFile(SparkSubmitted.APP_JAR.toFile())) {
      assertThat(jar.stream().map(ZipEntry::getName)).noneMatch(name -> name.startsWith("org/apache/spark/sql/SparkSession")
          || name.startsWith("scala/") || name.startsWith("com/fasterxml/jackson/") || name.startsWith("org/apache/avro/")
          || name.startsWith("org/apache/hadoop/"));
      String services = new String(jar.getInputStream(
          jar.getEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(services).contains("org.apache.spark.sql.kafka010.KafkaSourceProvider")
          .contains("org.apache.spark.sql.delta.sources.DeltaDataSource");
    }
  }

  @Test
  void theJarCarriesNotifySparksOutboxTheJobWritesItsDqEventsThrough() throws Exception {
    try (JarFile jar = new JarFile(SparkSubmitted.APP_JAR.toFile())) {
      assertThat(jar.getEntry("dev/dqnotify/notify/outbox/OutboxFormat.class")).isNotNull();
      assertThat(jar.getEntry("dev/dqnotify/notify/outbox/OutboxProducer.class")).isNotNull();
      assertThat(jar.getEntry("dev/dqnotify/schemas/DqEvent.class")).isNotNull();
    }
  }

  private static String version(JarFile jar, String properties) throws IOException {
    Properties values = new Properties();
    try (InputStream in = jar.getInputStream(jar.getEntry(properties))) {
      values.load(in);
    }
    return values.getProperty("version");
  }

  /** {@code kafka.version} of Spark's parent POM: what spark-sql-kafka-0-10 is built and tested against. */
  private static String sparksKafkaVersion() throws IOException {
    Path pom = REPOSITORY.resolve("org/apache/spark/spark-parent_2.12/" + SPARK_VERSION + "/spark-parent_2.12-"
        + SPARK_VERSION + ".pom");
    Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Files.readString(pom));
    assertThat(version.find()).as("kafka.version in " + pom).isTrue();
    return version.group(1);
  }
}
