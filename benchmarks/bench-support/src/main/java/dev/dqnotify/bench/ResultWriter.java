package dev.dqnotify.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
      Files.writeString(out.resolve("results.md"), replaceSection(out.resolve("results.md"), result.scenario(),
          result.toMarkdown()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + json, e);
    }
    return json;
  }

  /**
   * The text of {@code md} with the section of {@code scenario} replaced by {@code section} (appended when
   * absent), so re-running a scenario keeps one section per scenario, the latest. Sections are delimited
   * by {@code <!-- scenario:NAME -->} markers.
   */
  static String replaceSection(Path md, String scenario, String section) throws IOException {
    String begin = "<!-- scenario:" + scenario + " -->\n";
    String end = "<!-- /scenario:" + scenario + " -->\n";
    String block = begin + section + (section.endsWith("\n") ? "" : "\n") + end;
    String text = Files.exists(md) ? Files.readString(md) : "";
    int from = text.indexOf(begin);
    int to = from < 0 ? -1 : text.indexOf(end, from);
    if (from >= 0 && to >= 0) {
      return text.substring(0, from) + block + text.substring(to + end.length());
    }
    return text + block;
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
