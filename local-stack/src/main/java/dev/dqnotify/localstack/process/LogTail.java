package dev.dqnotify.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a child process's log, for error messages that say what went wrong. */
public final class LogTail {
  private LogTail() {}

  /** The last {@code lines} lines of {@code logFile}, or a note that it cannot be read. */
  public static String of(Path logFile, int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
    }
  }
}
