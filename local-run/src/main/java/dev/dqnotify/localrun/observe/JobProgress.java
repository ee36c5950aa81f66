package dev.dqnotify.localrun.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * How far the ingest job has read, from its checkpoint: Spark writes {@code offsets/<batch>} (the
 * end offsets of each batch's source, one JSON line per source after a version and a metadata line)
 * before a batch and {@code commits/<batch>} once the batch's output is written. The records of
 * the newest committed batch's end offsets have been processed — DqEvents written, curated rows
 * stored. Read from outside, so it costs the job nothing.
 */
public final class JobProgress {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The newest committed batch.
   *
   * @param batchId its id
   * @param recordsProcessed the sum of its end offsets over every partition of the topic: every
   *     record up to there is processed (offsets start at 0 on a fresh topic)
   */
  public record Position(long batchId, long recordsProcessed) {}

  private final Path checkpoint;
  private final String topic;

  /** Reads the progress of the query checkpointed at {@code checkpoint}, reading {@code topic}. */
  public JobProgress(Path checkpoint, String topic) {
    this.checkpoint = checkpoint;
    this.topic = topic;
  }

  /** The newest committed batch, if there is one and its files are readable. */
  public Optional<Position> current() {
    Optional<Long> batch = newestBatch(checkpoint.resolve("commits"));
    if (batch.isEmpty()) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(checkpoint.resolve("offsets").resolve(Long.toString(batch.get())),
          StandardCharsets.UTF_8);
      // Line 0: version, line 1: batch metadata, then one line per source.
      for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
        JsonNode offsets = JSON.readTree(line).path(topic);
        if (offsets.isObject()) {
          long sum = 0;
          for (Iterator<JsonNode> it = offsets.elements(); it.hasNext(); ) {
            sum += it.next().asLong();
          }
          return Optional.of(new Position(batch.get(), sum));
        }
      }
    } catch (IOException | RuntimeException e) {
      // A file Spark is writing this instant; the next look will find it whole.
    }
    return Optional.empty();
  }

  private static Optional<Long> newestBatch(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    long newest = -1;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
          newest = Math.max(newest, Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return newest < 0 ? Optional.empty() : Optional.of(newest);
  }
}
