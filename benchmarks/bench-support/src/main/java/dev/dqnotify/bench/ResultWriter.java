package dev.dqnotify.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes each {@link ScenarioResult} as {@code <out>/<scenario>.json} (replaced on every run) and
 * appends it to {@code <out>/results.md}, so a results directory keeps the history of its runs.
 */
public final class ResultWriter {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private final Path out;

  /** A writer into {@code out}, created if missing. */
  public ResultWriter(Path out) {
    this.out = out;
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + out, e);
    }
  }

  /** Writes {@code result}; returns the JSON file. */
  public Path write(ScenarioResult result) {
    result.finish();
    Path json = out.resolve(result.scenario() + ".json");
    try {
      String text = JSON.writeValueAsString(result.toMap());
      Files.writeString(json, text + "\n");
      Files.writeString(out.resolve("results.md"), result.toMarkdown(), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + json, e);
    }
    return json;
  }

  /** Reads a written result back as a tree (the smoke tests check it is well formed). */
  public static com.fasterxml.jackson.databind.JsonNode read(Path json) {
    try {
      return JSON.readTree(json.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + json, e);
    }
  }
}
