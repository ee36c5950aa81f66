package dev.dqnotify.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A streaming query's progress as its checkpoint shows it: Spark writes {@code offsets/<batch>}
 * when a batch starts and {@code commits/<batch>} when it is done, so a batch with the first and
 * not the second is running (or was, when its driver died).
 */
public final class Checkpoint {
  private Checkpoint() {}

  /** The newest batch that has started and not committed, if any. */
  public static OptionalLong runningBatch(Path checkpoint) {
    OptionalLong newest = newest(checkpoint.resolve("offsets"));
    if (newest.isPresent() && !Files.exists(checkpoint.resolve("commits").resolve(Long.toString(newest.getAsLong())))) {
      return newest;
    }
    return OptionalLong.empty();
  }

  private static OptionalLong newest(Path folder) {
    if (!Files.isDirectory(folder)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).filter(name -> name.matches("\\d+"))
          .mapToLong(Long::parseLong).max();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
