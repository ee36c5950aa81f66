package dev.dqnotify.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The arguments both harnesses take: {@code --scenario <name>|all} (repeatable, default all),
 * {@code --quick} (tiny sizes: proves the harness works, measures nothing worth quoting), {@code
 * --out <dir>} (results, default {@code benchmarks/results}) and {@code --plots <dir>} (PNG plots,
 * default {@code docs/benchmarks}).
 *
 * @param scenarios the scenarios to run, in the harness's order
 * @param quick whether to run the smoke-sized version
 * @param out where {@code <scenario>.json} and {@code results.md} go
 * @param plots where PNG plots go
 */
public record BenchArgs(List<String> scenarios, boolean quick, Path out, Path plots) {

  /**
   * Parses {@code args} against the harness's {@code known} scenarios (in run order).
   *
   * @throws IllegalArgumentException naming the argument and what would be valid
   */
  public static BenchArgs parse(String[] args, List<String> known) {
    Set<String> chosen = new LinkedHashSet<>();
    boolean quick = false;
    Path out = Path.of("benchmarks/results");
    Path plots = Path.of("docs/benchmarks");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--scenario" -> {
          String name = value(args, ++i, "--scenario");
          if (name.equals("all")) {
            chosen.addAll(known);
          } else if (known.contains(name)) {
            chosen.add(name);
          } else {
            throw new IllegalArgumentException("--scenario " + name + ": unknown; valid: all, " + String.join(", ", known));
          }
        }
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--plots" -> plots = Path.of(value(args, ++i, "--plots"));
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "'; usage: [--scenario <name>|all]... [--quick] [--out <dir>] [--plots <dir>]");
      }
    }
    // Keep the harness's order whatever order the arguments came in.
    List<String> ordered = chosen.isEmpty() ? known : known.stream().filter(chosen::contains).toList();
    return new BenchArgs(ordered, quick, out, plots);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }
}
