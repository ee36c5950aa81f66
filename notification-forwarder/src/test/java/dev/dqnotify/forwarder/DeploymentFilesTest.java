package dev.dqnotify.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dqnotify.forwarder.testing.Dockerfile;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** docker-compose.yml and the Dockerfiles agree with the POM and with each other. */
class DeploymentFilesTest {

  private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();

  private static String pomProperty(String name) throws Exception {
    Element properties = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(REPO.resolve("pom.xml").toFile()).getDocumentElement().getElementsByTagName("properties").item(0);
    return properties.getElementsByTagName(name).item(0).getTextContent().strip();
  }

  private static JsonNode compose() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("docker-compose.yml").toFile());
  }

  @Test
  void theVersionsComposePassesToTheImagesAreThePomsVersions() throws Exception {
    JsonNode compose = compose();
    JsonNode args = compose.path("x-dqnotify-build").path("args");

    assertThat(Map.of("JAVA_VERSION", args.path("JAVA_VERSION").asText(),
        "SPARK_VERSION", args.path("SPARK_VERSION").asText(),
        "SCALA_BINARY_VERSION", args.path("SCALA_BINARY_VERSION").asText()))
        .isEqualTo(Map.of("JAVA_VERSION", pomProperty("maven.compiler.release"),
            "SPARK_VERSION", pomProperty("spark.version"),
            "SCALA_BINARY_VERSION", pomProperty("scala.binary.version")));
    assertThat(compose.path("services").path("kafka").path("image").asText())
        .isEqualTo("apache/kafka:" + pomProperty("kafka-broker.version"));
    assertThat(compose.path("services").path("kafka-topics").path("image").asText())
        .isEqualTo("apache/kafka:" + pomProperty("kafka-broker.version"));
    assertThat(compose.path("services").path("schema-registry").path("image").asText())
        .isEqualTo("apicurio/apicurio-registry-mem:" + pomProperty("apicurio.version"));
  }

  @Test
  void composeChecksTheForwardersHealthWithTheImagesOwnHealthcheck() throws Exception {
    List<String> composeTest = new ArrayList<>();
    compose().path("services").path("forwarder").path("healthcheck").path("test")
        .forEach(node -> composeTest.add(node.asText()));

    List<String> imageHealthcheck = Dockerfile.read(REPO.resolve("deploy/docker/forwarder.Dockerfile")).healthcheck();

    assertThat(imageHealthcheck).startsWith("/opt/dqnotify/forwarder/bin/dq-forwarder", "health");
    assertThat(composeTest).first().isEqualTo("CMD");
    assertThat(composeTest.subList(1, composeTest.size())).isEqualTo(imageHealthcheck);
  }

  @Test
  void theIngestImageKeepsSparksEntrypointAndComposeRunsSparkSubmitThroughIt() throws Exception {
    Dockerfile image = Dockerfile.read(REPO.resolve("deploy/docker/ingest-job.Dockerfile"));
    JsonNode command = compose().path("services").path("ingest-job").path("command");

    assertThat(image.instructions()).noneMatch(i -> i.startsWith("ENTRYPOINT") || i.startsWith("CMD"));
    assertThat(command.path(0).asText()).isEqualTo("/opt/spark/bin/spark-submit");
    List<String> arguments = new ArrayList<>();
    command.forEach(node -> arguments.add(node.asText()));
    assertThat(arguments).contains("/opt/dqnotify/ingest-job.jar", "--config", "/etc/dqnotify/ingest-job.conf");
    assertThat(image.instructions()).contains("COPY ingest-job/target/dqnotify-ingest-job-*-spark-app.jar "
        + "/opt/dqnotify/ingest-job.jar");
  }
}
