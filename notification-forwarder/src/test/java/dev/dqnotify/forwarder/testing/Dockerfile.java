package dev.dqnotify.forwarder.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The instructions of a Dockerfile, for tests that run what an image runs without an engine.
 *
 * @param instructions each instruction on one line, comments dropped
 */
public record Dockerfile(List<String> instructions) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code file}: comments dropped, continued lines joined. */
  public static Dockerfile read(Path file) throws IOException {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      instructions.add(current.append(line).toString().strip());
      current.setLength(0);
    }
    return new Dockerfile(instructions);
  }

  /** The JSON array of the last {@code keyword} instruction (the one in force). */
  public List<String> exec(String keyword) throws IOException {
    String last = instructions.stream().filter(i -> i.startsWith(keyword + " ")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no " + keyword + " in the Dockerfile"));
    return JSON.readValue(last.substring(keyword.length()).strip(), new TypeReference<List<String>>() {});
  }

  /** The command of {@code HEALTHCHECK [options] CMD [...]}. */
  public List<String> healthcheck() throws IOException {
    String line = instructions.stream().filter(i -> i.startsWith("HEALTHCHECK ")).findFirst()
        .orElseThrow(() -> new AssertionError("no HEALTHCHECK in the Dockerfile"));
    return JSON.readValue(line.substring(line.indexOf(" CMD ") + 5).strip(), new TypeReference<List<String>>() {});
  }
}
