package dev.dqnotify.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one scenario measured: a table (one row per measured point), the headline figures, the
 * target and whether it was met, and the conditions (machine, load, sizes) needed to compare it.
 * Built while the scenario runs; written by {@link ResultWriter}.
 */
public final class ScenarioResult {

  private final String scenario;
  private final String title;
  private final boolean quick;
  private final Machine machine;
  private final String loadBefore;
  private String loadAfter;
  private final List<String> columns = new ArrayList<>();
  private final List<List<Object>> rows = new ArrayList<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final Map<String, Object> summary = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> plots = new ArrayList<>();
  private String target;
  private Boolean targetMet;

  /** Starts a result for {@code scenario}; reads the machine and the load average now. */
  public ScenarioResult(String scenario, String title, boolean quick) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.title = Objects.requireNonNull(title, "title");
    this.quick = quick;
    this.machine = Machine.current();
    this.loadBefore = Machine.loadAverage();
  }

  /** The table's column names. */
  public ScenarioResult columns(String... names) {
    columns.clear();
    columns.addAll(List.of(names));
    return this;
  }

  /** Adds a row; it must have one value per column. */
  public ScenarioResult row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("row has " + values.length + " values for " + columns.size() + " columns");
    }
    rows.add(java.util.Arrays.stream(values).map(ScenarioResult::plain).toList());
    return this;
  }

  /** A size or setting the run used. */
  public ScenarioResult parameter(String name, Object value) {
    parameters.put(name, plain(value));
    return this;
  }

  /** A headline figure. */
  public ScenarioResult summary(String name, Object value) {
    summary.put(name, plain(value));
    return this;
  }

  /** A sentence a reader needs to interpret the figures (a scaling, a known limit). */
  public ScenarioResult note(String note) {
    notes.add(note);
    return this;
  }

  /** The target, and whether this run met it (null: not judged, e.g. a quick run). */
  public ScenarioResult target(String target, Boolean met) {
    this.target = target;
    this.targetMet = met;
    return this;
  }

  /** A plot file written for this scenario. */
  public ScenarioResult plot(String file) {
    plots.add(file);
    return this;
  }

  /** Records the load average at the end of the run. */
  public ScenarioResult finish() {
    loadAfter = Machine.loadAverage();
    return this;
  }

  /** Numbers, booleans, strings and lists stay as they are (JSON has them); anything else becomes its text. */
  private static Object plain(Object value) {
    return value instanceof Number || value instanceof Boolean || value instanceof String || value instanceof List<?>
        ? value : String.valueOf(value);
  }

  /** The scenario's file name stem. */
  public String scenario() {
    return scenario;
  }

  /** The result as plain maps and lists, for JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("scenario", scenario);
    map.put("title", title);
    map.put("quick", quick);
    map.put("machine", machine);
    map.put("loadAverageBefore", loadBefore);
    map.put("loadAverageAfter", loadAfter);
    map.put("parameters", parameters);
    map.put("columns", columns);
    map.put("rows", rows);
    map.put("summary", summary);
    map.put("target", target);
    map.put("targetMet", targetMet);
    map.put("notes", notes);
    map.put("plots", plots);
    return map;
  }

  /** The result as a Markdown section: heading, conditions, table, headline figures, notes. */
  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("### ").append(title).append(quick ? " (quick smoke run: not a measurement)" : "").append("\n\n");
    md.append("Machine: ").append(machine.line()).append("; load average ").append(loadBefore).append(" before, ")
        .append(loadAfter).append(" after; ").append(machine.recordedAt()).append(".\n\n");
    if (!parameters.isEmpty()) {
      md.append("Parameters: ");
      parameters.forEach((k, v) -> md.append('`').append(k).append("`=").append(v).append("; "));
      md.setLength(md.length() - 2);
      md.append(".\n\n");
    }
    md.append('|');
    columns.forEach(c -> md.append(' ').append(c).append(" |"));
    md.append("\n|");
    columns.forEach(c -> md.append("---|"));
    md.append('\n');
    for (List<Object> row : rows) {
      md.append('|');
      row.forEach(v -> md.append(' ').append(v).append(" |"));
      md.append('\n');
    }
    md.append('\n');
    summary.forEach((k, v) -> md.append("- ").append(k).append(": **").append(v).append("**\n"));
    if (target != null) {
      md.append("- target: ").append(target).append(" — ")
          .append(targetMet == null ? "not judged" : targetMet ? "**met**" : "**missed**").append('\n');
    }
    notes.forEach(n -> md.append("- ").append(n).append('\n'));
    plots.forEach(p -> md.append("- plot: `").append(p).append("`\n"));
    return md.append('\n').toString();
  }
}
