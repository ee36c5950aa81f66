package dev.dqnotify.ingest.detect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;

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

  private final BatchFiles files;

  /** State files under {@code checkpointPath}. */
  public SilenceCheckpoint(String checkpointPath, Configuration hadoop) {
    this.files = new BatchFiles(checkpointPath, FOLDER, "json", hadoop, "store-silence state");
  }

  /** The state after the newest batch before {@code batchId}, if there is one. */
  public Optional<Map<String, Object>> before(long batchId) {
    Long newest = files.batches().lower(batchId);
    if (newest == null) {
      return Optional.empty();
    }
    return Optional.of(files.read(newest, in -> JSON.readValue(in, new TypeReference<Map<String, Object>>() {})));
  }

  /**
   * Writes the state after {@code batchId}, and removes files older than the last few and those an
   * earlier attempt of a later batch left.
   */
  public void save(long batchId, Map<String, Object> state) {
    files.write(batchId, out -> JSON.writeValue(out, state));
    TreeSet<Long> batches = files.batches();
    for (long old : batches.headSet(batchId - KEEP, true)) {
      files.delete(old);
    }
    for (long stale : batches.tailSet(batchId, false)) {
      files.delete(stale);
    }
  }
}
