package dev.dqnotify.forwarder.monitors;

import java.nio.file.Path;
import java.util.List;

/** The routes file cannot be used; carries every problem found, one line each. */
final class RoutesFileException extends RuntimeException {

  private final List<String> problems;

  RoutesFileException(Path file, List<String> problems) {
    super(file + ": " + String.join("\n" + file + ": ", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  /** Each problem, naming the route and key, without the file name. */
  List<String> problems() {
    return problems;
  }
}
