package dev.dqnotify.faultsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The suite's last step: the API key every scenario used appears in no captured log, then the
 * figures go to docs/reliability.md.
 */
@Order(100)
@ExtendWith(FaultStack.Extension.class)
class SecretsIT {

  @Test
  void theApiKeyAppearsInNoChildProcessLogNorInTheSuitesOwnLog(FaultStack suite) throws IOException {
    List<Path> logs;
    try (Stream<Path> files = Stream.concat(Files.walk(suite.workDir()), Files.walk(suite.reliabilityDir()))) {
      logs = files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".log")).toList();
    }
    assertThat(logs).as("captured logs: the forwarders', the jobs', Kafka's, the registry's, this JVM's")
        .anySatisfy(log -> assertThat(log.getFileName().toString()).startsWith("forwarder-"))
        .anySatisfy(log -> assertThat(log.getFileName().toString()).isEqualTo("fault-suite-jvm.log"));
    byte[] key = FaultStack.API_KEY.getBytes(StandardCharsets.UTF_8);
    for (Path log : logs) {
      // Bytes, not text: a Spark or Kafka log is not guaranteed to be valid UTF-8.
      assertThat(indexOf(Files.readAllBytes(log), key)).as("the API key in %s", log).isEqualTo(-1);
    }
    System.out.println("fault-suite: API key absent from " + logs.size() + " log files");
  }

  /**
   * The run's figures as the table of {@code docs/reliability.md}: always into
   * {@code target/reliability/reliability.md} (a copy of the doc), and into the doc itself only
   * with {@code -Ddqnotify.update-docs=true}, so a test run never leaves the work tree changed.
   */
  @AfterAll
  static void writeTheFiguresToTheDocs() throws java.io.IOException {
    Path doc = Path.of(System.getProperty("dqnotify.fault-suite.doc", "../docs/reliability.md"));
    if (!Files.isRegularFile(doc)) {
      return;
    }
    Path copy = FaultStack.figuresDir().resolve("reliability.md");
    Files.copy(doc, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ReliabilityTable.update(FaultStack.figuresDir(), copy);
    if (Boolean.getBoolean("dqnotify.update-docs")) {
      ReliabilityTable.update(FaultStack.figuresDir(), doc);
    }
    System.out.println("fault-suite: figures table written to " + copy);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
