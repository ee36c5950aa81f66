package dev.dqnotify.ingest.detect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps the {@link StoreSilenceDetector}'s state next to the streaming checkpoint, one small JSON
 * file per micro-batch ({@code <checkpoint>/dqnotify-silence/<batchId>.json}, the state
 * <em>after</em> that batch).
 *
 * <p>A batch starts from the newest file of an <em>earlier</em> batch, never its own: when Spark
 * re-runs a batch after a failure (same id, same data), the detector sees exactly what it saw the
 * first time and finds the same silences with the same ids. Old files are removed, a few are kept.
 */
public final class SilenceCheckpoint {
  static final String FOLDER = "dqnotify-silence";
  private static final int KEEP = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path folder;
  private final Configuration hadoop;

  /** State files under {@code checkpointPath}. */
  public SilenceCheckpoint(String checkpointPath, Configuration hadoop) {
    this.folder = new Path(checkpointPath, FOLDER);
    this.hadoop = hadoop;
  }

  /** The state after the newest batch before {@code batchId}, if there is one. */
  public Optional<Map<String, Object>> before(long batchId) {
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      if (!fs.exists(folder)) {
        return Optional.empty();
      }
      Optional<Path> newest = Arrays.stream(fs.listStatus(folder))
          .map(FileStatus::getPath)
          .filter(p -> batchOf(p) >= 0 && batchOf(p) < batchId)
          .max((a, b) -> Long.compare(batchOf(a), batchOf(b)));
      if (newest.isEmpty()) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(newest.get())) {
        return Optional.of(JSON.readValue(in, new TypeReference<Map<String, Object>>() {}));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the store-silence state under " + folder, e);
    }
  }

  /** Writes the state after {@code batchId} and removes files older than the last few. */
  public void save(long batchId, Map<String, Object> state) {
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      fs.mkdirs(folder);
      Path target = new Path(folder, batchId + ".json");
      Path temporary = new Path(folder, "." + batchId + ".json.tmp");
      try (OutputStream out = fs.create(temporary, true)) {
        JSON.writeValue(out, state);
      }
      fs.delete(target, false);
      if (!fs.rename(temporary, target)) {
        throw new IOException("Could not rename " + temporary + " to " + target);
      }
      for (FileStatus file : fs.listStatus(folder)) {
        long id = batchOf(file.getPath());
        if (id >= 0 && id <= batchId - KEEP) {
          fs.delete(file.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the store-silence state under " + folder, e);
    }
  }

  private static long batchOf(Path file) {
    String name = file.getName();
    if (!name.endsWith(".json") || name.startsWith(".")) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, name.length() - ".json".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
