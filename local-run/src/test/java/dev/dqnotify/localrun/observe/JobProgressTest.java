package dev.dqnotify.localrun.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobProgressTest {

  @TempDir Path checkpoint;

  @Test
  void theNewestCommittedBatchsEndOffsetsAreWhatTheJobProcessed() throws Exception {
    Files.createDirectories(checkpoint.resolve("offsets"));
    Files.createDirectories(checkpoint.resolve("commits"));
    offsets(4, "{\"sensor-raw\":{\"2\":10,\"1\":20,\"0\":30}}");
    offsets(5, "{\"sensor-raw\":{\"2\":11,\"1\":21,\"0\":31}}");
    Files.writeString(checkpoint.resolve("commits/4"), "v1\n{\"nextBatchWatermarkMs\":0}");
    Files.writeString(checkpoint.resolve("commits/.4.crc"), "ignored");

    assertThat(new JobProgress(checkpoint, "sensor-raw").current())
        .hasValue(new JobProgress.Position(4, 60));
  }

  @Test
  void beforeTheFirstCommitThereIsNoPosition() {
    assertThat(new JobProgress(checkpoint, "sensor-raw").current()).isEmpty();
  }

  private void offsets(int batch, String sourceLine) throws Exception {
    Files.writeString(checkpoint.resolve("offsets/" + batch),
        "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":1,\"conf\":{}}\n" + sourceLine);
  }
}
