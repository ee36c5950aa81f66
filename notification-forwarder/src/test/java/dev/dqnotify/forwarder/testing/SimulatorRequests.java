package dev.dqnotify.forwarder.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The request bodies the Datadog simulator received, read from its JSON-lines request log ({@code
 * DatadogSimulator.builder().requestLog(file)}): what the official client really put on the wire.
 */
public final class SimulatorRequests {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SimulatorRequests() {}

  /** The JSON bodies of the logged {@code method} requests whose path starts with {@code pathPrefix}. */
  public static List<JsonNode> bodies(Path log, String method, String pathPrefix) {
    return bodies(log, 0, method, pathPrefix);
  }

  /** How many requests the log holds so far; {@link #bodies(Path, int, String, String)} can skip them. */
  public static int count(Path log) {
    try {
      return Files.readAllLines(log).size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the simulator's request log " + log, e);
    }
  }

  /** {@link #bodies(Path, String, String)} of the requests after the first {@code skip}. */
  public static List<JsonNode> bodies(Path log, int skip, String method, String pathPrefix) {
    List<JsonNode> bodies = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(log);
      for (String line : lines.subList(Math.min(skip, lines.size()), lines.size())) {
        JsonNode request = JSON.readTree(line);
        if (request.path("method").asText().equals(method)
            && request.path("path").asText().startsWith(pathPrefix)) {
          bodies.add(JSON.readTree(request.path("body").asText()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the simulator's request log " + log, e);
    }
    return bodies;
  }
}
