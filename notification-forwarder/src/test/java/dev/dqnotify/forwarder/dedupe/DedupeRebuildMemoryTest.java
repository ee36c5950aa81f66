package dev.dqnotify.forwarder.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DedupeRebuildMemoryTest {

  @Test
  void rebuildingAHorizonOfTwoMillionIdsFitsTheShippedHeapAndKeepsTheNewestMaxEntries() throws Exception {
    // The heap and collector of the systemd unit and the Docker image (JAVA_OPTS).
    Process process = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        RebuildTwoMillionIds.class.getName())).redirectErrorStream(true).start();
    String output = read(process);

    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("finished within 3 min").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("kept " + RebuildTwoMillionIds.MAX_ENTRIES + ", newest kept true, oldest left out true");
  }

  private static String read(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
