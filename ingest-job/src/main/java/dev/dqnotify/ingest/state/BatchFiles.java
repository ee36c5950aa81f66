package dev.dqnotify.ingest.state;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One file per micro-batch in a folder of the streaming checkpoint, {@code <folder>/<batchId>.<ext>},
 * on whatever file system the checkpoint lives on. A file is written under a temporary name and
 * renamed, so a reader finds either the whole file or none; names that are not a batch id are
 * ignored. The detectors keep the state they carry from batch to batch here, next to Spark's own.
 */
final class BatchFiles {
  /** Reads one file. */
  interface Reader<T> {
    T read(InputStream in) throws IOException;
  }

  /** Writes one file. */
  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private final Path folder;
  private final String suffix;
  private final Configuration hadoop;
  private final String what;

  /**
   * Files {@code <checkpointPath>/<folder>/<batchId>.<extension>}; {@code what} names their content
   * in error messages.
   */
  BatchFiles(String checkpointPath, String folder, String extension, Configuration hadoop, String what) {
    this.folder = new Path(checkpointPath, folder);
    this.suffix = "." + extension;
    this.hadoop = hadoop;
    this.what = what;
  }

  /** The batch ids that have a file, in ascending order. */
  TreeSet<Long> batches() {
    TreeSet<Long> batches = new TreeSet<>();
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      if (!fs.exists(folder)) {
        return batches;
      }
      for (FileStatus file : fs.listStatus(folder)) {
        long id = batchOf(file.getPath());
        if (id >= 0) {
          batches.add(id);
        }
      }
      return batches;
    } catch (IOException e) {
      throw failure("list", e);
    }
  }

  <T> T read(long batchId, Reader<T> reader) {
    Path file = file(batchId);
    try (InputStream in = new BufferedInputStream(file.getFileSystem(hadoop).open(file), 1 << 16)) {
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the " + what + " in " + file + " (" + e.getMessage()
          + "); to go on without it, move the file away and restart (docs/runbook.md, 'Ingest job: detector state')", e);
    }
  }

  /** Writes the file of {@code batchId}, replacing one an earlier attempt of the batch left. */
  void write(long batchId, Writer writer) {
    Path target = file(batchId);
    Path temporary = new Path(folder, "." + batchId + suffix + ".tmp");
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      try (OutputStream out = new BufferedOutputStream(fs.create(temporary, true), 1 << 16)) {
        writer.write(out);
      }
      fs.delete(target, false);
      if (!fs.rename(temporary, target)) {
        throw new IOException("could not rename " + temporary + " to " + target);
      }
    } catch (IOException e) {
      throw failure("write", e);
    }
  }

  void delete(long batchId) {
    try {
      folder.getFileSystem(hadoop).delete(file(batchId), false);
    } catch (IOException e) {
      throw failure("delete", e);
    }
  }

  private Path file(long batchId) {
    return new Path(folder, batchId + suffix);
  }

  private UncheckedIOException failure(String action, IOException e) {
    return new UncheckedIOException("Could not " + action + " the " + what + " under " + folder + ": " + e.getMessage(), e);
  }

  private long batchOf(Path file) {
    String name = file.getName();
    if (!name.endsWith(suffix) || name.startsWith(".")) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, name.length() - suffix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
