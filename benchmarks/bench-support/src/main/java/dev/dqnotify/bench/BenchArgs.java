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

  /** Exit code of a mistake in the arguments. */
  public static final int USAGE_ERROR = 2;

  /**
   * For a harness's {@code main}: the parsed arguments; with {@code -h}/{@code --help} it prints the
   * usage and exits 0, and for a mistake it prints the mistake and the usage to stderr and exits 2.
   *
   * @param harness the harness's name in {@code benchmarks/bin/bench <harness>}
   */
  public static BenchArgs parseCommandLine(String harness, String[] args, List<String> known) {
    if (wantsHelp(args)) {
      System.out.print(usage(harness, known));
      System.exit(0);
    }
    try {
      return parse(args, known);
    } catch (IllegalArgumentException e) {
      System.err.println("bench " + harness + ": " + e.getMessage());
      System.err.print(usage(harness, known));
      System.exit(USAGE_ERROR);
      throw e; // not reached
    }
  }

  /** Whether {@code args} ask for the usage ({@code -h} or {@code --help} anywhere). */
  public static boolean wantsHelp(String[] args) {
    return List.of(args).contains("--help") || List.of(args).contains("-h");
  }

  /** The usage of the harness {@code harness} with its {@code known} scenarios. */
  public static String usage(String harness, List<String> known) {
    return "Usage: benchmarks/bin/bench " + harness + " [--scenario <name>|all]... [--quick] [--out <dir>] "
        + "[--plots <dir>]\n"
        + "  --scenario <name>  one of: all, " + String.join(", ", known) + " (repeatable; default: all)\n"
        + "  --quick            tiny sizes: proves the harness works, measures nothing worth quoting\n"
        + "  --out <dir>        results (<scenario>.json, results.md); default benchmarks/results\n"
        + "  --plots <dir>      PNG plots; default docs/benchmarks\n"
        + "  -h, --help         this help\n"
        + "See docs/benchmarks.md.\n";
  }

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
